import { upper, type VariantAllele } from './variant-allele.js';

/** Longest shift tried; longer repeats keep their position (bcftools norm stops too). */
const MAX_SHIFT = 1000;

/**
 * Moves an insertion or deletion to its leftmost equivalent position (the normal form
 * of `bcftools norm` and of gnomAD/ClinVar VCFs), so lookups and consequences do not
 * depend on how the caller placed it in a repeat. `baseAt` returns the reference base,
 * or undefined when it is not loaded (the caller loads and retries).
 * Returns the allele unchanged when nothing moves, undefined when a base was missing.
 */
export function leftAlignAllele(v: VariantAllele, baseAt: (pos: number) => string | null | undefined): VariantAllele | undefined {
  if (v.kind !== 'insertion' && v.kind !== 'deletion') return v;
  let seq = v.kind === 'deletion' ? v.ref : v.alt;
  let start = v.start;
  for (let i = 0; i < MAX_SHIFT && start > 1; i++) {
    const prev = baseAt(start - 1);
    if (prev === undefined) return undefined;
    if (prev === null || prev !== seq[seq.length - 1]) break;
    seq = prev + seq.slice(0, -1);
    start--;
  }
  if (start === v.start) return v;
  return v.kind === 'deletion' ? { ...v, start, end: start + seq.length - 1, ref: seq } : { ...v, start, end: start - 1, alt: seq };
}

/** How far an indel can slide along the genome, each way, and still make the same sequence. */
export interface ShiftRoom {
  left: number;
  right: number;
}

/**
 * The room of an insertion or deletion into `into` (0 and 0 for other kinds), up to
 * MAX_SHIFT each way: HGVS places an indel at its 3′-most equivalent position in the
 * transcript's direction, which is either way along the genome. Sliding right over base
 * `end + 1 + j` keeps the sequence when that base equals the indel's base `j` (cyclically);
 * sliding left mirrors it. False when a base was not loaded (the caller loads and retries).
 */
export function shiftRoom(v: VariantAllele, baseAt: (pos: number) => string | null | undefined, into: ShiftRoom): boolean {
  into.left = into.right = 0;
  if (v.kind !== 'insertion' && v.kind !== 'deletion') return true;
  const seq = v.kind === 'deletion' ? v.ref : v.alt;
  const n = seq.length;
  for (let j = 0; j < MAX_SHIFT; j++) {
    const b = baseAt(v.end + 1 + j);
    if (b === undefined) return false;
    if (b !== seq[j % n]) break;
    into.right++;
  }
  for (let j = 0; j < MAX_SHIFT && v.start - 1 - j >= 1; j++) {
    const b = baseAt(v.start - 1 - j);
    if (b === undefined) return false;
    if (b !== seq[n - 1 - (j % n)]) break;
    into.left++;
  }
  return true;
}

/**
 * `shiftRoom` with no reference but the record's own REF: the only bases known without a
 * FASTA. An indel then slides as far as REF shows its repeat, so the notation does not
 * depend on which of its places within REF the record's trimming gave it.
 */
export function shiftRoomInRef(v: VariantAllele, into: ShiftRoom): void {
  const ref = upper(v.vcfRef);
  const from = v.vcfPos;
  shiftRoom(v, (p) => (p >= from && p < from + ref.length ? ref[p - from]! : null), into);
}
