import {
  currentBackend, evaluateRows, riskDataVersions, featureMatrix, pceInputFromFeatures, pceRisk, RESEARCH_NOTICE,
  type DataVersion, type OutputScale, type PrsSampleScore, type RiskModel, type SampleFeatures,
} from '../model/index.js';
import { PrecisError } from '../util/errors.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import type { Background } from './background.js';
import { integratedGradients } from './integrated-gradients.js';
import type { JsonValue } from './pgx-evidence.js';
import { splitPrsAttribution, type PrsSplit } from './prs-split.js';
import { EXACT_SHAP_MAX_FEATURES, exactShap, type Attribution } from './shap-exact.js';

export type ExplainMethod = 'exact-shap' | 'integrated-gradients';

/** Exact SHAP is the default up to this many features (2^14 x 64 rows ~ 1 M evaluations). */
export const EXACT_SHAP_DEFAULT_LIMIT = 14;

export interface FeatureContribution {
  feature: string;
  value: number;
  contribution: number;
  prsVariants?: PrsSplit;
}

export interface SampleExplanation {
  sample: string;
  /** E[f] over the background cohort. */
  base: number;
  /** f(x) for this sample. */
  fx: number;
  /** Sorted by |contribution|, largest first. */
  contributions: FeatureContribution[];
  /** Σ contributions − (f(x) − E f): rounding for exact SHAP, approximation error for IG. */
  completenessResidual: number;
  risk: number;
  pce_risk: number | null;
  pgx?: JsonValue;
}

export interface ExplainResult {
  schemaVersion: string;
  kind: 'precis-explain';
  precisVersion: string;
  researchUseOnly: true;
  notice: string;
  model: { name: string; kind: string; outcome: string; features: string[]; weightsSha256: string };
  backend: string;
  dataVersions: DataVersion[];
  method: ExplainMethod;
  scale: OutputScale;
  background: { source: string; n: number };
  warnings: string[];
  explanations: SampleExplanation[];
}

export interface ExplainOptions {
  method?: ExplainMethod | 'auto';
  scale?: OutputScale;
  /** Integration steps for integrated gradients. */
  steps?: number;
  /** Per-sample polygenic score results, to split the prs_z attribution by variant. */
  prs?: Map<string, PrsSampleScore>;
  topVariants?: number;
  pgx?: Map<string, JsonValue>;
}

export function chooseMethod(d: number, requested: ExplainMethod | 'auto' = 'auto'): ExplainMethod {
  if (requested === 'exact-shap' && d > EXACT_SHAP_MAX_FEATURES) {
    throw new PrecisError('USAGE', `exact SHAP supports at most ${EXACT_SHAP_MAX_FEATURES} features; this model has ${d}`, { hint: 'use --method integrated-gradients' });
  }
  if (requested !== 'auto') return requested;
  return d <= EXACT_SHAP_DEFAULT_LIMIT ? 'exact-shap' : 'integrated-gradients';
}

/** Attribution of one sample's prediction (raw feature vector in model order). */
export function attribute(model: RiskModel, x: Float64Array, background: Background, method: ExplainMethod, scale: OutputScale, steps = 32): Attribution {
  const d = model.meta.features.length;
  if (method === 'exact-shap') return exactShap((rows, n) => evaluateRows(model, rows, n, scale), x, background.rows, d);
  return integratedGradients(model, x, background.rows, scale, steps);
}

/** Explains one sample: sorted contributions, completeness residual, PRS split, PGx trail. */
export function explainPrediction(sample: SampleFeatures, model: RiskModel, background: Background, o: ExplainOptions = {}): SampleExplanation {
  const names = model.meta.features;
  const x = featureMatrix([sample], names);
  const method = chooseMethod(names.length, o.method);
  const scale = o.scale ?? 'probability';
  const a = attribute(model, x, background, method, scale, o.steps);
  let sum = 0;
  const contributions = names.map((feature, j): FeatureContribution => {
    sum += a.phi[j]!;
    return { feature, value: x[j]!, contribution: a.phi[j]! };
  });
  const prs = o.prs?.get(sample.sample);
  if (prs) {
    const c = contributions.find((f) => f.feature === 'prs_z');
    const split = c ? splitPrsAttribution(c.contribution, prs, o.topVariants) : null;
    if (c && split) c.prsVariants = split;
  }
  contributions.sort((p, q) => Math.abs(q.contribution) - Math.abs(p.contribution));
  const risk = scale === 'probability' ? a.fx : evaluateRows(model, x, 1, 'probability')[0]!;
  const pce = pceInputFromFeatures(sample.values);
  const out: SampleExplanation = {
    sample: sample.sample,
    base: a.base,
    fx: a.fx,
    contributions,
    completenessResidual: sum - (a.fx - a.base),
    risk,
    pce_risk: pce ? pceRisk(pce) : null,
  };
  const pgx = o.pgx?.get(sample.sample);
  if (pgx !== undefined) out.pgx = pgx;
  return out;
}

/** Explains every sample; the result is what `explain -O json` writes and `report` embeds. */
export function explainSamples(samples: SampleFeatures[], model: RiskModel, background: Background, o: ExplainOptions = {}, warnings: string[] = []): ExplainResult {
  const method = chooseMethod(model.meta.features.length, o.method);
  const m = model.meta;
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'precis-explain',
    precisVersion: VERSION,
    researchUseOnly: true,
    notice: RESEARCH_NOTICE,
    model: { name: m.name, kind: m.kind, outcome: m.outcome, features: m.features, weightsSha256: m.weightsSha256 },
    backend: currentBackend(),
    dataVersions: riskDataVersions(model),
    method,
    scale: o.scale ?? 'probability',
    background: { source: background.source, n: background.n },
    warnings,
    explanations: samples.map((s) => explainPrediction(s, model, background, { ...o, method })),
  };
}
