import { DISCLAIMER, type ReportDocument, type SampleReport } from '../../src/report/model.js';

/** A hand-made report document: exercises every section without running the stages. */
export function sampleReport(name: string, overrides: Partial<SampleReport> = {}): SampleReport {
  const drug = {
    drug: 'clopidogrel',
    source: 'CPIC',
    genes: ['CYP2C19'],
    classification: 'Strong',
    population: 'general',
    lookupKey: { CYP2C19: 'Poor Metabolizer' },
    dosingChange: false,
    alternateDrug: true,
    url: 'https://cpicpgx.org/guidelines/guideline-for-clopidogrel-and-cyp2c19/',
    implication: null,
    actionable: true,
  };
  const score = {
    id: 'PGS000001',
    trait: 'Breast cancer',
    sum: 0.8123,
    z: 1.6,
    percentile: 94.5,
    matchRate: 0.97,
    variantsUsed: 75,
    reference: { mean: 0.1, sd: 0.44, label: '1000 Genomes (all)' },
    highRisk: true,
    topVariants: [{ variant: 'chr10:121592803:A:G', rsid: 'rs2981582', effectAllele: 'G', weight: 0.24, dosage: 2, contribution: 0.48 }],
  };
  const variant = { chrom: 'chr21', pos: 25585733, ref: 'C', alt: 'T', genotype: '0|1', gene: 'MRPL39', consequence: 'missense_variant', impact: 'MODERATE', hgvsc: 'ENST1:c.1A>G', hgvsp: 'ENSP1:p.Met1?', clinvar: 'Pathogenic', frequency: 0.0012 };
  return {
    sample: name,
    summary: { actionableDrugs: [drug], highRiskScores: [score], pathogenicVariants: [variant] },
    pgx: {
      genes: [
        { gene: 'CYP2C19', called: true, source: 'vcf', diplotypes: ['*2/*2'], phenotype: 'Poor Metabolizer', activityScore: null, status: 'unique', missingPositions: 0, reason: null },
        { gene: 'NAT2', called: false, source: 'vcf', diplotypes: [], phenotype: null, activityScore: null, status: 'not called', missingPositions: 5, reason: 'required positions missing' },
      ],
      drugs: [drug],
    },
    prs: { scores: [score] },
    risk: {
      model: 'cad-risk',
      backend: 'cpu',
      risk: 0.142,
      baseline: { name: 'Pooled Cohort Equations', risk: 0.121 },
      baseValue: 0.06,
      contributions: [
        { feature: 'age', value: 58, phi: 0.05 },
        { feature: 'prs_z', value: 1.6, phi: 0.03 },
        { feature: 'hdl', value: 61, phi: -0.018 },
      ],
      residual: 0,
      features: { age: 58, prs_z: 1.6, hdl: 61 },
    },
    variants: [variant],
    warnings: [],
    stages: {},
    ...overrides,
  };
}

export function reportDocument(samples: SampleReport[]): ReportDocument {
  return {
    schemaVersion: '1.0',
    kind: 'precis-report',
    researchUseOnly: true,
    disclaimer: DISCLAIMER,
    provenance: {
      precisVersion: '0.0.0-test',
      command: 'precis report test.vcf',
      date: '2026-01-01T00:00:00.000Z',
      input: { path: 'test.vcf', samples: samples.length, records: 10, genomeBuild: 'GRCh38' },
      data: [{ name: 'test data', version: '1' }],
      model: null,
      backend: 'cpu',
      stages: ['annotate', 'pgx', 'prs', 'risk', 'explain'],
    },
    warnings: [],
    samples,
    cohort: null,
  };
}
