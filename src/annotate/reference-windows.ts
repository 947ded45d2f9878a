import type { FastaReader } from '../vcf/index.js';
import { isPrecisError, PrecisError } from '../util/errors.js';

const WINDOW = 1 << 16;
const CAPACITY = 64;

/**
 * Reference bases in 64 kb windows that, once loaded, can be read synchronously: the
 * annotation hot loop checks REF without awaiting while input stays inside a window.
 * Entering a window starts reading the next one, so sorted input rarely waits for the
 * FASTA (waiting on each window read cost 0.35 s of a 5 s bench run).
 */
export class ReferenceWindows {
  private readonly fasta: FastaReader;
  private readonly windows = new Map<string, string | null>();
  private readonly loading = new Map<string, Promise<void>>();
  private lastChrom = '';
  private lastWindow = -1;
  private lastBases: string | null = null;

  constructor(fasta: FastaReader) {
    this.fasta = fasta;
  }

  /** Bases [start, end]; `null` for a contig the FASTA lacks; undefined when not loaded yet. */
  peek(chrom: string, start: number, end: number): string | null | undefined {
    const w0 = Math.floor((start - 1) / WINDOW);
    const w1 = Math.floor((end - 1) / WINDOW);
    if (w0 !== w1) return undefined;
    let s: string | null | undefined;
    if (w0 === this.lastWindow && chrom === this.lastChrom) s = this.lastBases;
    else {
      s = this.windows.get(`${chrom}:${w0}`);
      // remember the window just read: sorted input asks for it again and again
      if (s !== undefined) {
        this.lastChrom = chrom;
        this.lastWindow = w0;
        this.lastBases = s;
        if (s !== null) this.prefetch(chrom, w0 + 1);
      }
    }
    if (s === undefined || s === null) return s;
    const base = w0 * WINDOW + 1;
    return s.slice(start - base, end - base + 1);
  }

  async load(chrom: string, start: number, end: number): Promise<string | null> {
    const w0 = Math.floor((start - 1) / WINDOW);
    const w1 = Math.floor((end - 1) / WINDOW);
    if (w0 === w1) await this.window(chrom, w0);
    const hit = this.peek(chrom, start, end);
    if (hit !== undefined) return hit;
    // a span across windows (long REF): read it directly
    return this.fasta.fetch(chrom, start, end).catch((e: unknown) => {
      if (isPrecisError(e) && e.code === 'UNKNOWN_CONTIG') return null;
      throw e;
    });
  }

  /**
   * Bases [start, end] across as many windows as they span (what `FastaReader.fetch`
   * gives), read through this cache: the transcript sequences and the REF checks then
   * share each window read (apart, they read the FASTA twice as often).
   */
  async bases(chrom: string, start: number, end: number): Promise<string> {
    const w0 = Math.floor((Math.max(1, start) - 1) / WINDOW);
    const w1 = Math.floor((end - 1) / WINDOW);
    let out = '';
    for (let w = w0; w <= w1; w++) {
      await this.window(chrom, w);
      const s = this.windows.get(`${chrom}:${w}`);
      if (s === null) throw new PrecisError('UNKNOWN_CONTIG', `contig ${chrom} is not in the reference FASTA`, { file: this.fasta.path });
      // evicted meanwhile (a long span): read it directly
      if (s === undefined) return this.fasta.fetch(chrom, start, end);
      const base = w * WINDOW + 1;
      out += s.slice(Math.max(start, base) - base, Math.min(end, base + s.length - 1) - base + 1);
    }
    return out;
  }

  /**
   * The exons' bases joined (genome order): the windows holding exons are read together
   * first, so a transcript read ahead of need completes after one wait instead of one
   * per exon (each wait lasts until the event loop's next turn).
   */
  async spliced(chrom: string, exons: Int32Array): Promise<string> {
    const waits: Promise<void>[] = [];
    let last = -1;
    for (let i = 0; i < exons.length; i += 2) {
      for (let w = Math.floor((Math.max(1, exons[i]!) - 1) / WINDOW); w <= Math.floor((exons[i + 1]! - 1) / WINDOW); w++) {
        if (w !== last && !this.windows.has(`${chrom}:${w}`)) waits.push(this.window(chrom, w));
        last = w;
      }
    }
    if (waits.length > 0) await Promise.all(waits);
    let out = '';
    for (let i = 0; i < exons.length; i += 2) out += await this.bases(chrom, exons[i]!, exons[i + 1]!);
    return out;
  }

  /** Starts reading a window in the background; a failure shows when it is needed. */
  private prefetch(chrom: string, w: number): void {
    const key = `${chrom}:${w}`;
    if (!this.windows.has(key) && !this.loading.has(key)) this.window(chrom, w).catch(() => undefined);
  }

  private window(chrom: string, w: number): Promise<void> {
    const key = `${chrom}:${w}`;
    if (this.windows.has(key)) return Promise.resolve();
    let p = this.loading.get(key);
    if (p === undefined) {
      p = this.fasta.fetch(chrom, w * WINDOW + 1, (w + 1) * WINDOW).then(
        (s) => this.keep(key, s),
        (e: unknown) => {
          if (isPrecisError(e) && e.code === 'UNKNOWN_CONTIG') this.keep(key, null);
          else throw e;
        },
      );
      const done = p.finally(() => this.loading.delete(key));
      done.catch(() => undefined);
      this.loading.set(key, p);
    }
    return p;
  }

  private keep(key: string, bases: string | null): void {
    if (this.windows.size >= CAPACITY) {
      // the oldest window goes (a Map keeps insertion order)
      const oldest = this.windows.keys().next().value as string;
      this.windows.delete(oldest);
      if (oldest === `${this.lastChrom}:${this.lastWindow}`) this.lastWindow = -1;
    }
    this.windows.set(key, bases);
  }
}
