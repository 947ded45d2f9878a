// In-process timing for bench/model/run.mjs: node throughput.mjs TABLE SHAP_SAMPLES (backend from PRECIS_BACKEND).
import { explainPrediction, loadBackground } from '../../dist/explain/index.js';
import { initBackend, loadModel, parseFeatureTable, predictRisk, readTable } from '../../dist/model/index.js';

const [table, nShap] = process.argv.slice(2);
const backend = await initBackend();
const model = await loadModel('cad-risk');
const samples = parseFeatureTable(readTable(table));
predictRisk(samples.slice(0, 100), model); // warm-up: kernels compiled, weights uploaded
// median of 5 runs: one 10k-row call takes tens of ms, so single runs are noisy on a shared machine
const runs = [];
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  predictRisk(samples, model);
  runs.push((performance.now() - t) / 1000);
}
const predictSeconds = runs.sort((a, b) => a - b)[2];
let t0;
const bg = loadBackground(model, undefined, 64);
explainPrediction(samples[0], model, bg);
let maxResidual = 0;
t0 = performance.now();
const k = Number(nShap);
for (let i = 0; i < k; i++) maxResidual = Math.max(maxResidual, Math.abs(explainPrediction(samples[i], model, bg).completenessResidual));
const shapSeconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ backend, predictionsPerSecond: samples.length / predictSeconds, shapPerSecond: k / shapSeconds, shapSamples: k, maxResidual }));
