import type { GeneDefinition } from './data.js';
import type { CallStatus } from './caller.js';

export interface PositionGenotype {
  position: number;
  rsid: string | null;
  genotype: string;
}

export interface MissingPosition {
  position: number;
  rsid: string | null;
  /** alleles defined at this position */
  alleles: string[];
  /** whether some genotype here would change the top call (null: not evaluated) */
  couldChangeCall: boolean | null;
  /** the top call(s) with a heterozygous variant here, when different */
  alternatives?: string[];
  alternativePhenotypes?: (string | null)[];
}

export interface GeneExplanation {
  positionsDefined: number;
  positionsUsed: number;
  /** genotypes at the positions where the sample is not homozygous reference (every position used with --explain-positions) */
  positions: PositionGenotype[];
  missing: MissingPosition[];
  candidates: { diplotype: string; score: number }[];
  runnerUp: { diplotype: string; score: number } | null;
  why: string;
  notes: string[];
}

export interface GeneReport {
  gene: string;
  called: boolean;
  callSource: 'vcf' | 'outside';
  /** every genotype used was phased in the input */
  phased: boolean;
  /** the strands are known: phased, or at most one heterozygous (phase-set) block */
  effectivelyPhased: boolean;
  diplotypes: string[];
  /** the allele pairs recommendations are looked up with */
  recommendationDiplotypes: string[][];
  /** DPYD/RYR1 without phase: the alleles found (repeated when homozygous) */
  haplotypes?: string[];
  phenotypes: string[];
  activityScore: string | null;
  lookupKeys: { CPIC: string[]; DPWG: string[] };
  status: CallStatus;
  reason?: string;
  missingPositions: number[];
  explanation: GeneExplanation;
}

export function emptyExplanation(def: GeneDefinition | null, why: string): GeneExplanation {
  return { positionsDefined: def?.variants.length ?? 0, positionsUsed: 0, positions: [], missing: [], candidates: [], runnerUp: null, why, notes: [] };
}
