#!/usr/bin/env node
// precis prs against plink2 --vcf ... --score on a synthetic cohort, end to end, in one run.
//
//   node bench/prs/run.mjs [--variants 200000] [--samples 500] [--score-variants 100000] [--scores 10] [--runs 3] [--precis bin/precis]
//
// Generates a GT-only bgzipped VCF (biallelic, non-ambiguous SNPs, IDs CHR:POS:REF:ALT) and
// scoring files into a temp dir (reused between runs when the parameters match), then times
// each tool and reads its peak RSS (VmHWM) from /proc while it runs.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const NV = opt('variants', 200_000);
const NS = opt('samples', 500);
const NSV = opt('score-variants', 100_000);
const NSCORES = opt('scores', 10);
// the machine may be shared: each tool runs this many times, alternating, and the fastest run counts
const RUNS = opt('runs', 3);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// another build of precis (e.g. a checkout of an earlier version) can be timed with --precis
const PRECIS = args.includes('--precis') ? args[args.indexOf('--precis') + 1] : join(ROOT, 'bin', 'precis');
const dir = join(tmpdir(), `precis-bench-prs-${NV}x${NS}-${NSV}`);
mkdirSync(dir, { recursive: true });

// small deterministic PRNG so inputs are the same from run to run
let seed = 12345;
const rand = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const PAIRS = [['A', 'C'], ['A', 'G'], ['C', 'A'], ['C', 'T'], ['G', 'A'], ['G', 'T'], ['T', 'C'], ['T', 'G']];

async function generate() {
  const vcf = join(dir, 'cohort.vcf.gz');
  if (existsSync(vcf) && existsSync(join(dir, 'score0.txt'))) return;
  process.stderr.write(`generating ${NV} variants x ${NS} samples in ${dir} ...\n`);
  const bgzip = spawn('bgzip', ['-@', '2', '-c'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const out = createWriteStream(vcf);
  bgzip.stdout.pipe(out);
  const write = (s) => (bgzip.stdin.write(s) ? null : new Promise((r) => bgzip.stdin.once('drain', r)));
  let head = '##fileformat=VCFv4.2\n##contig=<ID=1,length=248956422>\n##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT';
  for (let i = 0; i < NS; i++) head += `\tS${i}`;
  await write(`${head}\n`);
  const sites = [];
  const GT = ['0/0', '0/1', '1/1'];
  let chunk = '';
  for (let v = 0; v < NV; v++) {
    const pos = 1000 + v * 50;
    const [ref, alt] = PAIRS[Math.floor(rand() * PAIRS.length)];
    sites.push([pos, ref, alt]);
    const f = 0.05 + 0.9 * rand();
    let line = `1\t${pos}\t1:${pos}:${ref}:${alt}\t${ref}\t${alt}\t.\t.\t.\tGT`;
    for (let i = 0; i < NS; i++) line += `\t${GT[(rand() < f ? 1 : 0) + (rand() < f ? 1 : 0)]}`;
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  bgzip.stdin.end();
  await new Promise((r) => out.on('close', r));
  // score files: score0 alone, score0..9 together; each its own random subset
  const plinkRows = new Map();
  for (let s = 0; s < NSCORES; s++) {
    const chosen = new Set();
    while (chosen.size < NSV) chosen.add(Math.floor(rand() * NV));
    const rows = [...chosen].sort((a, b) => a - b);
    let txt = `#pgs_id=BENCH${s}\n#genome_build=GRCh38\nchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n`;
    for (const v of rows) {
      const [pos, ref, alt] = sites[v];
      const swap = rand() < 0.5;
      const w = ((rand() - 0.5) * 0.02).toPrecision(7);
      txt += `1\t${pos}\t${swap ? alt : ref}\t${swap ? ref : alt}\t${w}\n`;
      const key = `1:${pos}:${ref}:${alt}\t${swap ? alt : ref}`;
      if (!plinkRows.has(key)) plinkRows.set(key, new Array(NSCORES).fill('0'));
      plinkRows.get(key)[s] = w;
    }
    writeFileSync(join(dir, `score${s}.txt`), txt);
    if (s === 0) {
      const p = 'ID\tA1\tBENCH0\n' + txt
        .split('\n')
        .slice(3)
        .filter((l) => l !== '')
        .map((l) => {
          const [, pos, ea, , w] = l.split('\t');
          const [, ref, alt] = sites[(Number(pos) - 1000) / 50];
          return `1:${pos}:${ref}:${alt}\t${ea}\t${w}`;
        })
        .join('\n');
      writeFileSync(join(dir, 'plink_score0.txt'), `${p}\n`);
    }
  }
  // plink2 needs one line per (variant, allele): variants scored with both alleles go to a second file
  const first = new Map();
  const second = [];
  for (const [key, ws] of plinkRows) {
    const id = key.split('\t')[0];
    if (first.has(id)) second.push([key, ws]);
    else first.set(id, [key, ws]);
  }
  const hdr = `ID\tA1\t${Array.from({ length: NSCORES }, (_, s) => `BENCH${s}`).join('\t')}\n`;
  writeFileSync(join(dir, 'plink_multi_a.txt'), hdr + [...first.values()].map(([k, w]) => `${k}\t${w.join('\t')}`).join('\n') + '\n');
  writeFileSync(join(dir, 'plink_multi_b.txt'), hdr + second.map(([k, w]) => `${k}\t${w.join('\t')}`).join('\n') + '\n');
}

function treeHwm(pid) {
  let kb = 0;
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) kb += Number(m[1]);
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) if (c) kb += treeHwm(Number(c));
  } catch {
    /* exited */
  }
  return kb;
}

/** Runs a command, polling /proc for its peak RSS; returns wall seconds and MiB. */
function timed(cmd, argv) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let hwm = 0;
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // plink2 is a dispatcher that runs the real binary as a child: sum the process tree
    const poll = setInterval(() => {
      hwm = Math.max(hwm, treeHwm(child.pid));
    }, 5);
    child.on('exit', (code) => {
      clearInterval(poll);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`));
      else resolve({ secs, mib: hwm / 1024 });
    });
  });
}

/** Runs two commands in turn RUNS times (so load from other work hits both alike); the fastest run of each, and the highest peak RSS. */
async function bestOfPair(a, b) {
  const out = [null, null];
  for (let i = 0; i < RUNS; i++) {
    for (const [k, [cmd, argv]] of [a, b].entries()) {
      const r = await timed(cmd, argv);
      const prev = out[k];
      out[k] = { secs: Math.min(r.secs, prev?.secs ?? Infinity), mib: Math.max(r.mib, prev?.mib ?? 0) };
    }
  }
  return out;
}

await generate();
const vcf = join(dir, 'cohort.vcf.gz');
const out = join(dir, 'out');
const plinkVersion = spawnSync('plink2', ['--version'], { encoding: 'utf8' }).stdout.trim();
const scores10 = Array.from({ length: NSCORES }, (_, s) => join(dir, `score${s}.txt`));
const [plink1, precis1] = await bestOfPair(
  ['plink2', ['--vcf', vcf, '--score', join(dir, 'plink_score0.txt'), 'header-read', 'cols=+scoresums', '--out', `${out}.plink1`]],
  [process.execPath, [PRECIS, 'prs', vcf, '-w', join(dir, 'score0.txt'), '-o', `${out}.precis1.tsv`]],
);
const [plink10, precis10] = await bestOfPair(
  ['plink2', ['--vcf', vcf, '--score', join(dir, 'plink_multi_a.txt'), 'header-read', 'cols=+scoresums', '--score-col-nums', `3-${2 + NSCORES}`, '--out', `${out}.plink10`]],
  [process.execPath, [PRECIS, 'prs', vcf, '-w', ...scores10, '-o', `${out}.precis10.tsv`]],
);
const fmt = (r) => `${r.secs.toFixed(2)} s, ${r.mib.toFixed(0)} MiB`;
console.log(`precis prs benchmark: ${NV} variants x ${NS} samples (GT, BGZF), ${NSV}-variant scores; ${plinkVersion}; best of ${RUNS}`);
console.log(`1 score    plink2 ${fmt(plink1)} | precis ${fmt(precis1)} | time ratio ${(precis1.secs / plink1.secs).toFixed(2)}x`);
console.log(`${NSCORES} scores  plink2 ${fmt(plink10)} (one ${NSCORES}-column file; variants scored with both alleles omitted) | precis ${fmt(precis10)} | time ratio ${(precis10.secs / plink10.secs).toFixed(2)}x`);
console.log(`precis ${NSCORES} scores / 1 score: ${(precis10.secs / precis1.secs).toFixed(2)}x`);

// the two agree on score 0 (plink2 prints 6 significant digits)
const p = readFileSync(`${out}.plink1.sscore`, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split('\t').at(-1)));
const q = readFileSync(`${out}.precis1.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split('\t')[2]));
let worst = 0;
for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]) / Math.max(Math.abs(p[i]), 1e-12));
console.log(`score 0 agreement: max relative difference ${worst.toExponential(2)} over ${p.length} samples`);
