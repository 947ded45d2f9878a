import type { GenomeBuild } from '../vcf/index.js';

/** How a row's weight applies to the effect-allele dosage d. */
export type EffectType = 'additive' | 'dominant' | 'recessive' | 'dosage';

/** Descriptive facts about one score, kept for reports (PGS Catalog header keys). */
export interface ScoreMeta {
  /** score id used in outputs: #pgs_id, else #pgs_name, else the accession column, else the file name */
  id: string;
  pgsId?: string;
  pgsName?: string;
  traitReported?: string;
  traitMapped?: string;
  traitEfo?: string;
  weightType?: string;
  citation?: string;
  license?: string;
  formatVersion?: string;
  /** author-reported build (#genome_build) */
  genomeBuild?: string;
  /** build of the positions actually used (HmPOS_build for harmonised files) */
  positionBuild?: GenomeBuild;
  harmonised: boolean;
  /** declared number of variants in the full score (#variants_number) */
  variantsDeclared?: number;
  file: string;
  rows: number;
}

/** One row of a scoring file, normalised. */
export interface ScoreRow {
  /** index into the score list of the ScoringSet */
  score: number;
  /** 1-based line in its file (for audit and errors) */
  line: number;
  /** 0-based row number within its score */
  rowNr: number;
  rsid: string;
  /** contig as written (empty when unknown) */
  chrom: string;
  /** 0 when the row has no usable position */
  pos: number;
  effectAllele: string;
  /** null when the file gives none (matched on the effect allele only) */
  otherAllele: string | null;
  effectType: EffectType;
  weight: number;
  /** dosage_0/1/2_weight for effectType 'dosage' */
  dosageWeights: [number, number, number] | null;
  /** effect-allele frequency from the file (allelefrequency_effect), NaN when absent */
  effectAlleleFrequency: number;
  /** why the row cannot be matched at all (haplotype, HLA allele, no position), or null */
  unusable: UnusableReason | null;
}

export type UnusableReason = 'no_position' | 'complex_allele' | 'haplotype' | 'interaction';

/** The scoring rows of every score, with their metadata. */
export interface ScoringSet {
  scores: ScoreMeta[];
  rows: ScoreRow[];
}

/** pgsc_calc's match types, in priority order (lower index wins). */
export const MATCH_TYPES = ['refalt', 'altref', 'refalt_flip', 'altref_flip', 'no_oa_ref', 'no_oa_alt', 'no_oa_ref_flip', 'no_oa_alt_flip'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

/** A target variant as the matcher sees it: one ALT of one VCF record. */
export interface TargetAllele {
  /** index of the record within its position group */
  record: number;
  /** 1-based ALT index within the record */
  altIndex: number;
  ref: string;
  alt: string;
  multiallelic: boolean;
}

export type RowStatus = 'matched' | 'excluded' | 'unmatched';

export type RowReason =
  | 'ok'
  | 'ambiguous'
  | 'duplicate_id'
  | 'no_position'
  | 'complex_allele'
  | 'haplotype'
  | 'interaction'
  | 'not_in_target'
  | 'allele_mismatch'
  | 'score_failed_overlap'
  | 'multiallelic';

/** The matcher's verdict on one scoring row. */
export interface MatchDecision {
  row: ScoreRow;
  status: RowStatus;
  reason: RowReason;
  matchType: MatchType | null;
  target: TargetAllele | null;
  /** allele index counted as the effect allele (0 = REF), -1 when not matched */
  effectIndex: number;
  flipped: boolean;
  ambiguous: boolean;
  /** other candidates tied with the best one (the first was kept) */
  duplicateBestMatch: boolean;
}

export type MissingPolicy = 'mean' | 'zero';
export type XchrModel = 'genotype' | '2';
