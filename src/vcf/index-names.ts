import { closeSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { ioError } from '../util/errors.js';

/**
 * The contig names of a tabix (.tbi) or tabix-style CSI (.csi) index, read from its
 * header alone (hts-specs tabix.tex and CSIv1.tex): the names follow a fixed header at
 * the start of the first BGZF block(s), so only those are inflated. Knowing the names is
 * all a streamed source needs until it has to seek; opening the full index reader up
 * front cost ~50 ms of start-up (its module and decompressor), every run.
 *
 * Returns undefined when the file is not such an index (a CSI without tabix fields, a
 * truncated or foreign file): the caller then leaves it to the full index reader.
 */
export function readIndexNames(path: string): string[] | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw ioError(e, path);
  }
  try {
    // the names usually fit in the first block; read more while they are cut short
    for (let size = 1 << 16; ; size *= 4) {
      const raw = Buffer.allocUnsafe(size);
      const got = readSync(fd, raw, 0, size, 0);
      const names = namesIn(inflatePrefix(raw.subarray(0, got)));
      if (names !== 'short') return names;
      if (got < size || size >= 1 << 26) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

/** As much of the BGZF data as inflates from these bytes (the last member may be cut). */
function inflatePrefix(raw: Buffer): Buffer {
  try {
    return gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

function namesIn(b: Buffer): string[] | undefined | 'short' {
  if (b.length < 8) return 'short';
  const magic = b.toString('latin1', 0, 4);
  // where the tabix fields (format col_seq col_beg col_end meta skip l_nm names) start:
  // after magic and n_ref in a TBI; in a CSI, after magic min_shift depth l_aux, as its aux data
  let formatAt: number;
  if (magic === 'TBI\x01') formatAt = 8;
  else if (magic === 'CSI\x01') {
    if (b.length < 16) return 'short';
    if (b.readInt32LE(12) < 28) return undefined;
    formatAt = 16;
  } else return undefined;
  const fields = formatAt + 24;
  if (b.length < fields + 4) return 'short';
  const lNm = b.readInt32LE(fields);
  if (lNm < 0) return undefined;
  const start = fields + 4;
  if (b.length < start + lNm) return 'short';
  const names: string[] = [];
  let from = start;
  for (let i = start; i < start + lNm; i++) {
    if (b[i] !== 0) continue;
    names.push(b.toString('utf8', from, i));
    from = i + 1;
  }
  return names;
}
