// Scan benchmark: `precis stats` against `bcftools query -f '%CHROM %POS [%GT ]\n'` on the
// same BGZF files in the same run; checks that precis' per-sample counts equal counts
// computed from bcftools' output, and reports wall time, MB/s of uncompressed VCF, peak
// RSS (VmHWM polled from /proc) and the ratio.
//
// Usage: node bench/vcf-scan/run.mjs [--scale 1] [--runs 3] [--dir DIR] [--keep]
//   (build first: npx tsc -p .; needs bcftools and bgzip on PATH)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { generate } from './generate.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const scale = Number(opt('--scale', '1'));
const runs = Number(opt('--runs', '3'));
const dir = resolve(opt('--dir', join(tmpdir(), 'precis-bench-vcf-scan')));
const keep = args.includes('--keep');
const PRECIS = resolve(import.meta.dirname, '..', '..', 'bin', 'precis');
const QUERY = '%CHROM %POS [%GT ]\\n';

const datasets = [
  { name: 'multi', kind: 'multi', variants: Math.round(500000 * scale), samples: 100, what: 'imputed-style, phased GT:DS' },
  { name: 'single', kind: 'single', variants: Math.round(1000000 * scale), samples: 1, what: 'GATK-style INFO, GT:AD:DP:GQ:PL' },
  // a tenth of `multi`: peak memory should not grow with the file
  { name: 'multi-small', kind: 'multi', variants: Math.round(50000 * scale), samples: 100, what: 'as multi, 1/10 the size' },
];

function sh(cmd, argv) {
  return new Promise((res, rej) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`${cmd} ${argv.join(' ')} exited ${code}`))));
  });
}

/** Runs a command with stdout to a file (or discarded), returns wall seconds and peak RSS (MB). */
function measure(cmd, argv, stdoutPath) {
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks = [];
    p.stdout.on('data', (d) => {
      if (stdoutPath) chunks.push(d);
    });
    let hwm = 0;
    const poll = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm, Number(m[1]));
      } catch {
        /* exited */
      }
    };
    const timer = setInterval(poll, 5);
    p.on('exit', (code) => {
      clearInterval(timer);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) return rej(new Error(`${cmd} exited ${code}`));
      if (stdoutPath) writeFileSync(stdoutPath, Buffer.concat(chunks));
      res({ secs, rssMB: hwm / 1024 });
    });
  });
}

/** Per-sample counts from bcftools query output, with precis' rules (see `precis stats --help`). */
async function countsFromBcftools(file, samples) {
  const n = samples.length;
  const c = Array.from({ length: n }, () => [0, 0, 0, 0, 0]);
  const p = spawn('bcftools', ['query', '-f', QUERY, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: p.stdout, crlfDelay: Infinity });
  let records = 0;
  for await (const line of rl) {
    records++;
    const f = line.split(' ');
    for (let i = 0; i < n; i++) {
      const gt = f[i + 2];
      const al = gt.replace(/^[|/]/, '').split(/[|/]/);
      const x = al[0];
      const y = al[1];
      const k = c[i];
      if (al.length === 1) k[4]++;
      if (x === '.' || y === '.') k[3]++;
      else if (y === undefined || x === y) k[x === '0' ? 0 : 2]++;
      else k[1]++;
    }
  }
  return { records, counts: c };
}

function parseTsv(text) {
  const [head, ...rows] = text.trim().split('\n');
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

async function prepare(d) {
  const gz = join(dir, `${d.name}-${d.variants}.vcf.gz`);
  const sizeFile = `${gz}.size`;
  if (!existsSync(gz) || !existsSync(sizeFile)) {
    const plain = join(dir, `${d.name}-${d.variants}.vcf`);
    process.stderr.write(`generating ${plain} ...\n`);
    await generate(d.kind, plain, d.variants, d.samples);
    writeFileSync(sizeFile, String(statSync(plain).size));
    await sh('bgzip', ['-f', '-@', '2', plain]);
  }
  return { gz, bytes: Number(readFileSync(sizeFile, 'utf8')) };
}

mkdirSync(dir, { recursive: true });
// process start-up (module loading) is part of every precis run; measured alone it
// tells scan speed from start-up cost
let startup = Infinity;
for (let r = 0; r < runs; r++) startup = Math.min(startup, (await measure(process.execPath, [PRECIS, '--version'])).secs);
const rows = [];
for (const d of datasets) {
  const { gz, bytes } = await prepare(d);
  const mb = bytes / 1e6;
  const tsv = join(dir, `${d.name}.stats.tsv`);
  let best = { precis: null, bcftools: null };
  for (let r = 0; r < runs; r++) {
    // alternate the order so neither tool always runs on a warmer cache
    const order = r % 2 === 0 ? ['precis', 'bcftools'] : ['bcftools', 'precis'];
    for (const tool of order) {
      const m = tool === 'precis' ? await measure(process.execPath, [PRECIS, 'stats', gz], tsv) : await measure('bcftools', ['query', '-f', QUERY, gz]);
      if (!best[tool] || m.secs < best[tool].secs) best[tool] = { secs: m.secs, rssMB: Math.max(m.rssMB, best[tool]?.rssMB ?? 0) };
      else best[tool].rssMB = Math.max(best[tool].rssMB, m.rssMB);
    }
  }
  // correctness: precis' counts against counts from bcftools' genotypes
  const precisRows = parseTsv(readFileSync(tsv, 'utf8'));
  const ref = await countsFromBcftools(gz, precisRows.map((r) => r.sample));
  let mismatches = 0;
  precisRows.forEach((r, i) => {
    const k = ref.counts[i];
    const got = [r.n_hom_ref, r.n_het, r.n_hom_alt, r.n_missing, r.n_haploid].map(Number);
    if (got.some((v, j) => v !== k[j])) mismatches++;
  });
  rows.push({ d, mb, best, records: ref.records, mismatches, samples: precisRows.length });
}

const fmt = (x, n = 2) => x.toFixed(n);
console.log(`precis start-up (precis --version): ${fmt(startup)} s; node ${process.version}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`precis stats vs bcftools query -f '%CHROM %POS [%GT ]\\n' (BGZF input, best of ${runs}; RSS = peak VmHWM)`);
console.log(['dataset', 'records x samples', 'MB (uncompr.)', 'precis s', 'precis MB/s', 'precis RSS MB', 'bcftools s', 'bcftools MB/s', 'bcftools RSS MB', 'speed ratio', 'ratio w/o start-up', 'counts'].join('\t'));
for (const r of rows) {
  const p = r.best.precis;
  const b = r.best.bcftools;
  console.log(
    [
      r.d.name,
      `${r.records} x ${r.samples}`,
      fmt(r.mb, 1),
      fmt(p.secs),
      fmt(r.mb / p.secs, 0),
      fmt(p.rssMB, 0),
      fmt(b.secs),
      fmt(r.mb / b.secs, 0),
      fmt(b.rssMB, 0),
      `${fmt(b.secs / p.secs)}x`,
      `${fmt(b.secs / Math.max(p.secs - startup, 0.001))}x`,
      r.mismatches === 0 ? 'equal' : `${r.mismatches} samples differ`,
    ].join('\t'),
  );
}
if (!keep) rmSync(dir, { recursive: true, force: true });
if (rows.some((r) => r.mismatches > 0)) process.exitCode = 1;
