export { initBackend, currentBackend, type BackendName } from './backend.js';
export { readTable, parseTable, type Table, type TableRow } from './table.js';
export {
  CLINICAL_NUMERIC, ENCODED_FEATURES, parseFeatureTable, joinFeatures, featureMatrix, unmatchedSamples, describeFeature,
  type SampleFeatures, type ValueOrigin,
} from './features.js';
export { pceRisk, pceLinearPredictor, pceEquation, pceInputFromFeatures, pceOutOfRange, PCE_EQUATIONS, type PceInput } from './pce.js';
export { SeededRandom } from './rng.js';
export { auroc, brier, calibrationFit, calibrationInTheLarge, binaryMetrics, logit, sigmoid, type BinaryMetrics } from './metrics.js';
export { simulateCohort, simulatePerson, cohortToTsv, PRS_HAZARD_RATIO_PER_SD, type SimulatedPerson } from './simulate.js';
export { saveModel, loadModel, resolveModelDir, MODEL_FORMAT_VERSION, type ModelMetadata, type RiskModel, type ModelKind } from './model-io.js';
export { renderModelCard, type ModelCard, type Evaluation } from './card.js';
export { predictRisk, networkFor, evaluateRows, evaluateNetwork, standardise, LOGIT_LAYER, type OutputScale, type Scaler } from './predict.js';
export { trainNetwork, buildNetwork, fitScaler, splitRows, DEFAULT_TRAIN_OPTIONS, type TrainOptions, type TrainResult } from './train.js';
export { trainingData, type TrainingData } from './training-data.js';
export { fitModel, architecture, type FittedModel } from './fit.js';
export { readPrsJson, prsScoresFromDocument, selectPrsScore, type PrsSampleScore, type VariantContribution, type RemainingContribution } from './prs-input.js';
export { assembleFeatures, type FeatureSources, type AssembledFeatures } from './assemble.js';
export { assessRisk, riskToJson, riskToTsv, riskDataVersions, RESEARCH_NOTICE, PCE_REFERENCE, type RiskResult, type RiskPrediction, type DataVersion } from './risk.js';
export { createRiskStage, type RiskStageOptions } from './stage.js';
export { loadFeatureInputs, pickSamples, type FeatureFiles, type LoadedFeatureInputs } from './inputs.js';
