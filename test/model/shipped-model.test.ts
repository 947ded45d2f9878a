import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/model/backend.js';
import { parseFeatureTable } from '../../src/model/features.js';
import { binaryMetrics, auroc } from '../../src/model/metrics.js';
import { loadModel } from '../../src/model/model-io.js';
import { predictRisk } from '../../src/model/predict.js';
import { cohortToTsv, simulateCohort } from '../../src/model/simulate.js';
import { parseTable } from '../../src/model/table.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const MODEL = join(PACKAGE_ROOT, 'models', 'cad-risk');

// A held-out set from a seed the training script never used.
const people = simulateCohort(30000, 99173, 'T');
const samples = parseFeatureTable(parseTable(cohortToTsv(people), 'sim.tsv'));

describe('shipped cad-risk model', () => {
  it('recovers the generating model: AUROC within 0.01 of its ceiling, calibration slope 0.9-1.1', async () => {
    await initBackend();
    const model = await loadModel(MODEL);
    const p = predictRisk(samples, model);
    const y = people.map((q) => q.event);
    const m = binaryMetrics(p, y);
    const ceiling = auroc(people.map((q) => q.true_risk), y);
    expect(ceiling - m.auroc).toBeLessThan(0.01);
    expect(m.auroc).toBeGreaterThan(0.7);
    expect(m.calibrationSlope).toBeGreaterThan(0.9);
    expect(m.calibrationSlope).toBeLessThan(1.1);
    expect(Math.abs(m.calibrationIntercept)).toBeLessThan(0.15);
  });

  it('gives the same predictions on the cpu and wasm backends (1e-5)', async () => {
    const few = samples.slice(0, 2000);
    expect(await initBackend('cpu')).toBe('cpu');
    const onCpu = predictRisk(few, await loadModel(MODEL));
    expect(await initBackend('wasm')).toBe('wasm');
    const onWasm = predictRisk(few, await loadModel(MODEL));
    let worst = 0;
    for (let i = 0; i < few.length; i++) worst = Math.max(worst, Math.abs(onCpu[i]! - onWasm[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('tracks the Pooled Cohort Equations on the same people (PRS at 0 hazard ratio)', async () => {
    await initBackend('wasm');
    const model = await loadModel(MODEL);
    const p = predictRisk(samples.slice(0, 5000), model);
    const t = people.slice(0, 5000).map((q) => q.true_risk);
    let se = 0;
    for (let i = 0; i < p.length; i++) se += (p[i]! - t[i]!) ** 2;
    expect(Math.sqrt(se / p.length)).toBeLessThan(0.03);
  });
});
