import * as tfl from '@tensorflow/tfjs-layers';
import { VERSION } from '../version.js';
import type { Evaluation, ModelCard } from './card.js';
import type { ModelKind, ModelMetadata } from './model-io.js';
import { trainNetwork, type TrainOptions, type TrainResult } from './train.js';
import type { TrainingData } from './training-data.js';

export interface FitDescription {
  name: string;
  outcome: string;
  title?: string;
  summary?: string;
  trainingData?: string;
  intendedUse?: string;
  limitations?: string[];
  references?: string[];
  extraEvaluations?: Evaluation[];
}

export interface FittedModel {
  net: tfl.LayersModel;
  meta: Omit<ModelMetadata, 'weightsSha256' | 'topologySha256' | 'format' | 'formatVersion'>;
  result: TrainResult;
}

export function architecture(kind: ModelKind, d: number, hidden: number[]): string {
  return kind === 'logistic'
    ? `logistic regression on ${d} standardised features`
    : `multilayer perceptron ${[d, ...hidden, 1].join('-')} (ReLU hidden layers, sigmoid output), standardised inputs`;
}

/** Trains on a table and fills in the metadata and model card that `saveModel` writes. */
export async function fitModel(data: TrainingData, o: TrainOptions, about: FitDescription, backend: string): Promise<FittedModel> {
  const result = await trainNetwork(data.rows, data.y, data.features.length, o);
  const events = data.y.reduce((a, b) => a + b, 0);
  const card: ModelCard = {
    title: about.title ?? `${about.name}: ${about.outcome}`,
    summary: about.summary ?? `A ${o.kind} model predicting ${about.outcome} from ${data.features.length} features, trained with precis train.`,
    outcome: about.outcome,
    intendedUse: about.intendedUse ?? 'Research on the cohort it was trained on; explanations with precis explain.',
    notIntendedFor: 'clinical decisions about individual patients',
    limitations: about.limitations ?? [
      'Validated only on a random split of its own training table; performance elsewhere is unknown.',
      'Missing values are not imputed: every feature must be present.',
    ],
    trainingData: about.trainingData ?? `${data.y.length} rows (${events} with outcome = 1), split ${result.nTrain} training / ${result.nValidation} validation with seed ${o.seed}.`,
    architecture: `${architecture(o.kind, data.features.length, o.hidden)}; Adam lr ${o.learningRate}, batch ${o.batchSize}, early stopping on validation loss (patience ${o.patience}), best epoch ${result.bestEpoch} of ${result.epochs}; backend ${backend}`,
    evaluations: [
      { name: 'validation', description: `seeded ${Math.round(o.validationFraction * 100)} % validation split of the training table`, metrics: result.validation },
      ...(about.extraEvaluations ?? []),
    ],
    references: about.references ?? [],
    createdAt: new Date().toISOString(),
    createdWith: `precis ${VERSION}`,
  };
  return {
    net: result.net,
    result,
    meta: { name: about.name, kind: o.kind, features: data.features, scaler: result.scaler, outcome: about.outcome, card },
  };
}
