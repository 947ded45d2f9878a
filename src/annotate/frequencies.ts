import type { KnownVariantFile, SourceAllele } from './known-variants.js';
import { readNumber } from './number-text.js';

export interface FrequencyAnnotation {
  /** overall allele frequency (INFO/AF), when the source has one */
  AF?: number;
  /** per-population frequencies, keyed by the source's INFO name (AF_afr, EUR_AF, gnomAD_NFE...) */
  populations: Record<string, number>;
  /** the highest population frequency */
  popmax?: { population: string; AF: number };
}

// gnomAD (AF_afr), 1000 Genomes (EUR_AF), ExAC (AF_Adj) and VEP-cache (ExAC_AFR) spellings.
const POPULATION_KEY = /^(AF_\w+|\w+_AF|ExAC_\w+|gnomAD\w*_\w+)$/;
// Not ancestry groups: sex-split, raw or filtered totals, gnomAD's own maxima (v2 popmax,
// v4 grpmax, filtering AFs), and the sample subsets (non_topmed, controls...) and joint
// exome+genome values that repeat the groups.
const NOT_A_POPULATION = /(^|_)(XX|XY|male|female|raw|Adj)$|(^|_)(popmax|grpmax|faf\d*\w*)(_|$)|^AF_(ESP|EXAC|TGP)$|^AF_(non_\w+|controls\w*|joint\w*)$/i;

export function frequenciesFromAllele(file: KnownVariantFile, a: SourceAllele, fields?: readonly string[]): FrequencyAnnotation | undefined {
  const info = file.info(a);
  const out: FrequencyAnnotation = { populations: {} };
  let any = false;
  for (const [k, v] of info) {
    if (typeof v !== 'string') continue;
    if (fields && !fields.includes(k)) continue;
    const x = readNumber(v);
    if (v === '.' || !Number.isFinite(x)) continue;
    if (k === 'AF') {
      out.AF = x;
      any = true;
    } else if (fields || POPULATION_KEY.test(k)) {
      out.populations[k] = x;
      any = true;
    }
  }
  if (!any) return undefined;
  let best: { population: string; AF: number } | undefined;
  for (const [k, x] of Object.entries(out.populations)) {
    if (NOT_A_POPULATION.test(k)) continue;
    if (!best || x > best.AF) best = { population: k, AF: x };
  }
  if (best) out.popmax = best;
  return out;
}
