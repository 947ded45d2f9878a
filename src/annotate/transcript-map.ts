import { isCoding, type Transcript } from './transcript.js';
import { exonAtOrBefore, layoutOf } from './transcript-layout.js';

/**
 * Coordinate conversions between the genome and a transcript's spliced sequence
 * (cDNA, 1-based, in transcript orientation). Pure functions over the exon table.
 */

export interface ExonHit {
  /** exon number in transcript order, 1-based */
  exon: number;
  cdna: number;
}

/** The exon (transcript order) and cDNA position of genome position g, or undefined in an intron/outside. */
export function exonHit(t: Transcript, g: number): ExonHit | undefined {
  // consequence calling and HGVS ask for the same one or two positions several times in a row
  if (g === lastG0 && t === lastT0) return lastHit0;
  if (g === lastG1 && t === lastT1) return lastHit1;
  const hit = findExonHit(t, g);
  lastT1 = lastT0;
  lastG1 = lastG0;
  lastHit1 = lastHit0;
  lastT0 = t;
  lastG0 = g;
  lastHit0 = hit;
  return hit;
}
// the last two answers (transcripts are immutable; callers only read the hits)
let lastT0: Transcript | undefined;
let lastG0 = NaN;
let lastHit0: ExonHit | undefined;
let lastT1: Transcript | undefined;
let lastG1 = NaN;
let lastHit1: ExonHit | undefined;

function findExonHit(t: Transcript, g: number): ExonHit | undefined {
  const i = exonAtOrBefore(t, g);
  const ex = t.exons;
  if (i < 0 || g > ex[2 * i + 1]!) return undefined;
  return { exon: t.strand === 1 ? i + 1 : ex.length / 2 - i, cdna: exonicCdna(t, i, g) };
}

/** cDNA position of genome position g inside exon i (genome order). */
function exonicCdna(t: Transcript, i: number, g: number): number {
  const ex = t.exons;
  const before = layoutOf(t).before;
  if (t.strand === 1) return before[i]! + g - ex[2 * i]! + 1;
  return before[ex.length / 2]! - before[i + 1]! + ex[2 * i + 1]! - g + 1;
}

/** cDNA position of genome position g when it is exonic, else 0. */
export function cdnaOf(t: Transcript, g: number): number {
  return exonHit(t, g)?.cdna ?? 0;
}

/** Genome position of cDNA position c (1-based), or 0 when outside the transcript. */
export function genomeOf(t: Transcript, c: number): number {
  const ex = t.exons;
  const n = ex.length / 2;
  let left = c;
  if (t.strand === 1) {
    for (let i = 0; i < n; i++) {
      const len = ex[2 * i + 1]! - ex[2 * i]! + 1;
      if (left <= len) return ex[2 * i]! + left - 1;
      left -= len;
    }
    return 0;
  }
  for (let i = n - 1; i >= 0; i--) {
    const len = ex[2 * i + 1]! - ex[2 * i]! + 1;
    if (left <= len) return ex[2 * i + 1]! - left + 1;
    left -= len;
  }
  return 0;
}

/**
 * The genome positions of the three bases of the codon holding coding position g, in
 * transcript order; undefined when g is not coding, the codon is not whole in the model,
 * or translation reads bases twice (a programmed frameshift).
 */
export function codonBases(t: Transcript, g: number): [number, number, number] | undefined {
  if (t.slips !== undefined) return undefined;
  const c = cdnaOf(t, g);
  const cr = codingRange(t);
  if (c === 0 || cr[0] === 0 || c < cr[0] || c > cr[1]) return undefined;
  const first = c - ((c - cr[0] + missingBases(t)) % 3);
  if (first < cr[0] || first + 2 > cr[1]) return undefined;
  const a = genomeOf(t, first);
  const b = genomeOf(t, first + 1);
  const d = genomeOf(t, first + 2);
  return a === 0 || b === 0 || d === 0 ? undefined : [a, b, d];
}

/** Bases missing before a 5′-incomplete CDS (its first codon's share upstream of the model). */
export function missingBases(t: Transcript): number {
  return (3 - t.cdsPhase) % 3;
}

/** cDNA positions of the first and last coding base ([0, 0] for non-coding transcripts). */
export function codingRange(t: Transcript): [number, number] {
  let r = codingRanges.get(t);
  if (r === undefined) {
    r = isCoding(t) ? [cdnaOf(t, t.strand === 1 ? t.cdsStart : t.cdsEnd), cdnaOf(t, t.strand === 1 ? t.cdsEnd : t.cdsStart)] : [0, 0];
    codingRanges.set(t, r);
  }
  return r;
}
const codingRanges = new WeakMap<Transcript, [number, number]>();

/**
 * An HGVS coordinate as numbers: the cDNA position `anchor` (HGVS numbering: `n`, `-n`, `*n`)
 * and, for an intronic position, its distance `offset` from that exon base (positive
 * from the donor side, negative from the acceptor side; 0 when exonic).
 */
export interface HgvsPoint {
  anchor: number;
  offset: number;
}

/**
 * The HGVS coordinate of genome position g into `into`; false when g lies outside the
 * transcript's exons and introns. Intronic positions count from the nearer exon (the 5'
 * half from the donor side, as HGVS recommends).
 */
export function hgvsPoint(t: Transcript, g: number, into: HgvsPoint): boolean {
  const ex = t.exons;
  const i = exonAtOrBefore(t, g);
  if (i < 0) return false;
  const plus = t.strand === 1;
  if (g <= ex[2 * i + 1]!) {
    into.anchor = exonicCdna(t, i, g);
    into.offset = 0;
    return true;
  }
  if (2 * i + 2 >= ex.length) return false;
  // intron i, between exon i (ends at is - 1) and exon i + 1 (starts at ie + 1), genome order
  const is = ex[2 * i + 1]! + 1;
  const ie = ex[2 * i + 2]! - 1;
  const fromDonor = plus ? g - is + 1 : ie - g + 1;
  const fromAcceptor = plus ? ie - g + 1 : g - is + 1;
  // the nearer exon; at equal distance the donor side (exon i's last base is the donor
  // side on the plus strand, exon i + 1's first base on the minus strand)
  const donor = fromDonor <= fromAcceptor;
  into.anchor = donor === plus ? exonicCdna(t, i, is - 1) : exonicCdna(t, i + 1, ie + 1);
  into.offset = donor ? fromDonor : -fromAcceptor;
  return true;
}

/**
 * Bases translation reads a second time before cDNA position c: the coding position of c
 * is `c - first coding base + 1` plus this. 0 on transcripts without programmed
 * frameshifts; a base read twice counts at its first reading.
 */
export function slippedBefore(t: Transcript, c: number): number {
  const s = t.slips;
  if (s === undefined) return 0;
  const at = slipCdna(t);
  let n = 0;
  for (let i = 0; i < at.length; i++) if (at[i]! < c) n += s[2 * i + 1]!;
  return n;
}

/** When cDNA position c is read twice (a slip's shared bases): how far past its first reading the second one lies; else 0. */
export function secondReading(t: Transcript, c: number): number {
  const s = t.slips;
  if (s === undefined) return 0;
  const at = slipCdna(t);
  for (let i = 0; i < at.length; i++) {
    const n = s[2 * i + 1]!;
    if (c <= at[i]! && c > at[i]! - n) return n;
  }
  return 0;
}

/** cDNA positions of the transcript's slips (the last base of each earlier CDS piece). */
function slipCdna(t: Transcript): number[] {
  let r = slipPositions.get(t);
  if (r === undefined) {
    const s = t.slips ?? [];
    r = [];
    for (let i = 0; i < s.length; i += 2) {
      // gene-models keeps only slips inside an exon
      r.push(exonicCdna(t, exonAtOrBefore(t, s[i]!), s[i]!));
    }
    slipPositions.set(t, r);
  }
  return r;
}
const slipPositions = new WeakMap<Transcript, number[]>();

/**
 * The bases translation reads, from the first coding base to the end of the cDNA, with
 * `pad` N first (a 5′-incomplete CDS) and the bases of each slip read twice.
 */
export function codingBases(t: Transcript, cdna: string, cr: [number, number], pad: number): string {
  let out = 'N'.repeat(pad);
  let from = cr[0] - 1;
  const s = t.slips;
  if (s !== undefined) {
    const at = slipCdna(t);
    for (let i = 0; i < at.length; i++) {
      const b = at[i]!;
      if (b <= from) continue;
      out += cdna.slice(from, b);
      from = b - s[2 * i + 1]!;
    }
  }
  return out + cdna.slice(from);
}

/** Extra coding bases of the transcript's slips (0 for ordinary transcripts). */
export function slippedBases(t: Transcript): number {
  return slippedBefore(t, Infinity);
}
