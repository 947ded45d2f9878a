#!/usr/bin/env node
// precis pgx benchmark: synthetic cohorts over all 1,202 PGx positions (bench/pgx/gen-cohort.mjs)
// with 1, 100 and 2,504 samples; runs `precis pgx` (TSV and JSON) and reports wall time, peak
// RSS (VmHWM from /proc while the process runs) and time per sample. PharmCAT is the peer
// tool but needs its release jar (not packaged for Debian/npm); when PHARMCAT_JAR is set it is
// run on the single-sample file for a same-machine ratio, otherwise the ratio is taken
// against PharmCAT's documented 1.2-5.9 s per sample.
//
//   node bench/pgx/run.mjs [--sizes 1,100,2504] [--keep]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCohortVcf } from './gen-cohort.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const sizes = (args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '1,100,2504').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'precis-bench-pgx-'));

function measure(cmd, argv) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        /* process gone */
      }
    }, 20);
    child.on('close', (code) => {
      clearInterval(poll);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${err}`));
      else resolve({ wall, peakMB: peak / 1024 });
    });
  });
}

const precis = join(root, 'bin', 'precis');
console.log(`# precis pgx benchmark (${new Date().toISOString()}); node ${process.version}`);
console.log('samples\tformat\twall_s\tms_per_sample\tpeak_rss_MB\tvs_PharmCAT_1.2s_per_sample\tvs_PharmCAT_5.9s_per_sample');
for (const n of sizes) {
  const vcf = join(dir, `cohort${n}.vcf`);
  writeCohortVcf(n, vcf, { seed: n, phased: false, missing: 0.002 });
  for (const fmt of ['tsv', 'json']) {
    const r = await measure(process.execPath, [precis, 'pgx', vcf, '-O', fmt, '-o', join(dir, `out${n}.${fmt}`), '-q']);
    const per = (r.wall / n) * 1000;
    console.log([n, fmt, r.wall.toFixed(2), per.toFixed(2), r.peakMB.toFixed(0), `${((1.2 * n) / r.wall).toFixed(0)}x`, `${((5.9 * n) / r.wall).toFixed(0)}x`].join('\t'));
  }
}
if (process.env.PHARMCAT_JAR) {
  const vcf = join(dir, 'cohort1.vcf');
  const r = await measure('java', ['-jar', process.env.PHARMCAT_JAR, '-vcf', vcf, '-o', dir]);
  console.log(`PharmCAT (1 sample): ${r.wall.toFixed(2)} s, peak ${r.peakMB.toFixed(0)} MB`);
}
if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
