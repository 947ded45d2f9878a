import type { Transcript } from './transcript.js';
import type { TranscriptIndex } from './transcript-index.js';
import type { TranscriptSequences } from './transcript-sequences.js';

/** Coding transcripts whose sequences load ahead of the input position. */
const AHEAD = 16;

/**
 * Keeps the sequences of the next coding transcripts loading while input moves along a
 * contig (sorted input), so a record rarely waits for the FASTA: 16 transcripts of lead
 * (with the event loop's turns, see stage.ts) took bench/annotate's waits from 754
 * records (0.35 s) to about 10 (0.01 s).
 */
export class SequenceReadAhead {
  private readonly index: TranscriptIndex;
  private readonly seqs: TranscriptSequences;
  private chrom = '';
  private pos = 0;
  private list: readonly Transcript[] = [];
  /** the first transcript starting after the position, and the next one to start reading */
  private next = 0;
  private fetched = 0;

  constructor(index: TranscriptIndex, seqs: TranscriptSequences) {
    this.index = index;
    this.seqs = seqs;
  }

  /** The input has reached `chrom:pos`. */
  reached(chrom: string, pos: number): void {
    if (chrom !== this.chrom || pos < this.pos) {
      // a new contig, or unsorted input: start over from here
      this.chrom = chrom;
      this.list = this.index.sortedOn(chrom);
      this.next = firstStartingAfter(this.list, pos);
      this.fetched = 0;
    }
    this.pos = pos;
    const list = this.list;
    while (this.next < list.length && list[this.next]!.start <= pos) this.next++;
    if (this.fetched < this.next) this.fetched = this.next;
    const until = Math.min(list.length, this.next + AHEAD);
    for (; this.fetched < until; this.fetched++) {
      const t = list[this.fetched]!;
      if (t.cdsStart > 0) this.seqs.prefetch(t);
    }
  }
}

/** Index of the first transcript starting after `pos` in a start-sorted list. */
function firstStartingAfter(list: readonly Transcript[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.start <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
