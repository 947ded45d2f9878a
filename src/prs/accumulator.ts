import type { EffectDosages } from './dosage.js';
import type { DosageKernel } from './kernel.js';
import type { TopContributions } from './explain.js';
import type { EffectType, MissingPolicy } from './types.js';

/** The weights of one matched scoring row as the scorer applies them. */
export interface AppliedWeight {
  effectType: EffectType;
  weight: number;
  dosageWeights: [number, number, number] | null;
}

/** Dosage after the row's genetic model: plink2's `dominant` is min(d,1), `recessive` max(d-1,0) on diploid calls. */
export function transformDosage(t: EffectType, d: number, ploidy: number): number {
  if (t === 'dominant') return ploidy === 1 ? d : Math.min(d, 1);
  if (t === 'recessive') return ploidy === 1 ? d : Math.max(d - 1, 0);
  return d;
}

/**
 * Contribution of a missing genotype under mean imputation. Additive rows follow plink2's
 * ploidy·f·w; for dominant/recessive rows plink2 2.00a3.5 imputes f·w (measured against
 * it: a missing call under `--score ... dominant` adds w·f, not the expected transformed
 * dosage), which is kept so results stay equal to plink2's. Dosage-weight rows take the
 * Hardy-Weinberg expectation.
 */
export function imputedContribution(w: AppliedWeight, f: number, ploidy: number): number {
  switch (w.effectType) {
    case 'additive':
      return ploidy * f * w.weight;
    case 'dominant':
    case 'recessive':
      return f * w.weight;
    case 'dosage': {
      const dw = w.dosageWeights!;
      if (ploidy === 1) return (1 - f) * dw[0] + f * dw[1];
      return (1 - f) * (1 - f) * dw[0] + 2 * f * (1 - f) * dw[1] + f * f * dw[2];
    }
  }
}

function dosageWeight(dw: [number, number, number], d: number): number {
  const r = Math.round(d);
  return dw[r < 0 ? 0 : r > 2 ? 2 : r]!;
}

/** The hot loop: an additive row where every sample has a diploid, non-missing dosage. */
function addAdditiveDiploid(sum: Float64Array, dosage: Float64Array, weight: number, n: number): void {
  for (let i = 0; i < n; i++) sum[i]! += weight * dosage[i]!;
}

/** The same for a row counting REF at a biallelic site, from the ALT dosages: d(REF) = 2 − d(ALT). */
function addAdditiveDiploidRef(sum: Float64Array, altDosage: Float64Array, weight: number, n: number): void {
  for (let i = 0; i < n; i++) sum[i]! += weight * (2 - altDosage[i]!);
}

/** Per-sample running totals of one score. */
export class ScoreAccumulator {
  readonly sum: Float64Array;
  readonly alleleCount: Int32Array;
  readonly denom: Int32Array;
  readonly nImputed: Int32Array;
  /** expected score at the imputation frequencies (for explanations), per sample */
  readonly baseline: Float64Array | null;
  variantsUsed = 0;
  /** alleles every sample has from variants where all calls were diploid and present (added to alleleCount and denom at the end) */
  sharedAlleles = 0;

  /** with a kernel, `sum` is the kernel's sums[index] and diploid rows are added there */
  constructor(
    n: number,
    readonly top: TopContributions | null,
    private readonly kernel: DosageKernel | null = null,
    private readonly index = -1,
  ) {
    this.sum = kernel === null ? new Float64Array(n) : kernel.sums[index]!;
    this.alleleCount = new Int32Array(n);
    this.denom = new Int32Array(n);
    this.nImputed = new Int32Array(n);
    this.baseline = top === null ? null : new Float64Array(n);
  }

  /**
   * Fast path: whether `add` can take an additive row from the ALT dosages `alt` of a
   * biallelic site where every call is diploid and present, counting `effectIndex`.
   */
  tryAddDiploid(w: AppliedWeight, alt: EffectDosages, effectIndex: number): boolean {
    if (w.effectType !== 'additive' || this.top !== null || !alt.allDiploidCalls) return false;
    if (alt.slot >= 0 && this.kernel !== null) {
      this.addDiploidSlot(w.weight, alt.slot, effectIndex === 0);
      return true;
    }
    if (effectIndex === 0) addAdditiveDiploidRef(this.sum, alt.dosage, w.weight, this.sum.length);
    else addAdditiveDiploid(this.sum, alt.dosage, w.weight, this.sum.length);
    this.variantsUsed++;
    this.sharedAlleles += 2;
    return true;
  }

  /**
   * An additive row at a biallelic site whose ALT dosages (all diploid, none missing)
   * are in kernel slot `slot`; `refEffect` when the row counts REF. Only for an
   * accumulator built over a kernel and not explaining.
   */
  addDiploidSlot(weight: number, slot: number, refEffect: boolean): void {
    this.queueDiploid(weight, slot, refEffect);
    this.kernel!.addQueued();
  }

  /** The same, queued on the kernel: the caller adds the queue (`addQueued`) before the slot is reused or the sums read. */
  queueDiploid(weight: number, slot: number, refEffect: boolean): void {
    this.kernel!.queue(slot, this.index, weight, refEffect);
    this.variantsUsed++;
    this.sharedAlleles += 2;
  }

  /**
   * Adds one matched row. `f` is the effect-allele frequency for imputation; `item` is
   * the row's index in the explanation table (-1 when not explaining); explanations
   * measure deviations from the expectation at `baselineFrequency` (the reference
   * panel's, when known).
   */
  add(w: AppliedWeight, g: EffectDosages, f: number, missing: MissingPolicy, item: number, baselineFrequency = f): void {
    this.variantsUsed++;
    const n = this.sum.length;
    const { dosage, ploidy } = g;
    const { sum, alleleCount, denom, nImputed } = this;
    const t = w.effectType;
    const weight = w.weight;
    const top = this.top;
    const baseline = this.baseline;
    if (t === 'additive' && top === null && g.allDiploidCalls) {
      addAdditiveDiploid(sum, dosage, weight, n);
      this.sharedAlleles += 2;
      return;
    }
    for (let i = 0; i < n; i++) {
      const d = dosage[i]!;
      const p = ploidy[i]!;
      let c: number;
      let shown = d;
      if (d !== d) {
        nImputed[i]!++;
        if (missing === 'mean') {
          c = imputedContribution(w, f, p);
          denom[i]! += p;
        } else {
          c = 0;
        }
      } else {
        const td = transformDosage(t, d, p);
        c = t === 'dosage' ? dosageWeight(w.dosageWeights!, d) : weight * td;
        shown = td;
        alleleCount[i]! += p;
        denom[i]! += p;
      }
      sum[i]! += c;
      if (top !== null) {
        const m = imputedContribution(w, baselineFrequency, p);
        baseline![i]! += m;
        top.offer(i, item, c, c - m, shown);
      }
    }
  }
}
