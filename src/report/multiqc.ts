import type { ReportDocument } from './model.js';

/**
 * MultiQC custom content (found by the `_mqc.json` suffix, no configuration): General
 * Statistics columns per sample, so cohort pipelines see precis next to their QC.
 */
export function buildMultiqc(doc: ReportDocument): Record<string, unknown> {
  const data: Record<string, Record<string, number>> = {};
  for (const s of doc.samples) {
    const row: Record<string, number> = {};
    const top = s.prs?.scores.find((x) => x.percentile !== null);
    if (top?.percentile !== undefined && top.percentile !== null) row.prs_percentile = round(top.percentile, 2);
    const rates = (s.prs?.scores ?? []).map((x) => x.matchRate).filter((x): x is number => x !== null);
    if (rates.length) row.prs_match_rate = round((100 * rates.reduce((a, b) => a + b, 0)) / rates.length, 2);
    if (s.pgx) row.pgx_actionable = s.summary.actionableDrugs.length;
    if (s.risk) row.risk_10y = round(100 * s.risk.risk, 2);
    data[s.sample] = row;
  }
  return {
    id: 'precis',
    section_name: 'precis',
    description: `precis ${doc.provenance.precisVersion}: polygenic score percentile, PGx actionable guidance count and variant match rate. Research use only.`,
    plot_type: 'generalstats',
    pconfig: [
      { prs_percentile: { title: 'PRS pctl', description: 'Percentile of the first polygenic score against its reference', min: 0, max: 100, suffix: '', format: '{:,.1f}', scale: 'RdYlGn-rev' } },
      { prs_match_rate: { title: 'PRS match %', description: 'Scoring-file variants matched in the VCF (mean over scores)', min: 0, max: 100, suffix: '%', format: '{:,.1f}' } },
      { pgx_actionable: { title: 'PGx actions', description: 'Drugs with actionable CPIC/DPWG guidance', min: 0, format: '{:,.0f}' } },
      { risk_10y: { title: '10y risk %', description: 'Predicted 10-year risk (model, research use)', min: 0, max: 100, suffix: '%', format: '{:,.1f}' } },
    ],
    data,
  };
}

function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
