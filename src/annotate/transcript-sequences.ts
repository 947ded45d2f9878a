import type { FastaReader } from '../vcf/index.js';
import { isPrecisError } from '../util/errors.js';
import type { TranscriptSequence } from './consequence.js';
import type { Transcript } from './transcript.js';
import { reverseComplement } from './variant-allele.js';

/**
 * Spliced transcript sequences read from the reference FASTA on first use and kept in
 * a bounded cache (input is sorted, so a transcript's variants arrive together).
 */
export class TranscriptSequences {
  private readonly cache = new Map<Transcript, TranscriptSequence | null>();
  private readonly fasta: FastaReader;
  private readonly capacity: number;

  constructor(fasta: FastaReader, capacity = 2048) {
    this.fasta = fasta;
    this.capacity = capacity;
  }

  /** The cached sequence, `null` when the contig is not in the FASTA, undefined when not loaded yet. */
  peek(t: Transcript): TranscriptSequence | null | undefined {
    return this.cache.get(t);
  }

  async load(t: Transcript): Promise<TranscriptSequence | null> {
    const hit = this.cache.get(t);
    if (hit !== undefined) return hit;
    let seq: TranscriptSequence | null;
    try {
      let s = '';
      for (let i = 0; i < t.exons.length; i += 2) s += await this.fasta.fetch(t.chrom, t.exons[i]!, t.exons[i + 1]!);
      seq = { cdna: t.strand === 1 ? s : reverseComplement(s) };
    } catch (e) {
      if (isPrecisError(e) && e.code === 'UNKNOWN_CONTIG') seq = null;
      else throw e;
    }
    if (this.cache.size >= this.capacity) {
      // drop the oldest entries (Map keeps insertion order)
      let n = this.capacity >> 2;
      for (const k of this.cache.keys()) {
        this.cache.delete(k);
        if (--n <= 0) break;
      }
    }
    this.cache.set(t, seq);
    return seq;
  }
}
