import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `lines` written, newline-terminated, as `name` in a new temporary folder; returns the file's path. */
export function tempFile(name: string, lines: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'precis-test-')), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
