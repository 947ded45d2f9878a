import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ioError, PrecisError } from './errors.js';

/**
 * A small text file read whole, gunzipped when it starts with the gzip magic (a regions
 * list, a synonym table). `what` names the file in the error of a broken gzip.
 */
export function readSmallTextFile(path: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw ioError(e, path);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new PrecisError('BAD_COMPRESSION', `cannot decompress ${what} file`, { file: path, cause: e });
    }
  }
  return bytes.toString('utf8');
}
