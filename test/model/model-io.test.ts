import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/model/backend.js';
import { loadModel, saveModel, type ModelMetadata } from '../../src/model/model-io.js';
import { evaluateRows } from '../../src/model/predict.js';
import { buildNetwork } from '../../src/model/train.js';
import { PrecisError } from '../../src/util/errors.js';

const features = ['age', 'male', 'hdl', 'prs_z'];
const card = {
  title: 't', summary: 's', outcome: 'o', intendedUse: 'u', notIntendedFor: 'n', limitations: ['l'], trainingData: 'd',
  architecture: 'a', evaluations: [], references: [], createdAt: '2026-01-01T00:00:00Z', createdWith: 'test',
};
const meta = { name: 'tiny', kind: 'mlp' as const, features, scaler: { mean: [55, 0.5, 50, 0], sd: [10, 0.5, 15, 1] }, outcome: 'event', card };
const rows = Float64Array.from([60, 1, 40, 1.2, 45, 0, 70, -0.4, 79, 1, 25, 2.5]);

async function rejection(p: Promise<unknown>): Promise<PrecisError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PrecisError) return e;
    throw e;
  }
  throw new Error('expected a PrecisError');
}

describe('model save/load', () => {
  let dir = '';
  beforeAll(async () => {
    await initBackend();
    dir = mkdtempSync(join(tmpdir(), 'precis-model-'));
    await saveModel(dir, buildNetwork('mlp', 4, [8, 4], 42), meta);
  });

  it('round-trips exactly: same weights, same predictions, same metadata', async () => {
    const net = buildNetwork('mlp', 4, [8, 4], 42);
    const m = await loadModel(dir);
    const before = evaluateRows({ dir, net, meta: m.meta }, rows, 3);
    const after = evaluateRows(m, rows, 3);
    expect(Array.from(after)).toEqual(Array.from(before));
    const w0 = net.getWeights().map((w) => Array.from(w.dataSync()));
    const w1 = m.net.getWeights().map((w) => Array.from(w.dataSync()));
    expect(w1).toEqual(w0);
    expect(m.meta.features).toEqual(features);
    expect(m.meta.scaler).toEqual(meta.scaler);
    expect(m.meta.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'MODEL_CARD.md'), 'utf8')).toMatch(/Research use only/);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
  });

  it('rejects tampered weights (sha256 mismatch)', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'precis-model-bad-'));
    cpSync(dir, bad, { recursive: true });
    const w = readFileSync(join(bad, 'weights.bin'));
    w[7] = w[7]! ^ 0x01;
    writeFileSync(join(bad, 'weights.bin'), w);
    const e = await rejection(loadModel(bad));
    expect(e.code).toBe('MODEL');
    expect(e.message).toMatch(/sha256/);
    expect(e.file).toBe(join(bad, 'weights.bin'));
  });

  it('rejects an edited topology and an incompatible format version', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'precis-model-ver-'));
    cpSync(dir, bad, { recursive: true });
    const j = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const v2 = structuredClone(j);
    (v2.userDefinedMetadata.precis as ModelMetadata).formatVersion = 2;
    writeFileSync(join(bad, 'model.json'), JSON.stringify(v2));
    expect((await rejection(loadModel(bad))).message).toMatch(/incompatible model format version 2/);
    const topo = structuredClone(j);
    topo.modelTopology.config.layers[1].config.units = 9;
    writeFileSync(join(bad, 'model.json'), JSON.stringify(topo));
    expect((await rejection(loadModel(bad))).message).toMatch(/topology does not match/);
    writeFileSync(join(bad, 'model.json'), '{"format":"layers-model"}');
    expect((await rejection(loadModel(bad))).message).toMatch(/not a precis risk model/);
    copyFileSync(join(dir, 'model.json'), join(bad, 'model.json'));
    expect((await loadModel(bad)).meta.name).toBe('tiny');
    expect((await rejection(loadModel(join(bad, 'nope')))).code).toBe('NOT_FOUND');
  });
});
