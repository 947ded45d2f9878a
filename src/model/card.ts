import type { BinaryMetrics } from './metrics.js';
import { describeFeature } from './features.js';

/** A model evaluated on one data set (validation split, held-out simulation, ...). */
export interface Evaluation {
  name: string;
  description: string;
  metrics: BinaryMetrics;
  /** AUROC of the generating model's own risk on the same rows, when known (the ceiling). */
  generatingAuroc?: number;
}

/** What a user must know before trusting a model; kept in model.json and rendered to MODEL_CARD.md. */
export interface ModelCard {
  title: string;
  summary: string;
  outcome: string;
  intendedUse: string;
  notIntendedFor: string;
  limitations: string[];
  trainingData: string;
  architecture: string;
  evaluations: Evaluation[];
  references: string[];
  createdAt: string;
  createdWith: string;
}

const f4 = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'NA');

export function renderModelCard(card: ModelCard, features: readonly string[], scaler: { mean: number[]; sd: number[] }, kind: string): string {
  const out: string[] = [];
  out.push(`# ${card.title}`, '', card.summary, '', '**Research use only. Not a medical device; not clinically validated.**', '');
  out.push('## Outcome', '', card.outcome, '');
  out.push('## Intended use', '', card.intendedUse, '', `Not intended for: ${card.notIntendedFor}`, '');
  out.push('## Features', '', '| feature | unit | meaning | training mean | training SD |', '|---|---|---|---|---|');
  features.forEach((f, i) => {
    const d = describeFeature(f);
    out.push(`| ${f} | ${d.unit} | ${d.description} | ${f4(scaler.mean[i]!)} | ${f4(scaler.sd[i]!)} |`);
  });
  out.push('', '## Model', '', `${kind}: ${card.architecture}`, '', '## Training data', '', card.trainingData, '');
  out.push('## Evaluation', '');
  out.push('| data | n | events | AUROC | generating model AUROC | calibration slope | calibration-in-the-large | Brier |', '|---|---|---|---|---|---|---|---|');
  for (const e of card.evaluations) {
    const m = e.metrics;
    out.push(`| ${e.name} | ${m.n} | ${m.events} | ${f4(m.auroc)} | ${e.generatingAuroc === undefined ? '-' : f4(e.generatingAuroc)} | ${f4(m.calibrationSlope)} | ${f4(m.calibrationIntercept)} | ${f4(m.brier)} |`);
  }
  out.push('');
  for (const e of card.evaluations) out.push(`- ${e.name}: ${e.description}`);
  out.push('', '## Limitations', '', ...card.limitations.map((l) => `- ${l}`), '');
  if (card.references.length > 0) out.push('## References', '', ...card.references.map((r) => `- ${r}`), '');
  out.push(`Created ${card.createdAt} with ${card.createdWith}.`, '');
  return out.join('\n');
}
