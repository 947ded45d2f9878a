import { PrecisError } from '../util/errors.js';
import { readSmallTextFile } from '../util/text-file.js';

/**
 * Reads a contig synonym table, VEP's `--synonyms` format: one contig per line, its
 * names separated by tabs (or spaces), `#` lines and blank lines skipped; plain or gzip.
 * Lines of one name say nothing and are skipped.
 */
export function readContigSynonyms(path: string): string[][] {
  const out: string[][] = [];
  const lines = readSmallTextFile(path, '--synonyms').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.includes('\0')) throw new PrecisError('BAD_DATA', 'binary data where contig names were expected', { file: path, line: i + 1 });
    const names = line.split(/[\t ]+/);
    if (names.length > 1) out.push(names);
  }
  return out;
}
