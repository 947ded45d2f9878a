import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { requireRegularFile } from '../util/regular-file.js';
import { ContigNames, contigKey, detectCompression, type Compression } from '../vcf/index.js';
import { readIndexNames } from '../vcf/index-names.js';
import { ioError, PrecisError } from '../util/errors.js';
import { bytesEqual } from './text-bytes.js';
import { SourceLines } from './source-lines.js';

/**
 * How an annotation source is read for lookups along sorted input. Small or unindexed
 * files are read whole at open, one store per contig. A large tabix-indexed file is read
 * as a stream beside the input (a merge join): one contig's rows around the lookup
 * position are kept, rows the input has left behind are dropped, and a lookup that goes
 * back further or to another contig seeks through the index. Lookups answer
 * synchronously whenever the rows they need have been read (`ready`); `load` waits.
 *
 * Measured on bench/annotate (489,426-line frequency VCF, 978,852 lookups): tabix window
 * queries, parsing each line as strings, kept lookups waiting 1.0 s in all; streamed,
 * no lookup waits and reading the lines into typed arrays takes 0.2 s.
 */

/** How far behind the furthest lookup rows are kept: left-aligned indels look up to 1 kb back. */
const LOOKBACK = 1 << 14;
// Indexed files below this are read whole (faster to set up than a stream).
const IN_MEMORY_BYTES = 1024 * 1024;

export interface SourceStore {
  /** drops the rows no lookup at or after `pos` can match */
  dropBefore(pos: number): void;
}

/** Parses one data line into `store`; returns the line's sort position (1-based), -1 to skip it. */
export type LineParser<S> = (line: Buffer, start: number, end: number, lineNo: number | undefined, store: S) => number;

/** Lines that are not data: `#` headers, BED `track`/`browser` lines. */
function isHeaderLine(line: Buffer, start: number, end: number): boolean {
  const c = line[start];
  if (c === 35) return true; // #
  if (c !== 116 && c !== 98) return false; // t, b
  return startsWith(line, start, end, TRACK) || startsWith(line, start, end, BROWSER);
}

function startsWith(line: Buffer, start: number, end: number, prefix: Buffer): boolean {
  return end - start >= prefix.length && bytesEqual(line, start, start + prefix.length, prefix);
}
const TRACK = Buffer.from('track ');
const BROWSER = Buffer.from('browser ');

export interface SourceFormat<S extends SourceStore> {
  newStore(): S;
  parse: LineParser<S>;
  /** called with the header lines before the first data line is parsed */
  headerDone?(header: readonly string[]): void;
}

interface IndexQuery {
  names: string[];
  /** virtual offset of the first line overlapping [pos, ...) on `name`, or undefined when none does */
  seek(name: string, pos: number): Promise<{ block: number; skip: number } | undefined>;
}

export class SourceCursor<S extends SourceStore> {
  readonly path: string;
  readonly header: string[] = [];
  private readonly format: SourceFormat<S>;
  // whole file
  private whole?: Map<string, S>;
  private lastChrom = '';
  private lastStore: S | null = null;
  // stream
  private index?: IndexQuery;
  private lines?: SourceLines;
  private name: string | undefined;
  private nameBytes = Buffer.alloc(0);
  private store?: S;
  /** rows at or after `low` are all in the store up to `complete` */
  private low = 0;
  private complete = 0;
  /** the furthest lookup so far, for dropping rows */
  private furthest = 0;
  private dropped = 0;
  /** a line of the next contig, met at the end of the current one */
  private pending?: { name: string; line: Buffer };
  private seenCurrent = false;
  private needSeek = false;
  private resolvedFor = '';
  private contigs?: ContigNames;
  private resolved: string | undefined;

  private constructor(path: string, format: SourceFormat<S>) {
    this.path = path;
    this.format = format;
  }

  static async open<S extends SourceStore>(path: string, format: SourceFormat<S>, inMemoryBytes = IN_MEMORY_BYTES): Promise<SourceCursor<S>> {
    if (!existsSync(path)) throw new PrecisError('NOT_FOUND', 'no such annotation source', { file: path });
    requireRegularFile(path, 'an annotation source');
    const c = new SourceCursor(path, format);
    const compression = compressionOf(path);
    const compressed = compression !== 'none';
    const tbi = existsSync(`${path}.tbi`) ? `${path}.tbi` : existsSync(`${path}.csi`) ? `${path}.csi` : undefined;
    const size = statSync(path).size;
    const streamable = tbi !== undefined && compressed;
    if (!streamable) checkFitsInMemory(path, size, compression);
    if (!streamable || size < inMemoryBytes) await c.readWhole(compressed);
    else await c.openStream(tbi);
    c.empty = c.whole ? c.whole.size === 0 : c.pending === undefined;
    return c;
  }

  /** Whether the file held no data line at all, only headers (a source that can match nothing). */
  empty = false;

  private async readWhole(compressed: boolean): Promise<void> {
    const whole = new Map<string, S>();
    const lines = new SourceLines(this.path, compressed);
    let chrom = Buffer.alloc(0);
    let store: S | undefined;
    let headerDone = false;
    try {
      while (lines.next() ?? (await lines.nextLine())) {
        const { line, start, end } = lines;
        if (end === start) continue;
        if (isHeaderLine(line, start, end)) {
          this.header.push(line.toString('utf8', start, end));
          continue;
        }
        if (!headerDone) {
          headerDone = true;
          this.format.headerDone?.(this.header);
        }
        // lines come by contig: decode its name only when it changes
        const ce = chromEnd(line, start, end);
        if (store === undefined || !bytesEqual(line, start, ce, chrom)) {
          chrom = Buffer.from(line.subarray(start, ce));
          const key = contigKey(chrom.toString('latin1'));
          store = whole.get(key);
          if (store === undefined) whole.set(key, (store = this.format.newStore()));
        }
        this.format.parse(line, start, end, lines.lineNo, store);
      }
    } finally {
      lines.close();
    }
    this.whole = whole;
  }

  private async openStream(indexPath: string): Promise<void> {
    this.index = await openIndex(this.path, indexPath);
    // the header, then the first contig streams from the file's start
    const lines = new SourceLines(this.path, true);
    this.lines = lines;
    while (lines.next() ?? (await lines.nextLine())) {
      const { line, start, end } = lines;
      if (end === start) continue;
      if (!isHeaderLine(line, start, end)) {
        this.pending = { name: line.toString('latin1', start, chromEnd(line, start, end)), line: Buffer.from(line.subarray(start, end)) };
        break;
      }
      this.header.push(line.toString('utf8', start, end));
    }
    this.format.headerDone?.(this.header);
    if (!this.pending) this.lines = undefined;
  }

  /**
   * The store holding every row of `chrom` that a lookup of [from, to] can match, when
   * it can be given without waiting; null when the source has no such contig; undefined
   * when rows must be read first (`load`).
   */
  ready(chrom: string, from: number, to: number): S | null | undefined {
    if (this.whole) {
      if (chrom !== this.lastChrom) {
        this.lastChrom = chrom;
        this.lastStore = this.whole.get(contigKey(chrom)) ?? null;
      }
      return this.lastStore;
    }
    const name = this.resolve(chrom);
    if (name === undefined) return null;
    if (name !== this.name) {
      if (this.pending?.name !== name) {
        this.needSeek = true;
        return undefined;
      }
      this.startContig(name, 0);
    }
    if (from < this.low) {
      this.needSeek = true;
      return undefined;
    }
    if (this.complete < to && !this.advance(to)) return undefined;
    if (from > this.furthest) {
      this.furthest = from;
      // dropping is a copy of what is kept: do it when a good part can go
      if (from - LOOKBACK > this.dropped + LOOKBACK) {
        this.dropped = from - LOOKBACK;
        this.store!.dropBefore(this.dropped);
        this.low = Math.max(this.low, this.dropped);
      }
    }
    return this.store!;
  }

  /** `ready`, reading or seeking as needed. */
  async load(chrom: string, from: number, to: number): Promise<S | null> {
    for (;;) {
      this.needSeek = false;
      const s = this.ready(chrom, from, to);
      if (s !== undefined) return s;
      if (this.needSeek) await this.seek(this.resolve(chrom)!, from);
      else await this.lines!.wait();
    }
  }

  close(): void {
    this.lines?.close();
  }

  private resolve(chrom: string): string | undefined {
    if (chrom !== this.resolvedFor) {
      this.resolvedFor = chrom;
      this.contigs ??= new ContigNames(this.index!.names);
      this.resolved = this.contigs.resolve(chrom);
    }
    return this.resolved;
  }

  private startContig(name: string, low: number): void {
    this.name = name;
    this.nameBytes = Buffer.from(name, 'latin1');
    this.store = this.format.newStore();
    this.low = low;
    this.complete = low - 1;
    this.furthest = low;
    this.dropped = low;
    this.seenCurrent = false;
  }

  /** Reads lines until every row up to `to` is in, or the contig ends; false when it must wait. */
  private advance(to: number): boolean {
    const p = this.pending;
    if (p !== undefined && p.name === this.name) {
      this.pending = undefined;
      this.take(p.line, 0, p.line.length, undefined);
      if (this.complete >= to) return true;
    }
    const lines = this.lines;
    if (lines === undefined || this.pending !== undefined) {
      // the file or this contig has ended
      this.complete = Infinity;
      return true;
    }
    for (;;) {
      const r = lines.next();
      if (r === undefined) return false;
      if (!r) {
        lines.close();
        this.lines = undefined;
        this.complete = Infinity;
        return true;
      }
      const { line, start, end } = lines;
      if (end === start || isHeaderLine(line, start, end)) continue;
      const ce = chromEnd(line, start, end);
      if (!bytesEqual(line, start, ce, this.nameBytes)) {
        // before the contig (a seek lands at a block start): skip; after it: the contig is done
        if (!this.seenCurrent) continue;
        this.pending = { name: line.toString('latin1', start, ce), line: Buffer.from(line.subarray(start, end)) };
        this.complete = Infinity;
        return true;
      }
      this.take(line, start, end, lines.lineNo > 0 ? lines.lineNo : undefined);
      if (this.complete >= to) return true;
    }
  }

  private take(line: Buffer, start: number, end: number, lineNo: number | undefined): void {
    this.seenCurrent = true;
    const pos = this.format.parse(line, start, end, lineNo, this.store!);
    // rows start at or after their line's position: those before it are all in
    if (pos - 1 > this.complete) this.complete = pos - 1;
  }

  private async seek(name: string, pos: number): Promise<void> {
    this.lines?.close();
    this.lines = undefined;
    this.pending = undefined;
    const low = Math.max(1, pos - LOOKBACK);
    this.startContig(name, low);
    // an insertion's minimal start is one past its line's span: look one base further back
    const at = await this.index!.seek(name, Math.max(1, low - 1));
    if (at === undefined) this.complete = Infinity;
    else this.lines = new SourceLines(this.path, true, at.block, at.skip);
  }
}

/**
 * A source without a tabix index is read whole. Held in memory it takes about 1.7 times
 * its text (bench/annotate's frequency VCF, and a 2.5 GB one: 4.6 GB), mostly in typed
 * arrays outside V8's heap, and bgzipped VCF text is about 5 times its file. One that
 * would not fit in the machine's memory is refused in one line, before the system kills
 * the run or swaps for minutes.
 */
function checkFitsInMemory(path: string, size: number, compression: Compression): void {
  const need = size * (compression === 'none' ? 1 : 5) * 1.7;
  const limit = 0.8 * totalmem();
  if (need <= limit) return;
  const mb = (b: number): string => `${Math.round(b / 1e6).toLocaleString('en-US')} MB`;
  throw new PrecisError('USAGE', `too large to read whole without a tabix index (${mb(size)}, about ${mb(need)} in memory; this machine has ${mb(totalmem())})`, {
    file: path,
    hint:
      compression === 'bgzf'
        ? `index it: \`tabix -p vcf ${path}\` (or -p bed); precis then reads only the regions it needs`
        : compression === 'gzip'
          ? `recompress and index it: \`zcat ${path} | bgzip > ${path.replace(/\.gz$/, '')}.bgz && tabix -p vcf ${path.replace(/\.gz$/, '')}.bgz\` (or -p bed)`
          : `bgzip and index it: \`bgzip ${path} && tabix -p vcf ${path}.gz\` (or -p bed)`,
  });
}

function compressionOf(path: string): Compression {
  const head = Buffer.alloc(18);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw ioError(e, path);
  }
  return detectCompression(head);
}

function chromEnd(line: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && line[i] !== 9) i++;
  return i;
}

async function openIndex(path: string, indexPath: string): Promise<IndexQuery> {
  // the contig names come from the index's header; the full index reader (and the start-up
  // its modules cost) is opened only when a lookup first has to seek
  const names = readIndexNames(indexPath);
  let full: Promise<FullIndex> | undefined;
  const opened = (): Promise<FullIndex> => (full ??= openFullIndex(indexPath));
  const known = names ?? (await opened()).names;
  return {
    names: known,
    async seek(name, pos) {
      const { index, maxRef } = await opened();
      let chunks;
      try {
        chunks = await index.blocksForRange(name, pos - 1, maxRef);
      } catch (e) {
        throw new PrecisError('IO', `index query ${name}:${pos} failed (${(e as Error).message})`, { file: path });
      }
      let best: { block: number; skip: number } | undefined;
      for (const c of chunks) {
        const v = c.minv;
        if (!best || v.blockPosition < best.block || (v.blockPosition === best.block && v.dataPosition < best.skip)) best = { block: v.blockPosition, skip: v.dataPosition };
      }
      return best;
    },
  };
}

interface FullIndex {
  index: { blocksForRange(name: string, start: number, end: number): Promise<{ minv: { blockPosition: number; dataPosition: number } }[]> };
  names: string[];
  maxRef: number;
}

async function openFullIndex(indexPath: string): Promise<FullIndex> {
  const [{ TBI, CSI }, { LocalFile }] = await Promise.all([import('@gmod/tabix'), import('generic-filehandle2')]);
  const filehandle = new LocalFile(indexPath);
  const index = indexPath.endsWith('.csi') ? new CSI({ filehandle }) : new TBI({ filehandle });
  try {
    const meta = await index.getMetadata();
    return { index, names: meta.refIdToName, maxRef: meta.maxRefLength };
  } catch (e) {
    throw new PrecisError('NO_INDEX', `cannot read the index (${(e as Error).message})`, { file: indexPath });
  }
}
