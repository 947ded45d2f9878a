import { statSync } from 'node:fs';
import { PrecisError } from './errors.js';

/** Whether `path` is a regular file (not a pipe, device or folder, and not absent). */
export function isRegularFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * Refuses a pipe, device or folder where a file is read by position or more than once
 * (a FASTA, an annotation source): `<(zcat x.gz)` would otherwise fail deep inside with
 * "invalid seek". A path that does not exist is left to the reader's own error.
 */
export function requireRegularFile(path: string, what: string): void {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined || st.isFile()) return;
  if (st.isDirectory()) throw new PrecisError('IO', `is a directory, expected ${what}`, { file: path });
  throw new PrecisError('USAGE', `${what} is read by position, so it must be a file, not a pipe or device`, { file: path, hint: 'save it to a file first' });
}
