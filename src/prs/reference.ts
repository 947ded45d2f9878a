import { PrecisError } from '../util/errors.js';

/**
 * Reference distributions of scores: built from a panel's SUMs (overall and per
 * population label), applied to place a new SUM as a Z-score and a percentile. The SD is
 * the population SD (ddof 0), as pgsc_calc's Z_MostSimilarPop; percentiles interpolate
 * between the 101 stored quantiles (0..100, linear between order statistics).
 */
export interface Distribution {
  n: number;
  mean: number;
  sd: number;
  /** quantiles at 0, 1, ..., 100 percent */
  quantiles: number[];
}

export interface ScoreReference {
  id: string;
  variantsUsed: number;
  overall: Distribution;
  populations: Record<string, Distribution>;
}

export interface ReferenceFile {
  schemaVersion: string;
  kind: 'precis-prs-reference';
  panel: string;
  genomeBuild: string | null;
  createdBy: string;
  labels: string | null;
  note: string;
  scores: ScoreReference[];
  /** ALT-allele frequency in the panel of every used variant (`chrom:pos:ref:alt`, chrom without "chr"), for imputation and explanations */
  alleleFrequencies?: Record<string, number>;
}

export function quantile(sorted: Float64Array | number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function distribution(values: ArrayLike<number>): Distribution {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i]!;
  mean = n > 0 ? mean / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const quantiles: number[] = [];
  for (let p = 0; p <= 100; p++) quantiles.push(quantile(sorted, p / 100));
  return { n, mean, sd: n > 0 ? Math.sqrt(ss / n) : NaN, quantiles };
}

/** Overall and per-label distributions of one score's sums (`labels[i]` undefined = no label). */
export function buildScoreReference(id: string, sums: ArrayLike<number>, labels: (string | undefined)[] | null, variantsUsed: number): ScoreReference {
  const populations: Record<string, Distribution> = {};
  if (labels !== null) {
    const groups = new Map<string, number[]>();
    for (let i = 0; i < sums.length; i++) {
      const l = labels[i];
      if (l === undefined) continue;
      let g = groups.get(l);
      if (g === undefined) groups.set(l, (g = []));
      g.push(sums[i]!);
    }
    for (const l of [...groups.keys()].sort()) populations[l] = distribution(groups.get(l)!);
  }
  return { id, variantsUsed, overall: distribution(sums), populations };
}

/** Percentile (0..100) of `x` against stored quantiles. */
export function percentileOf(d: Distribution, x: number): number {
  const q = d.quantiles;
  if (x <= q[0]!) return 0;
  if (x >= q[100]!) return 100;
  let lo = 0;
  let hi = 100;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const span = q[hi]! - q[lo]!;
  return span > 0 ? lo + (x - q[lo]!) / span : lo;
}

export interface Placement {
  z: number | null;
  percentile: number;
  population: string | null;
}

export function placeScore(ref: ScoreReference, sum: number, population?: string): Placement {
  const d = population !== undefined && ref.populations[population] ? ref.populations[population]! : ref.overall;
  return { z: d.sd > 0 ? (sum - d.mean) / d.sd : null, percentile: percentileOf(d, sum), population: d === ref.overall ? null : population! };
}

/** Validates a parsed reference file. */
export function checkReferenceFile(doc: unknown, file: string): ReferenceFile {
  const r = doc as Partial<ReferenceFile> | null;
  if (r === null || typeof r !== 'object' || r.kind !== 'precis-prs-reference' || !Array.isArray(r.scores)) {
    throw new PrecisError('BAD_DATA', 'not a precis PRS reference file (expected "kind": "precis-prs-reference")', { file, hint: 'build one with `precis prs --reference-panel VCF --write-reference FILE`' });
  }
  for (const s of r.scores) {
    if (typeof s?.id !== 'string' || !s.overall || !Array.isArray(s.overall.quantiles) || s.overall.quantiles.length !== 101) {
      throw new PrecisError('BAD_DATA', 'reference file has a malformed score entry', { file });
    }
  }
  return r as ReferenceFile;
}
