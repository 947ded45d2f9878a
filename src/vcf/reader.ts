import { PrecisError } from '../util/errors.js';
import { parseHeader, type VcfHeader } from './header.js';
import { displayName, openInput, type ByteInput, type Compression } from './input.js';
import { VcfRecord } from './record.js';
import { RegionSet, type Region } from './regions.js';
import { queryIndexed } from './indexed.js';

export interface VcfReaderOptions {
  /** index jump (-r/-R): needs a BGZF file with a .tbi/.csi index */
  regions?: Region[];
  /** streaming filter (-t/-T); works on stdin */
  targets?: RegionSet;
  /** -r semantics: a record is kept when its reference span overlaps a region (bcftools' default) */
  regionsOverlap?: 'pos' | 'record';
  /** -t semantics: a record is kept when its POS falls in a target (bcftools' default) */
  targetsOverlap?: 'pos' | 'record';
}

// A line longer than this is not VCF (binary junk without newlines); refuse instead of
// buffering the whole input.
const MAX_LINE = 512 * 1024 * 1024;

// Records handed over at a time. A whole 1 MiB chunk of sites-only lines is ~35,000
// records alive at once, which the young-generation collector then copies and promotes:
// on 1M such lines (`precis stats`, --trace-gc) scavenges took 110-140 ms in all before,
// 40-75 ms with batches of this size.
const MAX_BATCH = 4096;

/**
 * A VCF opened for streaming: the header is parsed on open, records are read on
 * iteration with bounded memory (one input chunk plus one partial line).
 */
export class VcfReader {
  readonly path: string;
  readonly name: string;
  readonly header: VcfHeader;
  readonly compression: Compression;
  private readonly options: VcfReaderOptions;
  private readonly input: ByteInput | null;
  private readonly pending: AsyncIterator<Buffer> | null;
  private leftover: Buffer | null;
  private lineNo: number;
  records = 0;

  private constructor(
    path: string,
    header: VcfHeader,
    compression: Compression,
    options: VcfReaderOptions,
    input: ByteInput | null,
    pending: AsyncIterator<Buffer> | null,
    leftover: Buffer | null,
    lineNo: number,
  ) {
    this.path = path;
    this.name = displayName(path);
    this.header = header;
    this.compression = compression;
    this.options = options;
    this.input = input;
    this.pending = pending;
    this.leftover = leftover;
    this.lineNo = lineNo;
  }

  /** whether -r/-R/-t/-T select records (else every record is read: `lineBlocks` applies) */
  get selective(): boolean {
    return (this.options.regions !== undefined && this.options.regions.length > 0) || this.options.targets !== undefined;
  }

  /** compressed bytes read so far */
  bytesRead(): number {
    return this.input?.bytesRead() ?? 0;
  }

  static async open(path: string, options: VcfReaderOptions = {}): Promise<VcfReader> {
    const name = displayName(path);
    if (options.regions && options.regions.length > 0) {
      if (path === '-') {
        throw new PrecisError('USAGE', '-r/-R need an indexed file and cannot read stdin', { hint: 'use -t/-T, the streaming equivalent, on a pipe' });
      }
      const { header, compression } = await readHeaderOnly(path);
      if (compression !== 'bgzf') {
        throw new PrecisError('NO_INDEX', `-r/-R need a BGZF-compressed, indexed VCF; this file is ${compression === 'none' ? 'not compressed' : 'plain gzip, not BGZF'}`, {
          file: name,
          hint: 'compress with `bgzip` and index with `tabix -p vcf`, or use -t/-T to filter while streaming',
        });
      }
      return new VcfReader(path, header, compression, options, null, null, null, 0);
    }
    const input = await openInput(path);
    const it = input.chunks[Symbol.asyncIterator]();
    const { header, leftover, lineNo } = await consumeHeader(it, name, input);
    return new VcfReader(path, header, input.compression, options, input, it, leftover, lineNo);
  }

  /** Streams records, applying -r/-R and -t/-T. */
  async *[Symbol.asyncIterator](): AsyncGenerator<VcfRecord> {
    for await (const batch of this.batches()) {
      for (let i = 0; i < batch.length; i++) yield batch[i]!;
    }
  }

  /**
   * Streams records in batches (all the whole lines of one decompressed chunk), applying
   * -r/-R and -t/-T. One await per batch instead of one per record: on a 100-sample
   * file the per-record async step cost ~10% of a full scan (bench/vcf-scan). A batch's
   * records stay valid until the next batch is requested.
   */
  async *batches(): AsyncGenerator<VcfRecord[]> {
    const targets = this.options.targets;
    const targetsByRecord = this.options.targetsOverlap === 'record';
    const source = this.options.regions && this.options.regions.length > 0 ? this.indexedBatches() : this.streamBatches();
    for await (const batch of source) {
      let out = batch;
      if (targets) {
        out = [];
        for (const rec of batch) {
          const end = targetsByRecord ? rec.end : rec.pos;
          if (targets.accepts(rec.chrom, rec.pos, end)) out.push(rec);
        }
      }
      if (out.length === 0) continue;
      this.records += out.length;
      yield out;
    }
  }

  private async *indexedBatches(): AsyncGenerator<VcfRecord[]> {
    const byPos = this.options.regionsOverlap === 'pos';
    let batch: VcfRecord[] = [];
    for await (const line of queryIndexed(this.path, this.header, this.options.regions!)) {
      const rec = new VcfRecord(line.bytes, undefined, this.name);
      if (byPos && !(rec.pos >= line.region.start && rec.pos <= line.region.end)) continue;
      batch.push(rec);
      if (batch.length >= 1024) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private async *streamBatches(): AsyncGenerator<VcfRecord[]> {
    for await (const b of this.blocks()) yield* recordBatches(b.bytes, b.firstLine, this.name);
  }

  /**
   * The records' lines as read, in blocks of whole lines (each ends with a newline, but
   * the input's last line may not): the raw stream that parallel annotation cuts into
   * jobs. Not for -r/-R/-t/-T (they select records, which needs them parsed).
   */
  lineBlocks(): AsyncGenerator<LineBlock> {
    if (this.selective) throw new Error('lineBlocks reads the whole stream');
    return this.blocks();
  }

  /**
   * `lineBlocks` for every reader: each input chunk's whole lines read in place, and a line
   * split across chunks joined with just the head of the next chunk (copying whole chunks
   * to join them cost ~5% of a scan).
   */
  private async *blocks(): AsyncGenerator<LineBlock> {
    const it = this.pending!;
    let chunk = this.leftover;
    this.leftover = null;
    let lineNo = this.lineNo;
    try {
      for (;;) {
        if (chunk === null || chunk.length === 0) {
          const r = await it.next();
          if (r.done) break;
          chunk = r.value;
        }
        const last = chunk.lastIndexOf(10);
        if (last >= 0) {
          const bytes = chunk.subarray(0, last + 1);
          const firstLine = lineNo + 1;
          lineNo += countLines(bytes);
          yield { bytes, firstLine };
        }
        if (last + 1 === chunk.length) {
          chunk = null;
          continue;
        }
        // a partial line: completed by the next chunk's head, or by more chunks when that has no newline
        const rest = chunk.subarray(last + 1);
        const r = await it.next();
        if (r.done) {
          yield { bytes: rest, firstLine: lineNo + 1 };
          break;
        }
        const nl = r.value.indexOf(10);
        if (nl < 0) {
          if (rest.length + r.value.length > MAX_LINE) {
            throw new PrecisError('BAD_RECORD', `line longer than ${MAX_LINE / 1024 / 1024} MiB; the file is not VCF text or is corrupt`, { file: this.name, line: lineNo + 1 });
          }
          // no line ends in it: it all joins the partial line, looked at again next turn
          chunk = Buffer.concat([rest, r.value]);
          continue;
        }
        lineNo++;
        yield { bytes: Buffer.concat([rest, r.value.subarray(0, nl + 1)]), firstLine: lineNo };
        chunk = r.value.subarray(nl + 1);
      }
    } finally {
      this.input?.close();
    }
  }

  close(): void {
    this.input?.close();
  }
}

/** Whole lines of a VCF's records and the file line number of the first. */
export interface LineBlock {
  bytes: Buffer;
  firstLine: number;
}

function countLines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The records of a block of whole lines (a `LineBlock`), in batches, read as the
 * streaming reader reads them: blank lines skipped but counted, CR before LF dropped,
 * a last line without its newline kept.
 */
export function* recordBatches(bytes: Buffer, firstLine: number, name: string): Generator<VcfRecord[]> {
  let nul = bytes.indexOf(0);
  if (nul < 0) nul = bytes.length;
  let lineNo = firstLine - 1;
  let start = 0;
  let batch: VcfRecord[] = [];
  while (start < bytes.length) {
    let nl = bytes.indexOf(10, start);
    if (nl < 0) nl = bytes.length;
    lineNo++;
    let end = nl;
    if (end > start && bytes[end - 1] === 13) end--;
    if (end > start) batch.push(makeRecord(name, bytes.subarray(start, end), lineNo, nul >= end));
    start = nl + 1;
    if (batch.length === MAX_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** `noNul`: the caller knows the line holds no NUL byte */
function makeRecord(name: string, line: Buffer, lineNo: number, noNul = false): VcfRecord {
  if (line[0] === 35 /* # */) {
    throw new PrecisError('BAD_RECORD', 'header line after the #CHROM line', { file: name, line: lineNo, hint: 'header lines must all come before #CHROM' });
  }
  if (!noNul && line.indexOf(0) >= 0) {
    throw new PrecisError('BAD_RECORD', 'binary data (NUL bytes) in a VCF record; the file is corrupt or not VCF text', { file: name, line: lineNo });
  }
  return new VcfRecord(line, lineNo, name);
}

export function openVcf(path: string, options: VcfReaderOptions = {}): Promise<VcfReader> {
  return VcfReader.open(path, options);
}

/** Reads just the header of a file (used before index queries). */
export async function readHeaderOnly(path: string): Promise<{ header: VcfHeader; compression: Compression }> {
  const input = await openInput(path);
  try {
    const it = input.chunks[Symbol.asyncIterator]();
    const { header } = await consumeHeader(it, displayName(path), input);
    return { header, compression: input.compression };
  } finally {
    input.close();
  }
}

/**
 * Reads `##` lines and the `#CHROM` line. Returns the bytes after the header and the
 * number of lines consumed, so record line numbers match the file's.
 */
async function consumeHeader(
  it: AsyncIterator<Buffer>,
  name: string,
  input: ByteInput,
): Promise<{ header: VcfHeader; leftover: Buffer | null; lineNo: number }> {
  const meta: string[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let checkedStart = false;
  for (;;) {
    let nl = buf.indexOf(10);
    while (nl < 0) {
      const r = await it.next();
      if (r.done) {
        if (buf.length > 0) {
          nl = buf.length;
          buf = Buffer.concat([buf, Buffer.from('\n')]);
          break;
        }
        if (!checkedStart) throw new PrecisError('EMPTY_INPUT', 'file is empty, expected a VCF', { file: name });
        throw new PrecisError('BAD_HEADER', 'no #CHROM header line: the file ends inside the header', {
          file: name,
          line: lineNo,
          hint: 'a VCF header ends with "#CHROM POS ID REF ALT QUAL FILTER INFO"; the file may be truncated',
        });
      }
      buf = buf.length === 0 ? r.value : Buffer.concat([buf, r.value]);
      if (!checkedStart) checkStart(buf, name, input);
      if (buf.length > MAX_LINE) throw new PrecisError('NOT_VCF', 'no line break in the first bytes; not a VCF text file', { file: name });
      nl = buf.indexOf(10);
    }
    if (!checkedStart) {
      checkStart(buf, name, input);
      checkedStart = true;
    }
    lineNo++;
    let end = nl;
    if (end > 0 && buf[end - 1] === 13) end--;
    const line = buf.toString('utf8', 0, end);
    buf = buf.subarray(nl + 1);
    if (line.startsWith('##')) {
      meta.push(line);
      continue;
    }
    if (line.startsWith('#CHROM')) {
      const header = parseHeader(meta, line, name);
      return { header, leftover: buf.length > 0 ? buf : null, lineNo };
    }
    if (line === '') continue;
    if (line.startsWith('#')) {
      throw new PrecisError('BAD_HEADER', `unexpected header line "${line.slice(0, 40)}"`, { file: name, line: lineNo, hint: 'meta lines start with ## and the column line with #CHROM' });
    }
    throw new PrecisError('BAD_HEADER', 'missing #CHROM header line before the first record', {
      file: name,
      line: lineNo,
      hint: 'a VCF header ends with "#CHROM POS ID REF ALT QUAL FILTER INFO" (tab-separated)',
    });
  }
}

function checkStart(buf: Buffer, name: string, input: ByteInput): void {
  if (buf.length === 0) return;
  if (buf.length >= 3 && buf.toString('latin1', 0, 3) === 'BCF') {
    throw new PrecisError('UNSUPPORTED', 'this is a BCF file; precis reads VCF', { file: name, hint: 'convert with `bcftools view -Oz -o out.vcf.gz in.bcf`' });
  }
  if (buf[0] !== 35 /* # */) {
    const printable = isMostlyText(buf.subarray(0, 256));
    throw new PrecisError('NOT_VCF', printable ? 'does not start with a VCF header (expected "##fileformat=VCF...")' : 'binary data, not a VCF (expected "##fileformat=VCF..." text' + (input.compression === 'none' ? ', optionally gzip/BGZF-compressed)' : ' inside the gzip stream)'), {
      file: name,
      line: 1,
    });
  }
}

function isMostlyText(b: Buffer): boolean {
  let bad = 0;
  for (const c of b) if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) bad++;
  return bad === 0;
}
