import type { FastaReader } from '../vcf/index.js';
import { isPrecisError } from '../util/errors.js';
import type { TranscriptSequence } from './consequence.js';
import type { Transcript } from './transcript.js';
import { reverseComplement } from './variant-allele.js';

/**
 * Spliced transcript sequences read from the reference FASTA on first use and kept in
 * a bounded cache (input is sorted, so a transcript's variants arrive together).
 * `prefetch` starts a read ahead of need: the annotator asks for transcripts it sees
 * within the upstream distance, before a variant lands in them.
 */
export class TranscriptSequences {
  private readonly cache = new Map<Transcript, TranscriptSequence | null>();
  private readonly loading = new Map<Transcript, Promise<TranscriptSequence | null>>();
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

  /** Starts loading in the background; a failure shows when the sequence is needed. */
  prefetch(t: Transcript): void {
    if (!this.cache.has(t) && !this.loading.has(t)) this.load(t).catch(() => undefined);
  }

  load(t: Transcript): Promise<TranscriptSequence | null> {
    const hit = this.cache.get(t);
    if (hit !== undefined) return Promise.resolve(hit);
    let p = this.loading.get(t);
    if (p === undefined) {
      p = this.read(t);
      this.loading.set(t, p);
      const done = p.finally(() => this.loading.delete(t));
      done.catch(() => undefined);
    }
    return p;
  }

  private async read(t: Transcript): Promise<TranscriptSequence | null> {
    let seq: TranscriptSequence | null;
    try {
      // one exon after the other: neighbouring exons then share the FASTA's window reads
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
