import { contigKey } from '../vcf/index.js';
import type { Transcript } from './transcript.js';

interface ContigBin {
  transcripts: Transcript[];
  starts: Int32Array;
  /** running maximum of `end` over transcripts[0..i] */
  maxEnd: Int32Array;
}

/**
 * Transcripts per contig sorted by start, with a running maximum of the end so an
 * overlap query is a binary search plus a short backward scan. Contigs are matched
 * through the chr/MT aliases.
 */
export class TranscriptIndex {
  private readonly bins = new Map<string, ContigBin>();
  private lastChrom: string | undefined;
  private lastBin: ContigBin | undefined;
  readonly size: number;

  constructor(transcripts: Transcript[]) {
    const by = new Map<string, Transcript[]>();
    for (const t of transcripts) {
      const k = contigKey(t.chrom);
      let a = by.get(k);
      if (!a) by.set(k, (a = []));
      a.push(t);
    }
    for (const [k, a] of by) {
      a.sort((x, y) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : 1));
      const starts = new Int32Array(a.length);
      const maxEnd = new Int32Array(a.length);
      let m = 0;
      a.forEach((t, i) => {
        starts[i] = t.start;
        m = Math.max(m, t.end);
        maxEnd[i] = m;
      });
      this.bins.set(k, { transcripts: a, starts, maxEnd });
    }
    this.size = transcripts.length;
  }

  contigs(): string[] {
    return [...this.bins.values()].map((b) => b.transcripts[0]!.chrom);
  }

  all(): Transcript[] {
    return [...this.bins.values()].flatMap((b) => b.transcripts);
  }

  /** Transcripts whose [start-pad, end+pad] overlaps [start, end]. */
  overlapping(chrom: string, start: number, end: number, pad = 0, out: Transcript[] = []): Transcript[] {
    while (out.length > 0) out.pop();
    // sorted input stays on a contig: its name is not looked up again
    if (chrom !== this.lastChrom) {
      this.lastChrom = chrom;
      this.lastBin = this.bins.get(contigKey(chrom));
    }
    const bin = this.lastBin;
    if (!bin) return out;
    const qEnd = end + pad;
    const qStart = start - pad;
    // last index with starts[i] <= qEnd
    let lo = 0;
    let hi = bin.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bin.starts[mid]! <= qEnd) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && bin.maxEnd[i]! >= qStart; i--) {
      const t = bin.transcripts[i]!;
      if (t.end >= qStart) out.push(t);
    }
    out.reverse();
    return out;
  }

  /** The contig's transcripts sorted by start (empty for an unknown contig). */
  sortedOn(chrom: string): readonly Transcript[] {
    return this.bins.get(contigKey(chrom))?.transcripts ?? [];
  }

  hasContig(chrom: string): boolean {
    return this.bins.has(contigKey(chrom));
  }
}
