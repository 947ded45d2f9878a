#!/usr/bin/env node
// precis annotate vs bcftools csq (consequences) and vcfanno (frequency + custom
// sources) on the same synthetic inputs, in one run: N variants (default 1,000,000)
// over the bcftools csq corpus genes tiled along one contig.
//
//   node bench/annotate/run.mjs [--variants N] [--samples S] [--repeat R] [--shared DIR] [--keep]
// The consequence jobs also run on the same sites with S phased samples (default 10).
// Needs a built precis (npm run build), bcftools, bgzip, tabix; vcfanno if installed.
// precis runs with --no-cache: it parses the GFF3 every time, as bcftools csq does.
// Every tool runs R times (default 3), the tools taking turns, and each keeps its best
// wall time: on a shared machine the best of a few alternating runs is the fair figure.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agreement, compoundAgreement } from './agreement.mjs';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = opt('--shared', join(root, '..', 'shared'));
const N = Number(opt('--variants', '1000000'));
const S = Number(opt('--samples', '10'));
const R = Math.max(1, Number(opt('--repeat', '3')));
const work = mkdtempSync(join(tmpdir(), 'precis-bench-annotate-'));
const casesDir = join(shared, 'annotation-reference', 'bcftools-csq', 'cases');

// deterministic pseudo-random numbers (mulberry32)
let seed = 42;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
// the genotypes draw from their own stream: the sites-only input stays as it was
let gtSeed = 7;
const gtRand = () => {
  gtSeed |= 0;
  gtSeed = (gtSeed + 0x6d2b79f5) | 0;
  let t = Math.imul(gtSeed ^ (gtSeed >>> 15), 1 | gtSeed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// 1. Tile the corpus genes along contig 1 until it is >= 20 Mb.
function readFastaSeq(p) {
  return readFileSync(p, 'utf8').split('\n').filter((l) => !l.startsWith('>')).join('').toUpperCase();
}
const cases = [];
// the SARS-CoV-2 ORF (ribosomal slippage) and the dog case need options or newer bcftools
const SKIP = new Set(['EMN908947', 'ENSCAFT00000047742']);
for (const id of readdirSync(casesDir).sort()) {
  if (SKIP.has(id)) continue;
  const dir = join(casesDir, id);
  const fa = readdirSync(dir).find((f) => f.endsWith('.fa'));
  const gff = readdirSync(dir).find((f) => f.endsWith('.gff') && !f.startsWith('short'));
  if (!fa || !gff) continue;
  const seq = readFastaSeq(join(dir, fa));
  const lines = readFileSync(join(dir, gff), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const ok = lines.every((l) => {
    const f = l.split('\t');
    return f.length >= 9 && Number(f[3]) >= 1 && Number(f[4]) <= seq.length;
  });
  if (!ok || !lines.some((l) => l.includes('ID=transcript:')) || !/^[ACGTN]+$/.test(seq)) continue;
  cases.push({ id, seq, lines });
}
const seqParts = [];
const gffOut = ['##gff-version 3'];
let length = 0;
for (let k = 0; length < 20e6; k++) {
  for (const [ci, c] of cases.entries()) {
    const off = length;
    for (const l of c.lines) {
      const f = l.split('\t');
      f[0] = '1';
      f[3] = String(Number(f[3]) + off);
      f[4] = String(Number(f[4]) + off);
      f[8] = f[8].replace(/((?:ID|Parent)=(?:gene|transcript|CDS):)([^;,]+)/g, `$1$2_${k}_${ci}`);
      gffOut.push(f.join('\t'));
    }
    seqParts.push(c.seq, 'N'.repeat(1000));
    length += c.seq.length + 1000;
  }
}
const genome = seqParts.join('');
writeFileSync(join(work, 'ref.fa'), `>1\n${genome.replace(/(.{60})/g, '$1\n')}\n`);
writeFileSync(join(work, 'genes.gff3'), `${gffOut.join('\n')}\n`);

// 2. N sorted variants: 90% SNVs, 5% deletions, 5% insertions (1-3 bp); frequency VCF for
//    every other variant; a BED of scored 500-bp intervals.
const positions = new Float64Array(N);
for (let i = 0; i < N; i++) positions[i] = 2 + Math.floor(rand() * (length - 10));
positions.sort();
const B = 'ACGT';
const vcf = ['##fileformat=VCFv4.2', `##contig=<ID=1,length=${length}>`, '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO'];
const freq = [
  '##fileformat=VCFv4.2', `##contig=<ID=1,length=${length}>`,
  '##INFO=<ID=AF,Number=A,Type=Float,Description="AF">', '##INFO=<ID=AF_afr,Number=A,Type=Float,Description="AF afr">', '##INFO=<ID=AF_nfe,Number=A,Type=Float,Description="AF nfe">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
];
// the same sites with S phased samples: each variant's ALT frequency is skewed low
// (0.5 * u^3, mean 0.125), each haplotype carries it with that frequency
const gtVcf = [vcf[0], vcf[1], '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', `${vcf[2]}\tFORMAT${Array.from({ length: S }, (_, i) => `\tS${i + 1}`).join('')}`];
let n = 0;
let lastPos = 0;
for (let i = 0; i < N; i++) {
  let p = positions[i];
  if (p <= lastPos) p = lastPos + 1;
  const base = genome[p - 1];
  if (base === 'N' || genome[p] === 'N' || genome[p + 3] === undefined) continue;
  const r = rand();
  let ref;
  let alt;
  if (r < 0.9) {
    ref = base;
    alt = B[(B.indexOf(base) + 1 + Math.floor(rand() * 3)) % 4];
  } else if (r < 0.95) {
    const len = 1 + Math.floor(rand() * 3);
    ref = genome.slice(p - 1, p + len);
    alt = base;
  } else {
    ref = base;
    alt = base + Array.from({ length: 1 + Math.floor(rand() * 3) }, () => B[Math.floor(rand() * 4)]).join('');
  }
  if (ref.includes('N')) continue;
  lastPos = p;
  vcf.push(`1\t${p}\t.\t${ref}\t${alt}\t.\t.\t.`);
  const af = 0.5 * gtRand() ** 3;
  let gts = '';
  for (let s = 0; s < S; s++) gts += `\t${gtRand() < af ? 1 : 0}|${gtRand() < af ? 1 : 0}`;
  gtVcf.push(`1\t${p}\t.\t${ref}\t${alt}\t.\t.\t.\tGT${gts}`);
  if ((n & 1) === 0) freq.push(`1\t${p}\tv${n}\t${ref}\t${alt}\t.\t.\tAF=${(rand() / 10).toFixed(5)};AF_afr=${(rand() / 10).toFixed(5)};AF_nfe=${(rand() / 10).toFixed(5)}`);
  n++;
}
writeFileSync(join(work, 'in.vcf'), `${vcf.join('\n')}\n`);
writeFileSync(join(work, 'freq.vcf'), `${freq.join('\n')}\n`);
writeFileSync(join(work, 'gt.vcf'), `${gtVcf.join('\n')}\n`);
const bed = [];
for (let s = 0; s < length; s += 500) bed.push(`1\t${s}\t${s + 500}\t${(rand() * 10).toFixed(3)}`);
writeFileSync(join(work, 'score.bed'), `${bed.join('\n')}\n`);
for (const f of ['in.vcf', 'freq.vcf', 'gt.vcf']) {
  spawnSync('bgzip', ['-f', join(work, f)]);
  spawnSync('tabix', ['-f', '-p', 'vcf', join(work, `${f}.gz`)]);
}
spawnSync('bgzip', ['-f', join(work, 'score.bed')]);
spawnSync('tabix', ['-f', '-p', 'bed', join(work, 'score.bed.gz')]);
writeFileSync(
  join(work, 'conf.toml'),
  `[[annotation]]\nfile="${join(work, 'freq.vcf.gz')}"\nfields=["AF","AF_afr","AF_nfe"]\nops=["self","self","self"]\nnames=["gnomad_af","gnomad_af_afr","gnomad_af_nfe"]\n\n[[annotation]]\nfile="${join(work, 'score.bed.gz')}"\ncolumns=[4]\nops=["mean"]\nnames=["score"]\n`,
);

// 3. Run each tool, measuring wall time and peak RSS (VmHWM polled from /proc).
function run(label, cmd, cmdArgs, stdoutFile) {
  return new Promise((resolve, reject) => {
    // every run writes a new file: on ext4, renaming over the previous run's output (as precis
    // commits its output) waits while the new file's pages are flushed, ~90 ms for 200 MB;
    // bcftools -o truncating its old output showed no such cost here
    const o = cmdArgs.indexOf('-o');
    for (const f of [stdoutFile, o >= 0 ? cmdArgs[o + 1] : undefined]) if (f) rmSync(f, { force: true });
    // a tool writing to stdout writes straight into its file, as the others write theirs
    // (collecting its output through a pipe here cost vcfanno ~0.8 s of 6.8)
    const fd = stdoutFile ? openSync(stdoutFile, 'w') : undefined;
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', fd ?? 'ignore', 'pipe'] });
    let peak = 0;
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 20);
    child.on('close', (code) => {
      clearInterval(poll);
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      if (fd !== undefined) closeSync(fd);
      if (code !== 0) return reject(new Error(`${label} failed (${code}): ${err.slice(0, 500)}`));
      resolve({ label, secs, peakMb: peak / 1024, rate: n / secs });
    });
  });
}

const precis = join(root, 'bin', 'precis');
const inVcf = join(work, 'in.vcf.gz');
const gtVcfGz = join(work, 'gt.vcf.gz');
const withSamples = `${S} phased samples`;
console.log(`${n} variants over ${(length / 1e6).toFixed(1)} Mb, ${cases.length} corpus genes tiled (${gffOut.length - 1} GFF lines); inputs in ${work}`);
const haveVcfanno = spawnSync('sh', ['-c', 'command -v vcfanno']).status === 0;
const jobs = [
  ['bcftools csq', 'bcftools', ['csq', '-f', join(work, 'ref.fa'), '-g', join(work, 'genes.gff3'), '-Ov', '-o', join(work, 'bcftools.vcf'), inVcf]],
  ['precis annotate (consequences)', process.execPath, [precis, 'annotate', inVcf, '--no-bundle', '--no-cache', '-g', join(work, 'genes.gff3'), '-f', join(work, 'ref.fa'), '-o', join(work, 'precis.vcf'), '-q']],
  ...(haveVcfanno ? [['vcfanno -p 1 (frequency + custom)', 'vcfanno', ['-p', '1', join(work, 'conf.toml'), inVcf], join(work, 'vcfanno.vcf')]] : []),
  // what bcftools csq writes (no upstream/downstream entries, no HGVS): the like-for-like consequence job
  ['precis annotate --distance 0, bcftools csq fields (consequences)', process.execPath, [precis, 'annotate', inVcf, '--no-bundle', '--no-cache', '-g', join(work, 'genes.gff3'), '-f', join(work, 'ref.fa'), '-o', join(work, 'precis-bcf.vcf'), '-q', '--distance', '0', '--fields', 'Consequence,SYMBOL,Feature,BIOTYPE,STRAND,Protein_position,Amino_acids,Codons']],
  // two annotating threads: on 2 CPUs each compiles and warms up on its own (see README)
  ['precis annotate --threads 2 (consequences)', process.execPath, [precis, 'annotate', inVcf, '--no-bundle', '--no-cache', '-g', join(work, 'genes.gff3'), '-f', join(work, 'ref.fa'), '-o', join(work, 'precis-t2.vcf'), '-q', '--threads', '2']],
  ['precis annotate (frequency + custom, no consequences)', process.execPath, [precis, 'annotate', inVcf, '--no-consequences', '--no-bundle', '--sources', join(work, 'conf.toml'), '--fields', 'Allele,gnomad_af,gnomad_af_afr,gnomad_af_nfe,score', '-o', join(work, 'precis-sources.vcf'), '-q']],
  // the same sites with genotypes: bcftools csq then calls consequences per haplotype (FORMAT/BCSQ)
  // and precis combines same-codon SNVs a sample carries on one haplotype
  [`bcftools csq, ${withSamples}`, 'bcftools', ['csq', '-f', join(work, 'ref.fa'), '-g', join(work, 'genes.gff3'), '-Ov', '-o', join(work, 'bcftools-gt.vcf'), gtVcfGz]],
  [`precis annotate, ${withSamples} (consequences)`, process.execPath, [precis, 'annotate', gtVcfGz, '--no-bundle', '--no-cache', '-g', join(work, 'genes.gff3'), '-f', join(work, 'ref.fa'), '-o', join(work, 'precis-gt.vcf'), '-q']],
  [`precis annotate --distance 0, bcftools csq fields, ${withSamples} (consequences)`, process.execPath, [precis, 'annotate', gtVcfGz, '--no-bundle', '--no-cache', '-g', join(work, 'genes.gff3'), '-f', join(work, 'ref.fa'), '-o', join(work, 'precis-gt-bcf.vcf'), '-q', '--distance', '0', '--fields', 'Consequence,SYMBOL,Feature,BIOTYPE,STRAND,Protein_position,Amino_acids,Codons']],
  ['precis annotate (consequences + frequency + custom)', process.execPath, [precis, 'annotate', inVcf, '--no-bundle', '--no-cache', '-g', join(work, 'genes.gff3'), '-f', join(work, 'ref.fa'), '--sources', join(work, 'conf.toml'), '-o', join(work, 'precis-all.vcf'), '-q']],
];
const results = [];
for (let round = 0; round < R; round++) {
  for (const [label, cmd, cmdArgs, stdoutFile] of jobs) {
    const r = await run(label, cmd, cmdArgs, stdoutFile);
    const best = results.find((x) => x.label === label);
    if (!best) results.push({ ...r, runs: [r.secs] });
    else {
      best.runs.push(r.secs);
      best.peakMb = Math.max(best.peakMb, r.peakMb);
      if (r.secs < best.secs) Object.assign(best, { secs: r.secs, rate: r.rate });
    }
  }
}

console.log(`\ntool\twall_s (best of ${R})\tvariants_per_s\tpeak_rss_mb\tall runs_s`);
for (const r of results) console.log(`${r.label}\t${r.secs.toFixed(2)}\t${Math.round(r.rate)}\t${r.peakMb.toFixed(0)}\t${r.runs.map((x) => x.toFixed(2)).join(' ')}`);
const get = (l) => results.find((r) => r.label.startsWith(l));
const exact = (l) => results.find((r) => r.label === l);
console.log(`\nratio precis/bcftools csq (consequences, variants/s): ${(get('precis annotate (consequences)').rate / exact('bcftools csq').rate).toFixed(2)}`);
console.log(`ratio precis bcftools-csq fields, --distance 0/bcftools csq (consequences, variants/s): ${(get('precis annotate --distance 0, bcftools csq fields (consequences)').rate / exact('bcftools csq').rate).toFixed(2)}`);
console.log(`ratio precis --threads 2/bcftools csq (consequences, variants/s): ${(get('precis annotate --threads 2 (consequences)').rate / exact('bcftools csq').rate).toFixed(2)}`);
console.log(`ratio precis/bcftools csq, ${withSamples} (consequences, variants/s): ${(exact(`precis annotate, ${withSamples} (consequences)`).rate / exact(`bcftools csq, ${withSamples}`).rate).toFixed(2)}`);
console.log(`ratio precis bcftools-csq fields, --distance 0/bcftools csq, ${withSamples} (consequences, variants/s): ${(exact(`precis annotate --distance 0, bcftools csq fields, ${withSamples} (consequences)`).rate / exact(`bcftools csq, ${withSamples}`).rate).toFixed(2)}`);
if (haveVcfanno) console.log(`ratio precis/vcfanno (frequency + custom, variants/s): ${(get('precis annotate (frequency + custom').rate / get('vcfanno').rate).toFixed(2)}`);
else console.log('vcfanno not installed: ratio not measured');

// 4. Agreement with bcftools csq, entry by entry, on the like-for-like output (bcftools in
//    local mode, -l: each variant on its own, as precis annotates sites-only input)
const local = spawnSync('bcftools', ['csq', '-l', '-f', join(work, 'ref.fa'), '-g', join(work, 'genes.gff3'), '-Ov', '-o', join(work, 'bcftools-local.vcf'), inVcf], { encoding: 'utf8' });
if (local.status !== 0) throw new Error(`bcftools csq -l failed: ${local.stderr.slice(0, 500)}`);
const ag = await agreement(join(work, 'bcftools-local.vcf'), join(work, 'precis-bcf.vcf'));
console.log(`\nagreement with bcftools csq -l: ${ag.agree} of ${ag.entries} entries (${((100 * ag.agree) / ag.entries).toFixed(2)}%); largest differences:`);
for (const [kind, { n, example }] of ag.kinds.slice(0, 8)) console.log(`  ${n}\t${kind}\te.g. ${example}`);
// 5. Haplotype compounds on the phased run (bcftools csq joins records of one haplotype; precis' HAPLOTYPE field)
const comp = await compoundAgreement(join(work, 'bcftools-gt.vcf'), join(work, 'precis-gt.vcf'));
console.log(`haplotype compounds of records at most 3 bp apart (${withSamples}): bcftools csq ${comp.compounds}, joined alike by precis ${comp.joined}, with the same terms ${comp.agree}`);
if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
