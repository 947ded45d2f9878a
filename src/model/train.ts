import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { PrecisError } from '../util/errors.js';
import { binaryMetrics, type BinaryMetrics } from './metrics.js';
import type { ModelKind } from './model-io.js';
import { evaluateNetwork, LOGIT_LAYER, type Scaler } from './predict.js';
import { SeededRandom } from './rng.js';

export { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './train-options.js';
import type { TrainOptions } from './train-options.js';

export interface TrainResult {
  net: tfl.LayersModel;
  scaler: Scaler;
  epochs: number;
  bestEpoch: number;
  validation: BinaryMetrics;
  nTrain: number;
  nValidation: number;
}

/**
 * Dense network ending in a linear `logit` layer and a sigmoid, so explanations can
 * read the log-odds directly. Initialisers are seeded: the same seed gives the same model.
 */
export function buildNetwork(kind: ModelKind, inputs: number, hidden: number[], seed: number, l2 = 0): tfl.LayersModel {
  const rng = new SeededRandom(seed);
  const reg = l2 > 0 ? tfl.regularizers.l2({ l2 }) : undefined;
  const input = tfl.input({ shape: [inputs], name: 'features' });
  let h: tfl.SymbolicTensor = input;
  if (kind === 'mlp') {
    hidden.forEach((units, i) => {
      h = tfl.layers
        .dense({ units, activation: 'relu', name: `hidden${i + 1}`, kernelInitializer: tfl.initializers.heNormal({ seed: rng.seed() }), kernelRegularizer: reg })
        .apply(h) as tfl.SymbolicTensor;
    });
  }
  const z = tfl.layers
    .dense({ units: 1, name: LOGIT_LAYER, kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.seed() }), kernelRegularizer: reg })
    .apply(h) as tfl.SymbolicTensor;
  const p = tfl.layers.activation({ activation: 'sigmoid', name: 'risk' }).apply(z) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: p, name: kind });
}

/** Column means and SDs of the training rows (SD 1 for a constant column, to keep it finite). */
export function fitScaler(rows: Float64Array, n: number, d: number): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sd[j] += (rows[i * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(sd[j]! / Math.max(1, n - 1));
    sd[j] = s > 1e-12 ? s : 1;
  }
  return { mean, sd };
}

/** Splits row indices by a seeded shuffle into training and validation sets. */
export function splitRows(n: number, fraction: number, seed: number): { train: Int32Array; validation: Int32Array } {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  new SeededRandom(seed).shuffle(idx);
  const nVal = Math.round(n * fraction);
  return { validation: idx.slice(0, nVal), train: idx.slice(nVal) };
}

function gather(rows: Float64Array, d: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * d);
  idx.forEach((r, i) => out.set(rows.subarray(r * d, r * d + d), i * d));
  return out;
}

/**
 * Fits the network with Adam on binary cross-entropy; stops when the validation loss
 * has not improved for `patience` epochs and restores the best weights. Shuffling uses
 * the seeded generator (tfjs's own shuffle is not seedable).
 */
export async function trainNetwork(rows: Float64Array, y: Float64Array, d: number, o: TrainOptions): Promise<TrainResult> {
  const n = y.length;
  if (n < 20) throw new PrecisError('BAD_DATA', `only ${n} rows: too few to train and validate a model`);
  const { train, validation } = splitRows(n, o.validationFraction, o.seed);
  const trX = gather(rows, d, train);
  const vaX = gather(rows, d, validation);
  const trY = Float32Array.from(train, (i) => y[i]!);
  const vaY = Float32Array.from(validation, (i) => y[i]!);
  if (!vaY.some((v) => v === 1) || !vaY.some((v) => v === 0)) {
    throw new PrecisError('BAD_DATA', 'the validation split has only one outcome class', { hint: 'use more rows or a larger --validation fraction' });
  }
  const scaler = fitScaler(trX, train.length, d);
  const net = buildNetwork(o.kind, d, o.hidden, o.seed, o.l2);
  net.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'binaryCrossentropy' });
  const std = (x: Float64Array, m: number): Float32Array => {
    const out = new Float32Array(m * d);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) out[i * d + j] = (x[i * d + j]! - scaler.mean[j]!) / scaler.sd[j]!;
    return out;
  };
  const trStd = std(trX, train.length);
  const vaT = tf.tensor2d(std(vaX, validation.length), [validation.length, d]);
  const vaYT = tf.tensor2d(vaY, [validation.length, 1]);
  const rng = new SeededRandom(o.seed ^ 0x5bd1e995);
  const order = Int32Array.from({ length: train.length }, (_, i) => i);
  const xs = new Float32Array(trStd.length);
  const ys = new Float32Array(train.length);
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] = [];
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= o.maxEpochs; epoch++) {
      rng.shuffle(order);
      order.forEach((r, i) => {
        xs.set(trStd.subarray(r * d, r * d + d), i * d);
        ys[i] = trY[r]!;
      });
      const xT = tf.tensor2d(xs, [train.length, d]);
      const yT = tf.tensor2d(ys, [train.length, 1]);
      const h = await net.fit(xT, yT, { epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0 });
      xT.dispose();
      yT.dispose();
      const trainLoss = Number(h.history.loss?.[0]);
      const valLoss = tf.tidy(() => (net.evaluate(vaT, vaYT, { batchSize: 65536 }) as tf.Scalar).dataSync()[0]!);
      o.onEpoch?.(epoch, trainLoss, valLoss);
      if (valLoss < best - 1e-6) {
        best = valLoss;
        bestEpoch = epoch;
        bestWeights.forEach((w) => w.dispose());
        bestWeights = net.getWeights().map((w) => w.clone());
      } else if (epoch - bestEpoch >= o.patience) break;
    }
    net.setWeights(bestWeights);
  } finally {
    bestWeights.forEach((w) => w.dispose());
    vaT.dispose();
    vaYT.dispose();
  }
  const p = evaluateNetwork(net, scaler, vaX, validation.length, 'probability');
  return { net, scaler, epochs: Math.min(epoch, o.maxEpochs), bestEpoch, validation: binaryMetrics(p, vaY), nTrain: train.length, nValidation: validation.length };
}
