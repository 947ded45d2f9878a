import { closeSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { PrecisError, ioError } from '../util/errors.js';
import { bgzfBlockSize } from './bgzf.js';

/** One sequence of a FASTA as its `.fai` line describes it. */
export interface FaiEntry {
  name: string;
  length: number;
  offset: number;
  lineBases: number;
  lineBytes: number;
}

/**
 * BGZF blocks of a compressed FASTA (what a `.gzi` holds, plus every block): block k
 * starts at byte `compressed[k]` of the file and holds uncompressed bytes
 * [`uncompressed[k]`, `uncompressed[k + 1]`). Empty blocks (the EOF marker) are left out.
 */
export interface BgzfBlocks {
  compressed: number[];
  uncompressed: number[];
  /** file size and total uncompressed size: the ends of the last block */
  compressedEnd: number;
  uncompressedEnd: number;
}

const CHUNK = 4 << 20;

/**
 * Builds the `.fai` of a FASTA fed to it in pieces, with samtools faidx's rule: every
 * line of a sequence but its last has the same length (a position is found by
 * arithmetic on that width). A file that breaks it is refused, naming the line, rather
 * than read at the wrong offsets. Lines are never held whole: an unwrapped chromosome
 * is one line of hundreds of megabytes.
 */
class FaiBuilder {
  readonly entries: FaiEntry[] = [];
  private cur: FaiEntry | null = null;
  /** the current sequence has had its short (last) or blank line */
  private ended = false;
  private lineNo = 0;
  /** bytes of the current line so far, its first and last byte, the header text so far */
  private lineLen = 0;
  private first = -1;
  private last = -1;
  private header = '';
  /** absolute offset of the next byte fed */
  private at = 0;

  constructor(private readonly file: string) {}

  feed(buf: Buffer, n: number): void {
    let i = 0;
    while (i < n) {
      const nl = buf.indexOf(10, i);
      const end = nl < 0 || nl >= n ? n : nl;
      if (end > i) {
        if (this.lineLen === 0) this.first = buf[i]!;
        // a header's name is its first word: a few hundred bytes of it are plenty
        if (this.first === 62 && this.header.length < 1024) this.header += buf.toString('latin1', i, Math.min(end, i + 1024));
        this.last = buf[end - 1]!;
        this.lineLen += end - i;
      }
      if (end === n) break;
      this.endLine(this.at + nl + 1, true);
      i = nl + 1;
    }
    this.at += n;
  }

  finish(): FaiEntry[] {
    if (this.lineLen > 0) this.endLine(this.at, false);
    return this.entries;
  }

  private endLine(next: number, newline: boolean): void {
    this.lineNo++;
    const len = this.lineLen;
    const header = len > 0 && this.first === 62;
    const cr = len > 0 && this.last === 13;
    const text = this.header;
    this.lineLen = 0;
    this.first = this.last = -1;
    this.header = '';
    if (header) {
      const name = text.slice(1).trim().split(/\s+/)[0] ?? '';
      if (name === '') throw new PrecisError('BAD_FASTA', 'a ">" line without a sequence name', { file: this.file, line: this.lineNo });
      this.cur = { name, length: 0, offset: next, lineBases: 0, lineBytes: 0 };
      this.entries.push(this.cur);
      this.ended = false;
      return;
    }
    const bases = cr ? len - 1 : len;
    const cur = this.cur;
    if (cur === null) {
      if (len > 0) throw new PrecisError('BAD_FASTA', 'FASTA must start with a ">name" line', { file: this.file, line: this.lineNo });
      return;
    }
    if (bases === 0) {
      this.ended = true;
      return;
    }
    const bytes = len + (newline ? 1 : 0);
    if (cur.lineBases === 0) {
      cur.lineBases = bases;
      cur.lineBytes = bytes;
    } else if (this.ended || bases > cur.lineBases || (bases === cur.lineBases && newline && bytes !== cur.lineBytes)) {
      throw new PrecisError('BAD_FASTA', `sequence ${cur.name} has lines of different lengths (${cur.lineBases} bases a line, then ${bases}${this.ended ? ' after a shorter or blank line' : ''}): a FASTA is read by position only when every line of a sequence but the last has one width`, {
        file: this.file,
        line: this.lineNo,
        hint: 'rewrap it to one width (e.g. `seqkit seq -w 60 in.fa > out.fa`), then `samtools faidx out.fa`',
      });
    } else if (bases < cur.lineBases) {
      this.ended = true;
    }
    cur.length += bases;
  }
}

/** The `.fai` entries of a plain FASTA, read through once in 4 MiB pieces. */
export function indexPlainFasta(path: string): FaiEntry[] {
  const builder = new FaiBuilder(path);
  const buf = Buffer.allocUnsafe(CHUNK);
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      builder.feed(buf, n);
    }
  } catch (e) {
    if (e instanceof PrecisError) throw e;
    throw ioError(e, path);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return builder.finish();
}

/**
 * The BGZF block table of a compressed FASTA and, unless `withFai` is false, its `.fai`
 * entries from the inflated bytes: what `samtools faidx` writes as `.gzi` and `.fai`.
 * A gzip file that is not BGZF (no block sizes) cannot be read by position: refused.
 */
export function indexBgzfFasta(path: string, withFai = true): { blocks: BgzfBlocks; entries: FaiEntry[] } {
  const builder = withFai ? new FaiBuilder(path) : undefined;
  const blocks: BgzfBlocks = { compressed: [], uncompressed: [], compressedEnd: 0, uncompressedEnd: 0 };
  let fd = -1;
  const buf = Buffer.allocUnsafe(CHUNK);
  let have = 0; // bytes of buf holding file data from `base`
  let base = 0; // file offset of buf[0]
  let eof = false;
  let uAt = 0;
  // moves the unread bytes from `from` to the front and reads on after them
  const refill = (from: number): void => {
    buf.copy(buf, 0, from, have);
    base += from;
    have -= from;
    const n = readSync(fd, buf, have, buf.length - have, null);
    if (n === 0) eof = true;
    have += n;
  };
  try {
    fd = openSync(path, 'r');
    let p = 0; // offset in buf of the next block
    for (;;) {
      if (have - p < 18 && !eof) {
        refill(p);
        p = 0;
        continue;
      }
      if (have - p === 0) break;
      if (have - p < 18) throw new PrecisError('BAD_FASTA', `the file ends ${have - p} bytes into a BGZF block header: it is truncated`, { file: path });
      const size = bgzfBlockSize(buf, p, have);
      if (size <= 0) throw new PrecisError('BAD_FASTA', 'gzip-compressed FASTA that is not BGZF: a position cannot be found in it without reading it all', { file: path, hint: `recompress it with bgzip: \`gunzip -c ${path} | bgzip > ${path.replace(/\.gz$/, '')}.bgz\`` });
      if (have - p < size) {
        if (eof) throw new PrecisError('BAD_FASTA', `the BGZF block at byte ${base + p} is cut short: the file is truncated`, { file: path });
        // a block is at most 64 KiB: it always fits once moved to the front
        refill(p);
        p = 0;
        continue;
      }
      const isize = buf.readUInt32LE(p + size - 4);
      if (isize > 0) {
        blocks.compressed.push(base + p);
        blocks.uncompressed.push(uAt);
        if (builder) {
          const xlen = buf.readUInt16LE(p + 10);
          const data = inflateBlock(buf.subarray(p + 12 + xlen, p + size - 8), path, base + p);
          builder.feed(data, data.length);
        }
        uAt += isize;
      }
      p += size;
    }
    blocks.compressedEnd = base + have;
    blocks.uncompressedEnd = uAt;
  } catch (e) {
    if (e instanceof PrecisError) throw e;
    throw ioError(e, path);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return { blocks, entries: builder ? builder.finish() : [] };
}

function inflateBlock(data: Buffer, path: string, at: number): Buffer {
  try {
    return inflateRawSync(data);
  } catch {
    throw new PrecisError('BAD_FASTA', `the BGZF block at byte ${at} does not inflate: the file is damaged`, { file: path });
  }
}

/**
 * Reads uncompressed bytes [position, position + length) of a BGZF file through its block
 * table: the covering blocks are read in one piece and inflated one by one.
 */
export function bgzfReader(path: string, blocks: BgzfBlocks): (length: number, position: number) => Promise<Uint8Array> {
  let fd = -1;
  const { compressed, uncompressed } = blocks;
  const blockAt = (u: number): number => {
    let lo = 0;
    let hi = uncompressed.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (uncompressed[mid]! <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return async (length, position) => {
    const end = Math.min(position + length, blocks.uncompressedEnd);
    if (end <= position || compressed.length === 0) return new Uint8Array(0);
    try {
      if (fd < 0) fd = openSync(path, 'r');
      const k0 = blockAt(position);
      const k1 = blockAt(end - 1);
      const from = compressed[k0]!;
      const to = k1 + 1 < compressed.length ? compressed[k1 + 1]! : blocks.compressedEnd;
      const raw = Buffer.allocUnsafe(to - from);
      readSync(fd, raw, 0, raw.length, from);
      const parts: Buffer[] = [];
      for (let k = k0; k <= k1; k++) {
        const p = compressed[k]! - from;
        const size = bgzfBlockSize(raw, p, raw.length);
        if (size <= 0) throw new PrecisError('BAD_FASTA', `no BGZF block at byte ${compressed[k]}: the file changed since it was indexed`, { file: path });
        const xlen = raw.readUInt16LE(p + 10);
        parts.push(inflateBlock(raw.subarray(p + 12 + xlen, p + size - 8), path, compressed[k]!));
      }
      const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      const s = position - uncompressed[k0]!;
      return all.subarray(s, s + (end - position));
    } catch (e) {
      if (e instanceof PrecisError) throw e;
      throw ioError(e, path);
    }
  };
}
