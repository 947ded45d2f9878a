import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';
import type { ReferenceFile } from './reference.js';
import type { FrequencySource, PrsOptions } from './stage.js';
import type { ScoringSet } from './types.js';

export const DEFAULT_PRS_DIR = join(PACKAGE_ROOT, 'data', 'prs');

/** The embedded scoring files and the reference distribution shipped beside them. */
export function defaultScoringFiles(): { scores: string[]; reference?: string } {
  if (!existsSync(DEFAULT_PRS_DIR)) return { scores: [] };
  const files = readdirSync(DEFAULT_PRS_DIR).sort();
  const scores = files.filter((f) => /\.txt(\.gz)?$/.test(f)).map((f) => join(DEFAULT_PRS_DIR, f));
  const ref = files.find((f) => f.endsWith('.reference.json'));
  return { scores, reference: ref ? join(DEFAULT_PRS_DIR, ref) : undefined };
}

/**
 * The settings `report` and `risk VCF` score with: pgsc_calc's matching, plink2's mean
 * imputation at the reference panel's allele frequencies when the reference carries them
 * (a handful of samples gives poor cohort frequencies), no overlap threshold (the match
 * rate is reported instead).
 */
export function embeddedScoringOptions(scoring: ScoringSet, reference: ReferenceFile | undefined, explain: number, samples?: PrsOptions['samples']): PrsOptions {
  const frequencies: FrequencySource = reference?.alleleFrequencies
    ? { kind: 'table', name: 'reference', altFrequency: new Map(Object.entries(reference.alleleFrequencies)) }
    : { kind: 'cohort' };
  return {
    scoring,
    match: { keepAmbiguous: false, keepFirstMatch: false },
    missing: 'mean',
    dosage: 'GT',
    xchrModel: 'genotype',
    minOverlap: 0,
    frequencies,
    explain,
    reference,
    ...(samples ? { samples } : {}),
  };
}
