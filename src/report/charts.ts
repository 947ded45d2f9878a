import { esc, fmt } from './escape.js';
import type { PrsScoreView, RiskView } from './model.js';

/**
 * Inline SVG charts: no scripts, fonts or images, so the page stays self-contained and
 * prints as it shows.
 */

const W = 520;

/** The sample's Z on the reference distribution (standard normal on the Z scale), area below shaded. */
export function distributionChart(score: PrsScoreView): string {
  if (score.z === null || !Number.isFinite(score.z)) return '';
  const h = 150;
  const pad = 28;
  const x = (z: number): number => pad + ((z + 4) / 8) * (W - 2 * pad);
  const y = (d: number): number => h - 24 - d * ((h - 44) / 0.4);
  const dens = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  const zc = Math.max(-4, Math.min(4, score.z));
  let curve = '';
  let area = `M${x(-4).toFixed(1)},${y(0).toFixed(1)}`;
  for (let z = -4; z <= 4.0001; z += 0.1) {
    curve += `${curve ? 'L' : 'M'}${x(z).toFixed(1)},${y(dens(z)).toFixed(1)}`;
    if (z <= zc) area += `L${x(z).toFixed(1)},${y(dens(z)).toFixed(1)}`;
  }
  area += `L${x(zc).toFixed(1)},${y(dens(zc)).toFixed(1)}L${x(zc).toFixed(1)},${y(0).toFixed(1)}Z`;
  const ticks = [-3, -2, -1, 0, 1, 2, 3]
    .map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${y(0)}" y2="${y(0) + 4}" stroke="#555"/><text x="${x(t)}" y="${y(0) + 16}" text-anchor="middle">${t}</text>`)
    .join('');
  const label = `Z = ${fmt(score.z, 2)}${score.percentile !== null ? `, percentile ${fmt(score.percentile, 1)}` : ''}`;
  return `<svg class="chart" role="img" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" aria-label="${esc(`${score.id}: ${label}`)}">
<path d="${area}" fill="#c9def2"/><path d="${curve}" fill="none" stroke="#1f5f99" stroke-width="1.5"/>
<line x1="${x(-4)}" x2="${x(4)}" y1="${y(0)}" y2="${y(0)}" stroke="#555"/>${ticks}
<line x1="${x(zc)}" x2="${x(zc)}" y1="${y(0)}" y2="14" stroke="#b3261e" stroke-width="2"/>
<text x="${Math.min(x(zc) + 4, W - 150)}" y="12" fill="#b3261e">${esc(label)}</text>
</svg><p class="muted caption">Z-score against ${esc(score.reference?.label ?? 'the reference distribution')}</p>`;
}

/** SHAP waterfall: from E[f] through each feature's contribution to f(x). */
export function waterfallChart(risk: RiskView): string {
  const items = risk.contributions;
  const rowH = 22;
  const left = 170;
  const right = 70;
  const h = (items.length + 2) * rowH + 30;
  let cum = risk.baseValue;
  const points = [cum];
  for (const c of items) {
    cum += c.phi;
    points.push(cum);
  }
  const lo = Math.min(0, ...points);
  const hi = Math.max(...points, risk.risk) * 1.05 || 1;
  const sx = (v: number): number => left + ((v - lo) / (hi - lo || 1)) * (W - left - right);
  const rows: string[] = [];
  const bar = (i: number, from: number, to: number, colour: string, label: string, value: string): string => {
    const yy = 10 + i * rowH;
    const a = sx(Math.min(from, to));
    const b = sx(Math.max(from, to));
    return `<text x="${left - 6}" y="${yy + 14}" text-anchor="end">${esc(label)}</text><rect x="${a.toFixed(1)}" y="${yy + 3}" width="${Math.max(1, b - a).toFixed(1)}" height="${rowH - 6}" fill="${colour}"/><text x="${(b + 4).toFixed(1)}" y="${yy + 14}">${esc(value)}</text>`;
  };
  rows.push(bar(0, lo, risk.baseValue, '#9e9e9e', 'E[f] (base value)', fmt(risk.baseValue, 4)));
  let run = risk.baseValue;
  items.forEach((c, i) => {
    const next = run + c.phi;
    const name = c.value === null || c.value === undefined ? c.feature : `${c.feature} = ${typeof c.value === 'number' ? fmt(c.value, 2) : c.value}`;
    rows.push(bar(i + 1, run, next, c.phi >= 0 ? '#c0392b' : '#2e7d32', name, `${c.phi >= 0 ? '+' : ''}${fmt(c.phi, 4)}`));
    run = next;
  });
  rows.push(bar(items.length + 1, lo, risk.risk, '#1f5f99', 'f(x) (predicted risk)', fmt(risk.risk, 4)));
  return `<svg class="chart" role="img" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" aria-label="SHAP waterfall">${rows.join('')}
<text x="${W - 4}" y="${h - 6}" text-anchor="end" fill="#555">red raises, green lowers the predicted 10-year risk</text></svg>`;
}

/** Histogram of a cohort's values with an optional marked value. */
export function histogramChart(values: number[], label: string): string {
  if (values.length === 0) return '';
  const h = 120;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const bins = Math.min(30, Math.max(5, Math.ceil(Math.sqrt(values.length))));
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  const top = Math.max(...counts);
  const bw = (W - 40) / bins;
  const rects = counts
    .map((c, i) => `<rect x="${(20 + i * bw).toFixed(1)}" y="${(h - 20 - (c / top) * (h - 40)).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${((c / top) * (h - 40)).toFixed(1)}" fill="#5b8fc7"/>`)
    .join('');
  return `<svg class="chart" role="img" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" aria-label="${esc(label)}">${rects}
<line x1="20" x2="${W - 20}" y1="${h - 20}" y2="${h - 20}" stroke="#555"/><text x="20" y="${h - 4}">${esc(fmt(min, 3))}</text><text x="${W - 20}" y="${h - 4}" text-anchor="end">${esc(fmt(max, 3))}</text><text x="${W / 2}" y="12" text-anchor="middle">${esc(label)}</text></svg>`;
}
