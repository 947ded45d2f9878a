#!/usr/bin/env node
// bench/report: `precis report` (one pass, every stage) against the sum of running the
// stages one by one (annotate, pgx, prs, risk, explain) on the same 100-sample VCF:
// the demo records plus 200,000 other variants. Prints wall time and peak RSS of each.
//
//   npm run build && node bench/report/run.mjs [--samples 100] [--extra 200000]
// Needs bgzip; peak memory needs /usr/bin/time (Debian package `time`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (n, d) => (process.argv.includes(`--${n}`) ? process.argv[process.argv.indexOf(`--${n}`) + 1] : d);
const samples = Number(arg('samples', 100));
const extra = Number(arg('extra', 200000));
const dir = mkdtempSync(join(tmpdir(), 'precis-bench-report-'));
const vcf = join(dir, 'cohort.vcf.gz');
const precis = join(root, 'bin', 'precis');
const hasTime = existsSync('/usr/bin/time');

const gen = spawnSync('bash', ['-c', `node ${join(root, 'bench/report/generate.mjs')} --samples ${samples} --extra ${extra} | bgzip -c > ${vcf}`], { stdio: 'inherit' });
if (gen.status !== 0) process.exit(1);

// clinical table for the synthetic samples: demo rows recycled
const clinical = join(dir, 'clinical.tsv');
const demoRows = [
  ['58', 'male', 'white', '231', '42', '142', '1', '1', '0', '29.4'],
  ['47', 'female', 'white', '196', '61', '121', '0', '0', '0', '23.8'],
  ['63', 'female', 'white', '248', '48', '136', '1', '0', '1', '31.2'],
];
writeFileSync(
  clinical,
  ['sample\tage\tsex\trace\ttotal_cholesterol\thdl\tsystolic_bp\tbp_treated\tsmoker\tdiabetes\tbmi', ...Array.from({ length: samples }, (_, i) => [`S${String(i + 1).padStart(4, '0')}`, ...demoRows[i % 3]].join('\t'))].join('\n') + '\n',
);
const prsDir = join(root, 'data', 'prs');
const score = join(prsDir, readdirSync(prsDir).find((f) => /\.txt(\.gz)?$/.test(f)));
const reference = join(prsDir, readdirSync(prsDir).find((f) => f.endsWith('.reference.json')));

function run(label, args) {
  const cmd = hasTime ? ['/usr/bin/time', ['-f', '%e %M', process.execPath, precis, ...args]] : [process.execPath, [precis, ...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.error(`${label} failed:\n${r.stderr}`);
    process.exit(1);
  }
  const m = hasTime ? /([\d.]+) (\d+)\s*$/.exec(r.stderr) : null;
  const rss = m ? Number(m[2]) / 1024 : NaN;
  console.log(`${label.padEnd(34)} ${wall.toFixed(2).padStart(7)} s  ${Number.isNaN(rss) ? '   n/a' : rss.toFixed(0).padStart(6)} MiB`);
  return { wall, rss };
}

console.log(`input: ${samples} samples, demo records + ${extra} variants (${vcf})`);
const prsJson = join(dir, 'prs.json');
const one = run('precis report (one pass)', ['report', vcf, '--clinical', clinical, '-O', 'json', '-o', join(dir, 'report.json'), '-q']);
const parts = [
  run('  annotate', ['annotate', vcf, '-o', join(dir, 'annotated.vcf.gz'), '-q']),
  run('  pgx', ['pgx', vcf, '-O', 'json', '-o', join(dir, 'pgx.json'), '-q']),
  run('  prs', ['prs', vcf, '-w', score, '--reference', reference, '--freq-from', 'reference', '--min-overlap', '0', '--explain', '10', '-O', 'j', '-o', prsJson, '-q']),
  run('  risk', ['risk', '--clinical', clinical, '--prs', prsJson, '-O', 'j', '-o', join(dir, 'risk.json'), '-q']),
  run('  explain', ['explain', '--clinical', clinical, '--prs', prsJson, '-O', 'j', '-o', join(dir, 'explain.json'), '-q']),
];
const sum = parts.reduce((a, p) => a + p.wall, 0);
const maxRss = Math.max(...parts.map((p) => p.rss));
console.log(`${'stages one by one (sum)'.padEnd(34)} ${sum.toFixed(2).padStart(7)} s  ${Number.isNaN(maxRss) ? '   n/a' : maxRss.toFixed(0).padStart(6)} MiB (largest)`);
console.log(`report / sum of stages: ${(one.wall / sum).toFixed(2)}x wall time`);
rmSync(dir, { recursive: true, force: true });
