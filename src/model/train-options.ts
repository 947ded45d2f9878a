import type { ModelKind } from './model-io.js';

/** Training settings; kept apart from the trainer so the CLI can show defaults without loading tfjs. */
export interface TrainOptions {
  kind: ModelKind;
  /** Hidden layer widths for an MLP (ignored for logistic). */
  hidden: number[];
  seed: number;
  /** Fraction of rows held out for validation (early stopping and reported metrics). */
  validationFraction: number;
  maxEpochs: number;
  patience: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on Dense kernels. */
  l2: number;
  onEpoch?: (epoch: number, trainLoss: number, valLoss: number) => void;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  kind: 'mlp',
  hidden: [32, 16],
  seed: 1,
  validationFraction: 0.2,
  maxEpochs: 200,
  patience: 10,
  batchSize: 512,
  learningRate: 0.003,
  l2: 0,
  onEpoch: undefined,
};
