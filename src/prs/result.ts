import type { Contribution, Explanation } from './explain.js';
import type { MatchType, MissingPolicy, RowReason, RowStatus, ScoreMeta, XchrModel } from './types.js';

/** Counts of what happened to a score's rows. */
export interface MatchSummary {
  rows: number;
  matched: number;
  excluded: number;
  unmatched: number;
  /** matched / rows (pgsc_calc's match rate: excluded rows count as missing) */
  matchRate: number;
  pass: boolean;
  byMatchType: Partial<Record<MatchType, number>>;
  byReason: Partial<Record<RowReason, number>>;
  flipped: number;
  ambiguous: number;
  multiallelic: number;
  duplicateBestMatch: number;
}

export interface SampleScore {
  sample: string;
  /** Σ weight × dosage (+ imputed amounts) at full precision */
  sum: number;
  /** sum / denom */
  avg: number;
  /** alleles behind the average: non-missing alleles, plus imputed ones with --missing mean (plink2's DENOM) */
  denom: number;
  /** non-missing alleles (plink2's ALLELE_CT) */
  alleleCount: number;
  /** missing genotypes filled (by the mean, or with zero) */
  nImputed: number;
  z?: number | null;
  percentile?: number;
  referencePopulation?: string | null;
  /** with --explain N: the N variants departing most from expectation; with contributionsRest they add up to `sum` */
  contributions?: Contribution[];
  /** everything not listed in `contributions` */
  contributionsRest?: Explanation['rest'];
  /** Σ expected contributions at the imputation allele frequencies; Σ deviation (listed + rest) = sum − expectedSum */
  expectedSum?: number;
}

export interface ScoreResult {
  id: string;
  meta: ScoreMeta;
  match: MatchSummary;
  variantsUsed: number;
  reference?: { panel: string; n: number; mean: number; sd: number; variantsUsed: number };
  samples: SampleScore[];
}

/** One scoring-file row as the audit shows it. */
export interface AuditRow {
  score: string;
  file: string;
  line: number;
  rsid: string;
  chrom: string;
  pos: number;
  effectAllele: string;
  otherAllele: string;
  effectType: string;
  weight: number;
  status: RowStatus;
  reason: RowReason;
  matchType: MatchType | '';
  /** target variant `chrom:pos:ref:alt` */
  variant: string;
  /** the effect allele as written in the target (complemented when flipped) */
  targetEffectAllele: string;
  flipped: boolean;
  ambiguous: boolean;
  multiallelic: boolean;
  duplicateBestMatch: boolean;
  /** weight applied (0 when the row is not used) */
  weightUsed: number;
}

export interface PrsSettings {
  missing: MissingPolicy;
  dosage: 'GT' | 'DS';
  xchrModel: XchrModel;
  keepAmbiguous: boolean;
  keepFirstMatch: boolean;
  excludeMultiallelic: boolean;
  minOverlap: number;
  frequencySource: string;
}

export interface PrsResult {
  kind: 'prs';
  input: string;
  genomeBuild: string | null;
  settings: PrsSettings;
  sampleCount: number;
  scores: ScoreResult[];
  audit?: AuditRow[];
}

export function emptySummary(rows: number): MatchSummary {
  return { rows, matched: 0, excluded: 0, unmatched: 0, matchRate: 0, pass: false, byMatchType: {}, byReason: {}, flipped: 0, ambiguous: 0, multiallelic: 0, duplicateBestMatch: 0 };
}
