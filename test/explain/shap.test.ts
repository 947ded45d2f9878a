import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackground } from '../../src/explain/background.js';
import { chooseMethod, explainPrediction, explainSamples } from '../../src/explain/explain.js';
import { integratedGradients } from '../../src/explain/integrated-gradients.js';
import { exactShap, shapleyFromValues } from '../../src/explain/shap-exact.js';
import { initBackend } from '../../src/model/backend.js';
import { parseFeatureTable } from '../../src/model/features.js';
import { loadModel, type RiskModel } from '../../src/model/model-io.js';
import { evaluateRows } from '../../src/model/predict.js';
import { SeededRandom } from '../../src/model/rng.js';
import { cohortToTsv, simulateCohort } from '../../src/model/simulate.js';
import { parseTable } from '../../src/model/table.js';
import { buildNetwork } from '../../src/model/train.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const MODEL = join(PACKAGE_ROOT, 'models', 'cad-risk');
const people = parseFeatureTable(parseTable(cohortToTsv(simulateCohort(8, 777)), 'sim.tsv'));

/** A logistic model with known coefficients (raw units): logit = b0 + Σ beta_j x_j. */
function logisticModel(beta: number[], b0: number, mean: number[], sd: number[]): RiskModel {
  const net = buildNetwork('logistic', beta.length, [], 1);
  // the network sees standardised inputs z = (x - mean)/sd, so its kernel is beta*sd
  const kernel = beta.map((b, j) => b * sd[j]!);
  const bias = b0 + beta.reduce((a, b, j) => a + b * mean[j]!, 0);
  net.setWeights([tf.tensor2d(kernel, [beta.length, 1]), tf.tensor1d([bias])]);
  const features = beta.map((_, j) => `x${j}`);
  return { dir: '', net, meta: { name: 'lr', kind: 'logistic', features, scaler: { mean, sd }, outcome: 'y', card: {} as RiskModel['meta']['card'], weightsSha256: '', topologySha256: '', format: 'precis-risk-model', formatVersion: 1 } };
}

function randomRows(n: number, d: number, seed: number): Float64Array {
  const r = new SeededRandom(seed);
  return Float64Array.from({ length: n * d }, () => r.normal(0, 2));
}

describe('exact SHAP', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('Shapley values of a known game (glove game: 1 left glove, 2 right gloves)', () => {
    // v(S) = 1 if S holds player 0 and at least one of players 1, 2
    const v = Float64Array.from({ length: 8 }, (_, s) => (s & 1 && s & 6 ? 1 : 0));
    const phi = shapleyFromValues(v, 3);
    expect(phi[0]).toBeCloseTo(2 / 3, 12);
    expect(phi[1]).toBeCloseTo(1 / 6, 12);
    expect(phi[2]).toBeCloseTo(1 / 6, 12);
  });

  it('skipping rows where the background already equals x changes nothing (vs a naive 2^d x B evaluation)', () => {
    const d = 6;
    // a nonlinear function with interactions; features 0-2 binary so rows repeat
    const g = (r: Float64Array, o: number): number => Math.tanh(r[o]! * r[o + 3]! - 0.7 * r[o + 1]! + Math.sin(r[o + 4]!) * r[o + 2]! + 0.3 * r[o + 5]! ** 2);
    const f = (rows: Float64Array, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => g(rows, i * d));
    const rng = new SeededRandom(21);
    const B = 30;
    const bg = Float64Array.from({ length: B * d }, (_, i) => (i % d < 3 ? rng.bernoulli(0.4) : rng.normal()));
    const x = Float64Array.from([1, 0, 1, 0.4, -1.2, 2]);
    const fast = exactShap(f, x, bg, d);
    // naive: v(S) by direct evaluation of every (S, k) row, Shapley by the permutation-free formula
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    const v = (mask: number): number => {
      let sum = 0;
      for (let k = 0; k < B; k++) {
        const row = Float64Array.from({ length: d }, (_, j) => (mask & (1 << j) ? x[j]! : bg[k * d + j]!));
        sum += g(row, 0);
      }
      return sum / B;
    };
    for (let j = 0; j < d; j++) {
      let phi = 0;
      for (let mask = 0; mask < 1 << d; mask++) {
        if (mask & (1 << j)) continue;
        const size = mask.toString(2).split('1').length - 1;
        phi += ((fact(size) * fact(d - size - 1)) / fact(d)) * (v(mask | (1 << j)) - v(mask));
      }
      expect(fast.phi[j]).toBeCloseTo(phi, 12);
    }
    expect(fast.fx).toBeCloseTo(g(x, 0), 12);
  });

  it('completeness |Σφ − (f(x) − E f)| < 1e-6 on the shipped model, with f(x) matching a direct prediction', async () => {
    const model = await loadModel(MODEL);
    const bg = loadBackground(model, undefined, 64);
    for (const s of people.slice(0, 3)) {
      for (const scale of ['probability', 'logit'] as const) {
        const e = explainPrediction(s, model, bg, { scale });
        const sum = e.contributions.reduce((a, c) => a + c.contribution, 0);
        expect(Math.abs(sum - (e.fx - e.base))).toBeLessThan(1e-6);
        expect(Math.abs(e.completenessResidual)).toBeLessThan(1e-6);
        const x = Float64Array.from(model.meta.features.map((f) => s.values[f]!));
        expect(Math.abs(evaluateRows(model, x, 1, scale)[0]! - e.fx)).toBeLessThan(1e-6);
        // E f is the mean prediction over the background
        const fb = evaluateRows(model, bg.rows, bg.n, scale);
        expect(Math.abs(fb.reduce((a, b) => a + b, 0) / bg.n - e.base)).toBeLessThan(1e-6);
      }
    }
  });

  it('for a logistic model on the logit scale, φ_j = β_j (x_j − E x_j), and an ignored feature gets exactly 0', () => {
    const beta = [0.8, -0.5, 0, 1.3, 0.25];
    const m = logisticModel(beta, -1, [0.1, -0.2, 0.3, 0, 1], [1.5, 2, 1, 0.7, 3]);
    const d = beta.length;
    const bg = randomRows(40, d, 11);
    const mean = Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let k = 0; k < 40; k++) s += bg[k * d + j]!;
      return s / 40;
    });
    for (const x of [Float64Array.from([1, 2, -3, 0.5, 4]), randomRows(1, d, 5)]) {
      const a = exactShap((rows, n) => evaluateRows(m, rows, n, 'logit'), x, bg, d);
      for (let j = 0; j < d; j++) expect(a.phi[j]).toBeCloseTo(beta[j]! * (x[j]! - mean[j]!), 4);
      expect(a.phi[2]).toBe(0);
      // the same holds on the probability scale for the ignored feature
      const p = exactShap((rows, n) => evaluateRows(m, rows, n, 'probability'), x, bg, d);
      expect(p.phi[2]).toBe(0);
    }
  });

  it('an MLP whose first layer ignores a feature gives it exactly 0, on both scales', () => {
    const net = buildNetwork('mlp', 4, [8, 4], 3);
    const w = net.getWeights();
    const k = w[0]!.arraySync() as number[][];
    k[1] = k[1]!.map(() => 0);
    net.setWeights([tf.tensor2d(k), ...w.slice(1)]);
    const m: RiskModel = { ...logisticModel([0, 0, 0, 0], 0, [0, 0, 0, 0], [1, 1, 1, 1]), net };
    const bg = randomRows(20, 4, 8);
    const x = Float64Array.from([1.5, -3, 0.2, 2]);
    for (const scale of ['logit', 'probability'] as const) {
      const a = exactShap((rows, n) => evaluateRows(m, rows, n, scale), x, bg, 4);
      expect(a.phi[1]).toBe(0);
      expect(Math.abs(a.phi[0]!) + Math.abs(a.phi[3]!)).toBeGreaterThan(0);
    }
  });

  it('chooses exact SHAP up to 14 features and integrated gradients beyond; refuses exact SHAP past 16', () => {
    expect(chooseMethod(11)).toBe('exact-shap');
    expect(chooseMethod(14)).toBe('exact-shap');
    expect(chooseMethod(15)).toBe('integrated-gradients');
    expect(chooseMethod(15, 'exact-shap')).toBe('exact-shap');
    expect(() => chooseMethod(17, 'exact-shap')).toThrow(/at most 16 features/);
  });

  it('integrated gradients: exact for a logistic model on the logit scale, small residual on the MLP', async () => {
    const beta = [0.8, -0.5, 0, 1.3];
    const m = logisticModel(beta, 0.2, [0, 0, 0, 0], [1, 2, 1, 0.5]);
    const bg = randomRows(16, 4, 3);
    const x = Float64Array.from([1, -1, 2, 0.5]);
    const ig = integratedGradients(m, x, bg, 'logit', 8);
    const shap = exactShap((rows, n) => evaluateRows(m, rows, n, 'logit'), x, bg, 4);
    for (let j = 0; j < 4; j++) expect(ig.phi[j]).toBeCloseTo(shap.phi[j]!, 4);
    const model = await loadModel(MODEL);
    const bgm = loadBackground(model, undefined, 16);
    const e = explainPrediction(people[0]!, model, bgm, { method: 'integrated-gradients', steps: 64, scale: 'logit' });
    expect(Math.abs(e.completenessResidual)).toBeLessThan(0.05);
    const ex = explainPrediction(people[0]!, model, bgm, { method: 'exact-shap', scale: 'logit' });
    expect(e.base).toBeCloseTo(ex.base, 6);
    expect(e.fx).toBeCloseTo(ex.fx, 6);
  });

  it('explainSamples reports method, backend, background and sorted contributions', async () => {
    const model = await loadModel(MODEL);
    const bg = loadBackground(model, undefined, 32);
    const r = explainSamples(people.slice(0, 2), model, bg);
    expect(r.method).toBe('exact-shap');
    expect(r.backend).toBe('wasm');
    expect(r.background.n).toBe(32);
    expect(r.researchUseOnly).toBe(true);
    for (const e of r.explanations) {
      const mags = e.contributions.map((c) => Math.abs(c.contribution));
      expect(mags).toEqual([...mags].sort((a, b) => b - a));
      expect(e.contributions.map((c) => c.feature).sort()).toEqual([...model.meta.features].sort());
    }
  });
});
