export { exactShap, shapleyFromValues, EXACT_SHAP_MAX_FEATURES, type Attribution, type RowFunction } from './shap-exact.js';
export { integratedGradients } from './integrated-gradients.js';
export { splitPrsAttribution, type PrsSplit, type PrsSplitMethod, type VariantShare } from './prs-split.js';
export { readPgxEvidence, type JsonValue } from './pgx-evidence.js';
export { loadBackground, defaultBackgroundPath, type Background } from './background.js';
export {
  explainPrediction, explainSamples, attribute, chooseMethod, EXACT_SHAP_DEFAULT_LIMIT,
  type ExplainResult, type SampleExplanation, type FeatureContribution, type ExplainOptions, type ExplainMethod,
} from './explain.js';
export { explainToJson, explainToTsv, renderWaterfall } from './render.js';
