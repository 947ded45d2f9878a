import { SCHEMA_VERSION, VERSION } from '../version.js';
import type { SampleFeatures } from './features.js';
import type { RiskModel } from './model-io.js';
import { pceInputFromFeatures, pceOutOfRange, pceRisk } from './pce.js';
import { predictRisk } from './predict.js';

export interface RiskPrediction {
  sample: string;
  /** Model 10-year risk, 0-1. */
  risk: number;
  /** Pooled Cohort Equations 10-year risk, 0-1 (null when a PCE input is missing). */
  pce_risk: number | null;
  /** PCE inputs outside the equations' derivation ranges. */
  pce_out_of_range: string[];
}

export interface RiskResult {
  schemaVersion: string;
  kind: 'precis-risk';
  precisVersion: string;
  researchUseOnly: true;
  notice: string;
  model: { name: string; kind: string; outcome: string; features: string[]; weightsSha256: string; createdAt: string };
  baseline: { name: string; reference: string };
  backend: string;
  dataVersions: DataVersion[];
  inputs: Record<string, string>;
  warnings: string[];
  predictions: RiskPrediction[];
}

/** A versioned input the numbers depend on (model weights, published equations). */
export interface DataVersion {
  name: string;
  version: string;
  source: string;
}

/** The model (identified by its weights hash) and the PCE coefficients used. */
export function riskDataVersions(model: RiskModel): DataVersion[] {
  const m = model.meta;
  return [
    { name: `model ${m.name}`, version: `sha256:${m.weightsSha256.slice(0, 16)} (${m.card.createdAt})`, source: m.card.createdWith },
    { name: 'Pooled Cohort Equations', version: '2013 ACC/AHA', source: PCE_REFERENCE },
  ];
}

export const RESEARCH_NOTICE =
  'Research use only. Not a medical device. The shipped cad-risk model emulates published equations on simulated data and is not clinically validated.';

export const PCE_REFERENCE = 'Goff DC Jr et al., Circulation 2014;129:S49-S73 (2013 ACC/AHA Pooled Cohort Equations)';

/** Predicts every sample with the model and the Pooled Cohort Equations side by side. */
export function assessRisk(features: SampleFeatures[], model: RiskModel, backend: string, inputs: Record<string, string> = {}, warnings: string[] = []): RiskResult {
  const risk = predictRisk(features, model);
  const predictions = features.map((s, i): RiskPrediction => {
    const pce = pceInputFromFeatures(s.values);
    return { sample: s.sample, risk: risk[i]!, pce_risk: pce ? pceRisk(pce) : null, pce_out_of_range: pce ? pceOutOfRange(pce) : [] };
  });
  const m = model.meta;
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'precis-risk',
    precisVersion: VERSION,
    researchUseOnly: true,
    notice: RESEARCH_NOTICE,
    model: { name: m.name, kind: m.kind, outcome: m.outcome, features: m.features, weightsSha256: m.weightsSha256, createdAt: m.card.createdAt },
    baseline: { name: 'pce', reference: PCE_REFERENCE },
    backend,
    dataVersions: riskDataVersions(model),
    inputs,
    warnings,
    predictions,
  };
}

export function riskToJson(r: RiskResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

const num = (x: number | null): string => (x === null ? 'NA' : x.toPrecision(6));

/** TSV: sample, risk, pce_risk, model, backend (one line per sample, header first). */
export function riskToTsv(r: RiskResult): string {
  const lines = ['sample\trisk\tpce_risk\tmodel\tbackend'];
  for (const p of r.predictions) lines.push([p.sample, num(p.risk), num(p.pce_risk), r.model.name, r.backend].join('\t'));
  return `${lines.join('\n')}\n`;
}
