import type { ExplainResult, SampleExplanation } from './explain.js';

export function explainToJson(r: ExplainResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** TSV, one line per sample x feature: the long format plotting tools want. */
export function explainToTsv(r: ExplainResult): string {
  const lines = ['sample\tfeature\tvalue\tcontribution\tbase\tfx\tmethod\tscale\tmodel\tbackend'];
  for (const e of r.explanations) {
    for (const c of e.contributions) {
      lines.push([e.sample, c.feature, fmt(c.value), c.contribution.toPrecision(8), e.base.toPrecision(8), e.fx.toPrecision(8), r.method, r.scale, r.model.name, r.backend].join('\t'));
    }
  }
  return `${lines.join('\n')}\n`;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));
const signed = (x: number, pct: boolean): string => {
  const v = pct ? x * 100 : x;
  const s = pct ? v.toFixed(2) : v.toFixed(4);
  return v >= 0 ? `+${s}` : s;
};

/**
 * A compact text waterfall (as SHAP's waterfall plot): from E[f] through each feature's
 * contribution, largest first, to f(x); bars are scaled to the largest contribution.
 */
export function renderWaterfall(r: ExplainResult, width = 24): string {
  const pct = r.scale === 'probability';
  const unit = pct ? ' (percentage points of 10-year risk)' : ' (log-odds)';
  const out: string[] = [`${r.model.name} explained by ${r.method} on the ${r.scale} scale${unit}; backend ${r.backend}; background ${r.background.n} rows`, ''];
  for (const e of r.explanations) out.push(...waterfall(e, pct, width), '');
  out.push(r.notice, '');
  return out.join('\n');
}

function waterfall(e: SampleExplanation, pct: boolean, width: number): string[] {
  const v = (x: number): string => (pct ? `${(x * 100).toFixed(2)}%` : x.toFixed(4));
  const max = Math.max(1e-300, ...e.contributions.map((c) => Math.abs(c.contribution)));
  const nameW = Math.max(...e.contributions.map((c) => c.feature.length), 8);
  const lines = [`${e.sample}: risk ${(e.risk * 100).toFixed(1)}%${e.pce_risk === null ? '' : `, PCE ${(e.pce_risk * 100).toFixed(1)}%`}`, `  E[f] ${v(e.base)}`];
  for (const c of e.contributions) {
    const n = Math.round((Math.abs(c.contribution) / max) * width);
    const bar = (c.contribution >= 0 ? '+' : '-').repeat(n);
    lines.push(`  ${c.feature.padEnd(nameW)} = ${fmt(c.value).padStart(8)}  ${signed(c.contribution, pct).padStart(9)}  ${bar}`);
    const s = c.prsVariants;
    if (s) {
      for (const t of s.topVariants.slice(0, 5)) lines.push(`    ${t.variant.padEnd(nameW + 6)}  ${signed(t.contribution, pct).padStart(9)}`);
      if (s.topVariants.length > 5 || s.otherVariants.count > 0) {
        const rest = s.topVariants.slice(5).reduce((a, t) => a + t.contribution, 0) + s.otherVariants.contribution;
        lines.push(`    ${`(${s.topVariants.length - Math.min(5, s.topVariants.length) + s.otherVariants.count} other variants)`.padEnd(nameW + 6)}  ${signed(rest, pct).padStart(9)}`);
      }
    }
  }
  lines.push(`  f(x) ${v(e.fx)}   (sum of contributions = f(x) - E[f]; residual ${e.completenessResidual.toExponential(1)})`);
  if (e.pgx !== undefined) lines.push('  pharmacogenomics: see the JSON output for the evidence trail');
  return lines;
}
