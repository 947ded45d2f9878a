import { writeFileAtomic } from '../util/atomic.js';
import { PrecisError } from '../util/errors.js';
import { OutputSink } from '../util/sink.js';
import { BgzfEncoder } from './bgzf.js';
import { TbiBuilder } from './tbi.js';

export type VcfOutputType = 'v' | 'z' | 'j';

/** `-O` wins; otherwise the `-o` extension decides (`.vcf.gz`/`.bgz` BGZF, `.jsonl`/`.json` JSON Lines), else plain VCF. */
export function vcfOutputType(path: string, explicit?: string): VcfOutputType {
  if (explicit !== undefined) {
    const t = explicit.replace(/[0-9]$/, '');
    if (t === 'v' || t === 'z' || t === 'j') return t;
    throw new PrecisError('USAGE', `-O/--output-type must be v (VCF), z (BGZF VCF) or j (JSON Lines), got "${explicit}"`);
  }
  if (/\.(vcf\.gz|vcf\.bgz|bgz|gz)$/i.test(path)) return 'z';
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'j';
  return 'v';
}

export interface VcfWriterOptions {
  type: VcfOutputType;
  /** write `<path>.tbi` (BGZF output to a file only) */
  writeIndex?: boolean;
  /** sample names, for JSON Lines */
  samples?: readonly string[];
}

/**
 * Writes VCF text, BGZF VCF (with an optional tabix index) or JSON Lines to a file
 * (atomically) or stdout. Records arrive as their line bytes without the newline.
 */
export class VcfWriter {
  private readonly sink: OutputSink;
  private readonly type: VcfOutputType;
  private readonly bgzf: BgzfEncoder | null;
  private readonly index: TbiBuilder | null;
  private readonly samples: readonly string[];
  private pendingBlocks: Buffer[] = [];
  private static readonly NL = Buffer.from('\n');

  constructor(path: string, options: VcfWriterOptions) {
    this.type = options.type;
    if (options.writeIndex && (options.type !== 'z' || path === '-')) {
      throw new PrecisError('USAGE', '--write-index needs BGZF output to a file (-O z -o out.vcf.gz)');
    }
    this.sink = OutputSink.open(path);
    this.samples = options.samples ?? [];
    this.bgzf = this.type === 'z' ? new BgzfEncoder((b) => this.pendingBlocks.push(b)) : null;
    this.index = options.writeIndex ? new TbiBuilder() : null;
  }

  get path(): string {
    return this.sink.path;
  }

  writeHeader(text: string): Promise<void> | undefined {
    if (this.type === 'j') return undefined;
    return this.emit(Buffer.from(text, 'utf8'));
  }

  /**
   * Whole lines, each with its newline, as one piece (no index): a separate newline
   * write after each block made the sink copy every next block to join them.
   */
  writeLines(block: Buffer): Promise<void> | undefined {
    if (this.type === 'j' || this.index) throw new Error('writeLines is for VCF text without an index');
    return this.emit(block);
  }

  /** `chrom`, `pos` and `end` (1-based, inclusive) are needed only for indexing. */
  writeRecord(line: Buffer, chrom?: string, pos?: number, end?: number): Promise<void> | undefined {
    if (this.type === 'j') return this.sink.write(`${JSON.stringify(recordToJson(line.toString('utf8'), this.samples))}\n`);
    if (this.index && this.bgzf) {
      const start = this.bgzf.virtualOffset();
      this.bgzf.write(line);
      this.bgzf.write(VcfWriter.NL);
      this.index.add(chrom!, pos! - 1, end!, start, this.bgzf.virtualOffset());
      return this.drainBlocks();
    }
    return this.emit(line, true);
  }

  private emit(data: Buffer, newline = false): Promise<void> | undefined {
    if (this.bgzf) {
      this.bgzf.write(data);
      if (newline) this.bgzf.write(VcfWriter.NL);
      return this.drainBlocks();
    }
    const p = this.sink.write(data);
    if (!newline) return p;
    return this.sink.write(VcfWriter.NL) ?? p;
  }

  private drainBlocks(): Promise<void> | undefined {
    if (this.pendingBlocks.length === 0) return undefined;
    const blocks = this.pendingBlocks;
    this.pendingBlocks = [];
    let p: Promise<void> | undefined;
    for (const b of blocks) p = this.sink.write(b) ?? p;
    return p;
  }

  async close(): Promise<void> {
    if (this.bgzf) {
      this.bgzf.end();
      await this.drainBlocks();
    }
    await this.sink.close();
    if (this.index) await writeFileAtomic(`${this.sink.path}.tbi`, this.index.finish());
  }

  abort(): Promise<void> {
    return this.sink.abort();
  }
}

export interface JsonRecord {
  chrom: string;
  pos: number;
  id: string[];
  ref: string;
  alt: string[];
  qual: number | null;
  filter: string[];
  info: Record<string, string | true>;
  samples?: Record<string, Record<string, string>>;
}

/** One VCF line as a JSON object (values kept as text: the header decides their type). */
export function recordToJson(line: string, samples: readonly string[]): JsonRecord {
  const c = line.split('\t');
  const info: Record<string, string | true> = {};
  if (c[7] && c[7] !== '.') {
    for (const item of c[7].split(';')) {
      if (item === '') continue;
      const eq = item.indexOf('=');
      if (eq < 0) info[item] = true;
      else info[item.slice(0, eq)] = item.slice(eq + 1);
    }
  }
  const out: JsonRecord = {
    chrom: c[0]!,
    pos: Number(c[1]),
    id: c[2] === '.' || c[2] === undefined ? [] : c[2].split(';'),
    ref: c[3]!,
    alt: c[4] === '.' || c[4] === undefined ? [] : c[4].split(','),
    qual: c[5] === '.' || c[5] === undefined ? null : Number(c[5]),
    filter: c[6] === '.' || c[6] === undefined ? [] : c[6].split(';'),
    info,
  };
  if (c.length > 9) {
    const keys = c[8]!.split(':');
    const s: Record<string, Record<string, string>> = {};
    for (let i = 9; i < c.length; i++) {
      const vals = c[i]!.split(':');
      const o: Record<string, string> = {};
      keys.forEach((k, j) => {
        if (vals[j] !== undefined) o[k] = vals[j]!;
      });
      s[samples[i - 9] ?? `sample${i - 8}`] = o;
    }
    out.samples = s;
  }
  return out;
}
