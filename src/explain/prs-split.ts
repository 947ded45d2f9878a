import type { PrsSampleScore } from '../model/index.js';

export interface VariantShare {
  variant: string;
  /** weight x dosage, as given by the PRS result. */
  prsContribution: number;
  /** The quantity the split is proportional to (deviation or weight x dosage). */
  basis: number;
  /** This variant's part of the prs_z attribution. */
  contribution: number;
}

export type PrsSplitMethod = 'proportional-to-deviation' | 'proportional-to-weight-x-dosage';

export interface PrsSplit {
  score: string;
  /** The prs_z attribution being split. */
  total: number;
  method: PrsSplitMethod;
  topVariants: VariantShare[];
  /** Everything not listed, so the parts still add up to `total` exactly. */
  otherVariants: { count: number; contribution: number };
  /** Σ(parts) − total: rounding only. */
  residual: number;
}

/**
 * Splits the prs_z attribution into per-variant parts. The score is a sum of
 * weight x dosage terms and prs_z is affine in it, so the attribution divides in
 * proportion to each variant's term, adding up to the attribution exactly. When the PRS
 * result gives each term's deviation from its expectation (and the remainder's), the
 * split follows the deviations: it then says which of this person's variants move them
 * away from the average, which is what the attribution measures. Otherwise it follows
 * weight x dosage. Returns null when there are no per-variant terms or they sum to 0.
 */
export function splitPrsAttribution(phi: number, prs: PrsSampleScore, top = 10): PrsSplit | null {
  const c = prs.contributions;
  if (!c || c.length === 0) return null;
  const rest = prs.rest;
  const byDeviation = c.every((v) => v.deviation !== undefined) && (rest === undefined || rest.deviation !== undefined);
  const basisOf = (v: { contribution: number; deviation?: number }): number => (byDeviation ? v.deviation! : v.contribution);
  let total = rest ? basisOf(rest) : 0;
  for (const v of c) total += basisOf(v);
  if (total === 0 || !Number.isFinite(total)) return null;
  const parts = c.map((v) => ({ variant: v.variant, prsContribution: v.contribution, basis: basisOf(v), contribution: (phi * basisOf(v)) / total }));
  parts.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.variant < b.variant ? -1 : 1));
  const head = parts.slice(0, top);
  let other = rest ? (phi * basisOf(rest)) / total : 0;
  for (const p of parts.slice(top)) other += p.contribution;
  let all = other;
  for (const p of head) all += p.contribution;
  return {
    score: prs.score,
    total: phi,
    method: byDeviation ? 'proportional-to-deviation' : 'proportional-to-weight-x-dosage',
    topVariants: head,
    otherVariants: { count: parts.length - head.length + (rest?.variants ?? 0), contribution: other },
    residual: all - phi,
  };
}
