import { isPrecisError } from '../util/errors.js';
import type { TranscriptSequence } from './consequence.js';
import type { ReferenceWindows } from './reference-windows.js';
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
  private readonly refs: ReferenceWindows;
  private readonly capacity: number;

  constructor(refs: ReferenceWindows, capacity = 2048) {
    this.refs = refs;
    this.capacity = capacity;
  }

  /** The cached sequence, `null` when the contig is not in the FASTA, undefined when not loaded yet. */
  peek(t: Transcript): TranscriptSequence | null | undefined {
    // the sequence check and consequence calling ask for the same transcript in turn
    if (t === this.lastT) return this.lastSeq;
    const s = this.cache.get(t);
    if (s !== undefined) {
      this.lastT = t;
      this.lastSeq = s;
    }
    return s;
  }
  private lastT: Transcript | undefined;
  private lastSeq: TranscriptSequence | null = null;

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
      const s = await this.refs.spliced(t.chrom, t.exons);
      seq = { cdna: t.strand === 1 ? s : reverseComplement(s) };
    } catch (e) {
      if (isPrecisError(e) && e.code === 'UNKNOWN_CONTIG') seq = null;
      else throw e;
    }
    if (this.cache.size >= this.capacity) {
      // drop the oldest entries (Map keeps insertion order)
      this.lastT = undefined;
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
