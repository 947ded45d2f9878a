import * as tf from '@tensorflow/tfjs-core';
import { evaluateRows, networkFor, type OutputScale, type RiskModel } from '../model/index.js';
import type { Attribution } from './shap-exact.js';

/**
 * Integrated gradients (Sundararajan et al. 2017) averaged over background rows as
 * baselines ("expected gradients"), for models with too many features for exact SHAP.
 * Midpoint rule with `steps` points per path; the completeness residual it leaves
 * (sum phi versus f(x) - E f) is reported, not hidden. Gradients go through
 * `model.apply`, not `predict`, which avoids a tfjs wasm bug on large gradient batches.
 */
export function integratedGradients(model: RiskModel, x: Float64Array, background: Float64Array, scale: OutputScale, steps = 32): Attribution {
  const { mean, sd } = model.meta.scaler;
  const d = mean.length;
  const b = background.length / d;
  const { net, applyLogit } = networkFor(model, scale);
  const n = b * steps;
  const pts = new Float32Array(n * d);
  for (let k = 0; k < b; k++) {
    for (let i = 0; i < steps; i++) {
      const a = (i + 0.5) / steps;
      const off = (k * steps + i) * d;
      for (let j = 0; j < d; j++) {
        const bj = background[k * d + j]!;
        pts[off + j] = (bj + a * (x[j]! - bj) - mean[j]!) / sd[j]!;
      }
    }
  }
  const grads = tf.tidy(() => {
    const g = tf.grad((inp: tf.Tensor) => {
      let out = net.apply(inp, { training: false }) as tf.Tensor;
      if (applyLogit) out = tf.sub(tf.log(out), tf.log1p(tf.neg(out)));
      return tf.sum(out);
    });
    return g(tf.tensor2d(pts, [n, d])).dataSync();
  });
  const phi = new Float64Array(d);
  for (let k = 0; k < b; k++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = 0; i < steps; i++) s += grads[(k * steps + i) * d + j]!;
      // gradient is with respect to the standardised input: divide by sd to return to raw units
      phi[j] += ((x[j]! - background[k * d + j]!) * (s / steps)) / sd[j]!;
    }
  }
  for (let j = 0; j < d; j++) phi[j] /= b;
  const ends = new Float64Array((b + 1) * d);
  ends.set(background);
  ends.set(x, b * d);
  const y = evaluateRows(model, ends, b + 1, scale);
  let base = 0;
  for (let k = 0; k < b; k++) base += y[k]!;
  return { phi, base: base / b, fx: y[b]! };
}
