import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';

export const DEFAULT_PRS_DIR = join(PACKAGE_ROOT, 'data', 'prs');

/** The embedded scoring files and the reference distribution shipped beside them. */
export function defaultScoringFiles(): { scores: string[]; reference?: string } {
  if (!existsSync(DEFAULT_PRS_DIR)) return { scores: [] };
  const files = readdirSync(DEFAULT_PRS_DIR).sort();
  const scores = files.filter((f) => /\.txt(\.gz)?$/.test(f)).map((f) => join(DEFAULT_PRS_DIR, f));
  const ref = files.find((f) => f.endsWith('.reference.json'));
  return { scores, reference: ref ? join(DEFAULT_PRS_DIR, ref) : undefined };
}
