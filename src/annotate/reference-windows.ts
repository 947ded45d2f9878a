import type { FastaReader } from '../vcf/index.js';
import { isPrecisError } from '../util/errors.js';

const WINDOW = 1 << 16;

/**
 * Reference bases in 64 kb windows that, once loaded, can be read synchronously: the
 * annotation hot loop checks REF without awaiting while input stays inside a window.
 */
export class ReferenceWindows {
  private readonly fasta: FastaReader;
  private readonly windows = new Map<string, string | null>();
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
      }
    }
    if (s === undefined || s === null) return s;
    const base = w0 * WINDOW + 1;
    return s.slice(start - base, end - base + 1);
  }

  async load(chrom: string, start: number, end: number): Promise<string | null> {
    const w0 = Math.floor((start - 1) / WINDOW);
    const w1 = Math.floor((end - 1) / WINDOW);
    if (w0 === w1 && !this.windows.has(`${chrom}:${w0}`)) {
      if (this.windows.size >= 16) {
        this.windows.clear();
        this.lastWindow = -1;
      }
      try {
        this.windows.set(`${chrom}:${w0}`, await this.fasta.fetch(chrom, w0 * WINDOW + 1, (w0 + 1) * WINDOW));
      } catch (e) {
        if (isPrecisError(e) && e.code === 'UNKNOWN_CONTIG') this.windows.set(`${chrom}:${w0}`, null);
        else throw e;
      }
    }
    const hit = this.peek(chrom, start, end);
    if (hit !== undefined) return hit;
    // a span across windows (long REF): read it directly
    return this.fasta.fetch(chrom, start, end).catch((e: unknown) => {
      if (isPrecisError(e) && e.code === 'UNKNOWN_CONTIG') return null;
      throw e;
    });
  }
}
