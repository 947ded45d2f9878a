import { isCoding, versionedId, type Transcript } from './transcript.js';

/**
 * What consequence calling and HGVS derive from a transcript's exon table over and over,
 * computed once per transcript: the spliced length before each exon (so a genome
 * position maps to its cDNA position by a binary search instead of a walk over the
 * exons), the HGVS prefix and the EXON/INTRON labels.
 */
export interface TranscriptLayout {
  /** before[i]: spliced length of exons 0..i-1 in genome order; before[n] is the total */
  readonly before: Int32Array;
  /** `ENST...:c.` or `...:n.` */
  readonly hgvsPrefix: string;
  /** `n/total` labels by exon and intron number, filled as they are asked for */
  readonly exonLabels: string[];
  readonly intronLabels: string[];
}

const layouts = new WeakMap<Transcript, TranscriptLayout>();
let lastT: Transcript | undefined;
let lastLayout: TranscriptLayout | undefined;

export function layoutOf(t: Transcript): TranscriptLayout {
  // consequence calling and HGVS ask for the same transcript several times in a row
  if (t === lastT) return lastLayout!;
  let l = layouts.get(t);
  if (l === undefined) {
    const ex = t.exons;
    const n = ex.length / 2;
    const before = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) before[i + 1] = before[i]! + ex[2 * i + 1]! - ex[2 * i]! + 1;
    l = { before, hgvsPrefix: `${versionedId(t)}:${isCoding(t) ? 'c' : 'n'}.`, exonLabels: [], intronLabels: [] };
    layouts.set(t, l);
  }
  lastT = t;
  lastLayout = l;
  return l;
}

/** Index (genome order) of the last exon starting at or before g; -1 when none does. */
export function exonAtOrBefore(t: Transcript, g: number): number {
  const ex = t.exons;
  let lo = 0;
  let hi = ex.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ex[2 * mid]! <= g) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
