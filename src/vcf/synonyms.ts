import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ioError, PrecisError } from '../util/errors.js';

/**
 * Reads a contig synonym table, VEP's `--synonyms` format: one contig per line, its
 * names separated by tabs (or spaces), `#` lines and blank lines skipped; plain or gzip.
 * Lines of one name say nothing and are skipped.
 */
export function readContigSynonyms(path: string): string[][] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw ioError(e, path);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new PrecisError('BAD_DATA', 'not a readable gzip file', { file: path });
    }
  }
  const out: string[][] = [];
  const lines = bytes.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.includes('\0')) throw new PrecisError('BAD_DATA', 'binary data where contig names were expected', { file: path, line: i + 1 });
    const names = line.split(/[\t ]+/);
    if (names.length > 1) out.push(names);
  }
  return out;
}
