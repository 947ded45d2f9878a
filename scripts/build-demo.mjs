#!/usr/bin/env node
// Builds data/demo/: a small GRCh38 VCF of three composite demo individuals made only of
// real public genotypes from the shared reference data (see data/demo/README.md for
// exactly how), plus a clinical table and an outside-call file for the report demo.
//
//   node scripts/build-demo.mjs [--shared ../shared]
//
// Needs a built precis (npm run build): the VCF is written BGZF + .tbi by `precis view`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const shared = resolve(args[args.indexOf('--shared') + 1] && args.includes('--shared') ? args[args.indexOf('--shared') + 1] : join(root, '..', 'shared'));
const out = join(root, 'data', 'demo');
mkdirSync(out, { recursive: true });

const TINY = join(shared, 'prs-reference/pygscatalog/pgscatalog.utils/packages/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz');
const CHR21 = join(shared, 'annotation-reference/vep-grch38-chr21/test.vcf');
const PGX = join(shared, 'pgx-reference/conformance/extra/100samples.vcf.bgz');
const SIZES = join(shared, 'annotation-reference/vep-grch38-chr21/hg38.chrom.sizes');

const DEMO = ['DEMO1', 'DEMO2', 'DEMO3'];
// 1000 Genomes individuals supplying the genome-wide (PRS) and chr21 genotypes
const THOUSAND_G = ['HG00096', 'HG00097', 'NA12878'];

function text(path) {
  const b = readFileSync(path);
  return (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('utf8');
}

function* records(path) {
  let samples = [];
  for (const line of text(path).split('\n')) {
    if (line === '' || line.startsWith('##')) continue;
    const c = line.split('\t');
    if (line.startsWith('#CHROM')) {
      samples = c.slice(9);
      continue;
    }
    yield { c, samples };
  }
}

const chrName = (c) => (c.startsWith('chr') ? c : `chr${c}`);
const sites = new Map(); // chrom\tpos\tref -> { chrom, pos, ref, ids:Set, alts:[], gt: string[] }

function add(c, demoIndex, gtBySample, phasedOk = true) {
  const chrom = chrName(c[0]);
  const key = `${chrom}\t${c[1]}\t${c[3]}`;
  let s = sites.get(key);
  if (!s) sites.set(key, (s = { chrom, pos: Number(c[1]), ref: c[3], ids: new Set(), alts: [], gt: DEMO.map(() => null) }));
  for (const id of c[2].split(';')) if (id !== '.' && !/^chr\w+_\d+_/.test(id)) s.ids.add(id);
  const srcAlts = c[4] === '.' ? [] : c[4].split(',');
  const map = srcAlts.map((a) => {
    let i = s.alts.indexOf(a);
    if (i < 0) {
      s.alts.push(a);
      i = s.alts.length - 1;
    }
    return i + 1;
  });
  demoIndex.forEach((d, j) => {
    const gt = gtBySample[j];
    if (gt === undefined) return;
    s.gt[d] = gt.replace(/\d+/g, (a) => (a === '0' ? '0' : String(map[Number(a) - 1]))).replace(phasedOk ? /$^/ : /\|/g, '/');
  });
}

// 1. genome-wide sites from tiny1000G (1000 Genomes high-coverage, GRCh38)
for (const { c, samples } of records(TINY)) {
  const idx = THOUSAND_G.map((s) => samples.indexOf(s));
  add(c, [0, 1, 2], idx.map((i) => c[9 + i].split(':')[0]));
}
// 2. chr21 SNVs of HG00096 from Ensembl VEP's GRCh38 test VCF
for (const { c, samples } of records(CHR21)) {
  add(c, [0], [c[9 + samples.indexOf('HG00096')].split(':')[0]]);
}
// 3. PharmCAT positions from PharmCAT's 100-sample test VCF: the three samples with the
//    most non-reference calls, so the demo shows actionable pharmacogenomics
const pgxRecords = [...records(PGX)];
const pgxSamples = pgxRecords[0].samples;
const nonRef = pgxSamples.map((_, i) => pgxRecords.filter(({ c }) => !/^0[/|]0$/.test(c[9 + i].split(':')[0]) && !c[9 + i].startsWith('.')).length);
const chosen = pgxSamples.map((s, i) => [s, nonRef[i], i]).sort((a, b) => b[1] - a[1] || a[2] - b[2]).slice(0, 3);
for (const { c } of pgxRecords) {
  add(c, [0, 1, 2], chosen.map(([, , i]) => c[9 + i].split(':')[0]));
}

const rank = (chrom) => {
  const k = chrom.replace(/^chr/, '');
  return /^\d+$/.test(k) ? Number(k) : k === 'X' ? 23 : k === 'Y' ? 24 : 25;
};
const sorted = [...sites.values()].sort((a, b) => rank(a.chrom) - rank(b.chrom) || a.pos - b.pos || a.ref.localeCompare(b.ref));
const used = new Set(sorted.map((s) => s.chrom));
const sizes = new Map(text(SIZES).split('\n').filter(Boolean).map((l) => l.split('\t')).map(([n, l]) => [chrName(n), l]));
const header = [
  '##fileformat=VCFv4.2',
  '##reference=GRCh38',
  ...[...used].sort((a, b) => rank(a) - rank(b)).map((c) => `##contig=<ID=${c},length=${sizes.get(c)},assembly=GRCh38>`),
  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
  `##precisDemo=composite demo individuals from public data; DEMO1..3 genome-wide and chr21 genotypes from 1000 Genomes ${THOUSAND_G.join(', ')} (chr21 for DEMO1 only); PharmCAT positions from PharmCAT test samples ${chosen.map((c) => c[0]).join(', ')}; see data/demo/README.md`,
  ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...DEMO].join('\t'),
];
const lines = sorted.map((s) => {
  const ploidy = (g) => (g ? g.split(/[|/]/).length : 2);
  const missingLike = (i) => (s.chrom === 'chrX' && s.gt.some((g) => g && ploidy(g) === 1) && i === 0 ? '.' : './.');
  return [s.chrom, s.pos, s.ids.size ? [...s.ids].join(';') : '.', s.ref, s.alts.length ? s.alts.join(',') : '.', '.', 'PASS', '.', 'GT', ...s.gt.map((g, i) => g ?? missingLike(i))].join('\t');
});
const plain = join(out, 'demo.vcf');
writeFileSync(plain, `${header.join('\n')}\n${lines.join('\n')}\n`);
const r = spawnSync(process.execPath, [join(root, 'bin', 'precis'), 'view', plain, '--no-version', '-o', join(out, 'demo.vcf.gz'), '-W'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
const { rmSync } = await import('node:fs');
rmSync(plain);
console.log(`demo.vcf.gz: ${lines.length} records; PGx samples chosen: ${chosen.map((c) => `${c[0]} (${c[1]} non-ref)`).join(', ')}`);
