import type { CohortSummary, SampleReport } from './model.js';

/** Distributions and counts across samples, for the cohort page and the JSON. */
export function buildCohort(samples: SampleReport[]): CohortSummary {
  const scoreValues = new Map<string, number[]>();
  const phen = new Map<string, number>();
  for (const s of samples) {
    for (const sc of s.prs?.scores ?? []) {
      let v = scoreValues.get(sc.id);
      if (!v) scoreValues.set(sc.id, (v = []));
      v.push(sc.sum);
    }
    for (const g of s.pgx?.genes ?? []) {
      const key = `${g.gene}\u0000${g.called ? (g.phenotype ?? 'no phenotype') : 'not called'}`;
      phen.set(key, (phen.get(key) ?? 0) + 1);
    }
  }
  return {
    samples: samples.length,
    scores: [...scoreValues.entries()].map(([id, values]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
      return { id, values, mean, sd };
    }),
    phenotypeFrequencies: [...phen.entries()]
      .map(([k, count]) => {
        const [gene, phenotype] = k.split('\u0000') as [string, string];
        return { gene, phenotype, count };
      })
      .sort((a, b) => a.gene.localeCompare(b.gene) || b.count - a.count),
    actionablePerSample: samples.map((s) => ({
      sample: s.sample,
      actionable: s.summary.actionableDrugs.length,
      pathogenic: s.summary.pathogenicVariants.length,
      highRisk: s.summary.highRiskScores.length,
    })),
  };
}
