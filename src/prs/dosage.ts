import { MISSING, type GenotypeBlock } from '../vcf/index.js';
import type { XchrModel } from './types.js';

/**
 * Effect-allele dosages of every sample at one target allele, with the ploidy each
 * counts for. Built once per (record, effect allele) and shared by every score row
 * that matched it, so ten scores cost one genotype walk.
 */
export class EffectDosages {
  /** effect-allele dosage, NaN when the genotype is missing */
  readonly dosage: Float64Array;
  /** alleles the sample contributes to DENOM (2 diploid, 1 haploid) */
  readonly ploidy: Uint8Array;
  /** effect-allele frequency among non-missing samples (0 when all are missing) */
  frequency = 0;
  nMissing = 0;
  /** every sample has a non-missing diploid dosage (the fast path of ScoreAccumulator) */
  allDiploidCalls = true;
  /** the DosageKernel slot `dosage` lives in, -1 when it is an array of its own */
  readonly slot: number;

  /** `slotArray` (with its slot number) puts the dosages in a kernel slot */
  constructor(n: number, slotArray?: Float64Array, slot = -1) {
    this.dosage = slotArray ?? new Float64Array(n);
    this.ploidy = new Uint8Array(n);
    this.slot = slotArray === undefined ? -1 : slot;
  }
}

/**
 * Marks `out` (whose slot the kernel has just filled with ALT dosages summing to
 * `altSum`) as a record of diploid calls with none missing.
 */
export function diploidAltDosages(out: EffectDosages, altSum: number): EffectDosages {
  const n = out.dosage.length;
  out.ploidy.fill(2);
  out.frequency = n > 0 ? altSum / (2 * n) : 0;
  out.nMissing = 0;
  out.allDiploidCalls = true;
  return out;
}

/** REF dosages from the ALT dosages of a diploid biallelic record with no missing call: 2 − d. */
export function refFromAltDosages(alt: EffectDosages, altSum: number, out: EffectDosages): EffectDosages {
  const n = alt.dosage.length;
  const a = alt.dosage;
  const d = out.dosage;
  for (let i = 0; i < n; i++) d[i] = 2 - a[i]!;
  out.ploidy.fill(2);
  // as effectDosages computes it: the integer REF count over the allele count
  out.frequency = n > 0 ? (2 * n - altSum) / (2 * n) : 0;
  out.nMissing = 0;
  out.allDiploidCalls = true;
  return out;
}

export interface DosageSettings {
  /** read FORMAT/DS when present (biallelic records only; GT otherwise) */
  useDs: boolean;
  /** 'genotype': a haploid call counts 0..1; '2': a haploid chrX call counts as homozygous diploid, as plink2's default --xchr-model 2 */
  xchrModel: XchrModel;
}

/**
 * Fills `out` for effect allele `k` (0 = REF) from a scanned block. `isX` selects the
 * chrX rule; `biallelic` allows DS (which is the dosage of ALT 1 only). Non-missing
 * diploid hard calls take a tight loop (measured ~5x faster than one general loop);
 * every other call goes through `irregularCall`.
 */
export function effectDosages(b: GenotypeBlock, k: number, isX: boolean, biallelic: boolean, s: DosageSettings, out: EffectDosages): EffectDosages {
  const n = b.n;
  const dosage = out.dosage;
  const ploidy = out.ploidy;
  const useDs = s.useDs && b.hasDs && biallelic;
  const doubleHaploid = isX && s.xchrModel === '2';
  const a0 = b.a0;
  const a1 = b.a1;
  const pl = b.ploidy;
  let sumD = 0;
  let i = 0;
  if (!useDs) {
    // branch-free on the allele values: random genotypes defeat branch prediction (measured ~4x faster)
    for (; i < n; i++) {
      const x = a0[i]!;
      const y = a1[i]!;
      if (pl[i] !== 2 || (x | y) < 0) break;
      const d = (((x ^ k) - 1) >>> 31) + (((y ^ k) - 1) >>> 31);
      dosage[i] = d;
      ploidy[i] = 2;
      sumD += d;
    }
  }
  let sumP = 2 * i;
  let nMissing = 0;
  let irregular = 0;
  for (; i < n; i++) {
    const x = a0[i]!;
    const y = a1[i]!;
    if (!useDs && pl[i] === 2 && x >= 0 && y >= 0) {
      const d = (x === k ? 1 : 0) + (y === k ? 1 : 0);
      dosage[i] = d;
      ploidy[i] = 2;
      sumD += d;
      sumP += 2;
      continue;
    }
    irregular++;
    const d = irregularCall(b, i, k, useDs, doubleHaploid, out);
    if (d === d) {
      sumD += d;
      sumP += ploidy[i]!;
    } else {
      nMissing++;
    }
  }
  out.frequency = sumP > 0 ? sumD / sumP : 0;
  out.nMissing = nMissing;
  out.allDiploidCalls = irregular === 0 || (nMissing === 0 && allDiploid(ploidy, n));
  return out;
}

function allDiploid(ploidy: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (ploidy[i] !== 2) return false;
  return true;
}

/** Haploid, missing, multi-ploid, no-GT and DS calls: returns the dosage (NaN = missing) and sets the ploidy. */
function irregularCall(b: GenotypeBlock, i: number, k: number, useDs: boolean, doubleHaploid: boolean, out: EffectDosages): number {
  const raw = b.ploidy[i]!;
  // no GT: assume a diploid call (DS may still give the dosage)
  let p = raw === 0 ? 2 : raw > 2 ? 2 : raw;
  const x = b.a0[i]!;
  const y = b.a1[i]!;
  const ds = useDs ? b.ds[i]! : NaN;
  let d: number;
  if (ds === ds) d = k === 0 ? p - ds : ds;
  else if (raw === 0 || x === MISSING || y === MISSING) d = NaN;
  else if (p === 1) d = x === k ? 1 : 0;
  else d = (x === k ? 1 : 0) + (y === k ? 1 : 0);
  if (p === 1 && doubleHaploid) {
    p = 2;
    d *= 2;
  }
  out.ploidy[i] = p;
  out.dosage[i] = d;
  return d;
}
