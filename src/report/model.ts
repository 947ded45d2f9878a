/**
 * The report's own view of a sample: what the stages found, reduced to what a reader
 * needs, with every number traceable to the stage result kept beside it in `stages`.
 * The JSON document, the HTML page, the FHIR bundle and the MultiQC file are all
 * rendered from this one object.
 */

export const DISCLAIMER =
  'Not a medical device and not validated for clinical decisions. Pharmacogenomic guidance is quoted as structured facts from CPIC/DPWG; read the linked guideline before acting. Risk estimates come from a model trained on simulated data that emulates published equations.';

export interface DataVersion {
  name: string;
  version: string;
  source?: string;
  license?: string;
}

export interface Provenance {
  precisVersion: string;
  command: string;
  date: string;
  input: { path: string; samples: number; records: number; genomeBuild: string | null };
  data: DataVersion[];
  model?: { name: string; version: string; sha256?: string } | null;
  backend?: string | null;
  stages: string[];
}

export interface DrugGuidance {
  drug: string;
  source: string;
  genes: string[];
  classification: string | null;
  population: string | null;
  /** the lookup that matched, e.g. {CYP2C19: "Poor Metabolizer"} */
  lookupKey: Record<string, string>;
  dosingChange: boolean;
  alternateDrug: boolean;
  url: string | null;
  /** short structured statement; never guideline prose */
  implication: string | null;
  actionable: boolean;
}

export interface PgxGeneView {
  gene: string;
  called: boolean;
  source: string;
  diplotypes: string[];
  phenotype: string | null;
  activityScore: string | null;
  status: string;
  missingPositions: number;
  reason: string | null;
}

export interface PrsScoreView {
  id: string;
  trait: string | null;
  sum: number;
  z: number | null;
  percentile: number | null;
  matchRate: number | null;
  variantsUsed: number | null;
  reference: { mean: number; sd: number; label: string } | null;
  highRisk: boolean;
  topVariants: { variant: string; rsid: string | null; effectAllele: string; weight: number; dosage: number; contribution: number }[];
}

export interface RiskView {
  model: string;
  backend: string;
  risk: number;
  baseline: { name: string; risk: number | null; note?: string } | null;
  baseValue: number;
  contributions: { feature: string; value: number | string | null; phi: number }[];
  residual: number;
  features: Record<string, number | string | null>;
}

export interface VariantView {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  genotype: string;
  gene: string | null;
  consequence: string | null;
  impact: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  clinvar: string | null;
  frequency: number | null;
}

export interface SampleReport {
  sample: string;
  summary: {
    actionableDrugs: DrugGuidance[];
    highRiskScores: PrsScoreView[];
    pathogenicVariants: VariantView[];
  };
  pgx: { genes: PgxGeneView[]; drugs: DrugGuidance[] } | null;
  prs: { scores: PrsScoreView[] } | null;
  risk: RiskView | null;
  variants: VariantView[] | null;
  warnings: string[];
  /** each stage's own result for this sample, as the stage produced it */
  stages: Record<string, unknown>;
}

export interface CohortSummary {
  samples: number;
  scores: { id: string; values: number[]; mean: number; sd: number }[];
  phenotypeFrequencies: { gene: string; phenotype: string; count: number }[];
  actionablePerSample: { sample: string; actionable: number; pathogenic: number; highRisk: number }[];
}

export interface ReportDocument {
  schemaVersion: string;
  kind: 'precis-report';
  researchUseOnly: true;
  disclaimer: string;
  provenance: Provenance;
  warnings: string[];
  samples: SampleReport[];
  cohort: CohortSummary | null;
}
