import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/model/backend.js';
import { evaluateNetwork } from '../../src/model/predict.js';
import { cohortToTsv, simulateCohort } from '../../src/model/simulate.js';
import { parseTable } from '../../src/model/table.js';
import { DEFAULT_TRAIN_OPTIONS, splitRows, trainNetwork } from '../../src/model/train.js';
import { trainingData } from '../../src/model/training-data.js';
import { PrecisError } from '../../src/util/errors.js';

const table = parseTable(cohortToTsv(simulateCohort(6000, 4242)), 'cohort.tsv');

describe('training', () => {
  it('splits rows reproducibly by seed', () => {
    const a = splitRows(100, 0.2, 3);
    const b = splitRows(100, 0.2, 3);
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect(a.validation.length).toBe(20);
    expect(new Set([...a.train, ...a.validation]).size).toBe(100);
    expect(Array.from(splitRows(100, 0.2, 4).validation)).not.toEqual(Array.from(a.validation));
  });

  it('builds the feature matrix with encoded categorical columns and rejects bad outcomes', () => {
    const d = trainingData(table, { outcome: 'event', exclude: ['true_risk'] });
    expect(d.features).toEqual(['age', 'male', 'african_american', 'total_cholesterol', 'hdl', 'systolic_bp', 'bp_treated', 'smoker', 'diabetes', 'bmi', 'prs_z']);
    expect(d.y.length).toBe(6000);
    expect(() => trainingData(table, { outcome: 'nope' })).toThrow(PrecisError);
    const bad = parseTable('sample\tx\ty\nA\t1\t2\n', 'b.tsv');
    expect(() => trainingData(bad, { outcome: 'y' })).toThrow(/must be 0 or 1/);
  });

  it('trains a seeded logistic model deterministically, with early stopping and sensible metrics', async () => {
    await initBackend('wasm');
    const d = trainingData(table, { outcome: 'event', exclude: ['true_risk'] });
    const o = { ...DEFAULT_TRAIN_OPTIONS, kind: 'logistic' as const, seed: 5, maxEpochs: 40, patience: 4, learningRate: 0.02 };
    const a = await trainNetwork(d.rows, d.y, d.features.length, o);
    const b = await trainNetwork(d.rows, d.y, d.features.length, o);
    const pa = evaluateNetwork(a.net, a.scaler, d.rows.subarray(0, 11 * 50), 50, 'probability');
    const pb = evaluateNetwork(b.net, b.scaler, d.rows.subarray(0, 11 * 50), 50, 'probability');
    expect(Array.from(pa)).toEqual(Array.from(pb));
    expect(a.bestEpoch).toBeLessThanOrEqual(a.epochs);
    expect(a.nValidation).toBe(1200);
    expect(a.validation.auroc).toBeGreaterThan(0.75);
    expect(a.validation.calibrationSlope).toBeGreaterThan(0.8);
    expect(a.validation.calibrationSlope).toBeLessThan(1.2);
    expect(a.scaler.mean[0]).toBeGreaterThan(55);
  });
});
