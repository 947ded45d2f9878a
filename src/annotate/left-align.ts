import type { VariantAllele } from './variant-allele.js';

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
