#!/usr/bin/env node
// precis risk / explain throughput on the wasm and cpu TensorFlow.js backends, in one run.
//
//   node bench/model/run.mjs [--samples 10000] [--shap-wasm 100] [--shap-cpu 10]
//
// Simulates a clinical table of N people into a temp dir, then per backend:
//  1. end to end: `precis risk -c table.tsv` (wall time incl. start-up, peak RSS from /proc VmHWM);
//  2. in process (throughput.mjs): predictions/s for all N rows in one call, and exact SHAP
//     explanations/s (11 features x 64 background rows = 131,072 model rows per explanation)
//     on the first --shap-* samples, projected to N.
// There is no peer tool in this area: the comparison is wasm vs cpu.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('samples', 10_000);
const SHAP = { wasm: opt('shap-wasm', 100), cpu: opt('shap-cpu', 10) };
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRECIS = join(ROOT, 'bin', 'precis');
const dir = join(tmpdir(), `precis-bench-model-${N}`);
mkdirSync(dir, { recursive: true });
const table = join(dir, 'clinical.tsv');
const sim = spawnSync(process.execPath, [join(ROOT, 'scripts', 'simulate-cohort.mjs'), '--n', String(N), '--seed', '4711', '-o', table], { stdio: 'inherit' });
if (sim.status !== 0) process.exit(1);
// drop the simulation's truth columns: the table is what a user would give
writeFileSync(table, readFileSync(table, 'utf8').split('\n').map((l) => l.split('\t').slice(0, 12).join('\t')).join('\n'));

/** Runs a command, polling /proc for its peak RSS; resolves {seconds, peakMiB, status}. */
function timed(cmd, argv, env) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 20);
    child.on('exit', (status) => {
      clearInterval(poll);
      resolve({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, peakMiB: peak / 1024, status });
    });
  });
}

const rows = [];
for (const backend of ['wasm', 'cpu']) {
  const e2e = await timed(process.execPath, [PRECIS, 'risk', '-c', table, '-o', join(dir, `risk-${backend}.tsv`), '-q'], { PRECIS_BACKEND: backend });
  if (e2e.status !== 0) throw new Error(`precis risk failed on ${backend}`);
  const t = spawnSync(process.execPath, [join(ROOT, 'bench', 'model', 'throughput.mjs'), table, String(SHAP[backend])], { env: { ...process.env, PRECIS_BACKEND: backend }, encoding: 'utf8' });
  if (t.status !== 0) throw new Error(t.stderr);
  rows.push({ backend, e2e, ...JSON.parse(t.stdout) });
}

const f = (x, d = 1) => x.toFixed(d);
console.log(`precis risk/explain, ${N} simulated samples, model cad-risk (11-32-16-1 MLP)`);
console.log('backend  risk CLI wall s  peak RSS MiB  predictions/s  SHAP expl./s  SHAP for N (projected)  max |Δ| completeness');
for (const r of rows) {
  console.log(
    `${r.backend.padEnd(8)} ${f(r.e2e.seconds, 2).padStart(14)}  ${f(r.e2e.peakMiB).padStart(12)}  ${f(r.predictionsPerSecond, 0).padStart(13)}  ${f(r.shapPerSecond, 2).padStart(12)}  ${`${f(N / r.shapPerSecond, 0)} s`.padStart(22)}  ${r.maxResidual.toExponential(1)}`,
  );
}
const [w, c] = rows;
console.log(`speed-up wasm over cpu: risk CLI wall time ${f(c.e2e.seconds / w.e2e.seconds, 2)}x (start-up dominated), predictions/s ${f(w.predictionsPerSecond / c.predictionsPerSecond, 1)}x, SHAP explanations/s ${f(w.shapPerSecond / c.shapPerSecond, 1)}x`);
console.log(`max |risk_wasm - risk_cpu| over ${N} samples: ${maxDiff(join(dir, 'risk-wasm.tsv'), join(dir, 'risk-cpu.tsv')).toExponential(2)}`);

function maxDiff(a, b) {
  const ra = readFileSync(a, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split('\t')[1]));
  const rb = readFileSync(b, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split('\t')[1]));
  return ra.reduce((m, x, i) => Math.max(m, Math.abs(x - rb[i])), 0);
}
