#!/usr/bin/env node
// Generates the report benchmark input: a 100-sample GRCh38 VCF holding every demo
// record (genotypes drawn from the demo samples' own calls) plus N random biallelic SNVs
// spread over chr1-22, written as plain VCF to stdout (pipe through bgzip).
//
//   node bench/report/generate.mjs [--samples 100] [--extra 200000] [--seed 1] | bgzip > in.vcf.gz
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const nSamples = arg('samples', 100);
const nExtra = arg('extra', 200000);
let seed = arg('seed', 1) >>> 0 || 1;
const rand = () => {
  // xorshift32: deterministic inputs make runs comparable
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 4294967296;
};

const demo = gunzipSync(readFileSync(join(root, 'data', 'demo', 'demo.vcf.gz'))).toString('utf8').split('\n');
const header = demo.filter((l) => l.startsWith('##'));
const records = demo.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const names = Array.from({ length: nSamples }, (_, i) => `S${String(i + 1).padStart(4, '0')}`);

// chr1-22 lengths (GRCh38) for the random sites
const lengths = [248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636, 138394717, 133797422, 135086622, 133275309, 114364328, 107043718, 101991189, 90338345, 83257441, 80373285, 58617616, 64444167, 46709983, 50818468];
const total = lengths.reduce((a, b) => a + b, 0);
const extra = [];
for (let i = 0; i < nExtra; i++) {
  let x = Math.floor(rand() * total);
  let c = 0;
  while (x >= lengths[c]) x -= lengths[c++];
  extra.push([c + 1, x + 1]);
}
const rank = (chrom) => {
  const k = chrom.replace(/^chr/, '');
  return /^\d+$/.test(k) ? Number(k) : k === 'X' ? 23 : 24;
};
const bases = 'ACGT';
const rows = [
  ...records.map((r) => ({ rank: rank(r[0]), pos: Number(r[1]), demo: r })),
  ...extra.map(([c, p]) => ({ rank: c, pos: p, demo: null })),
].sort((a, b) => a.rank - b.rank || a.pos - b.pos);

const out = process.stdout;
out.write(`${header.filter((h) => !h.startsWith('##precis')).join('\n')}\n`);
out.write(`${['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...names].join('\t')}\n`);
let buf = '';
for (const r of rows) {
  let line;
  if (r.demo) {
    const gts = r.demo.slice(9).filter((g) => !g.startsWith('.'));
    const pool = gts.length ? gts : ['./.'];
    line = [...r.demo.slice(0, 9), ...names.map(() => pool[Math.floor(rand() * pool.length)])].join('\t');
  } else {
    const ref = bases[Math.floor(rand() * 4)];
    const alt = bases[(bases.indexOf(ref) + 1 + Math.floor(rand() * 3)) % 4];
    const af = rand() * 0.5;
    const g = names.map(() => `${rand() < af ? 1 : 0}|${rand() < af ? 1 : 0}`);
    line = [`chr${r.rank}`, r.pos, '.', ref, alt, '.', 'PASS', '.', 'GT', ...g].join('\t');
  }
  buf += `${line}\n`;
  if (buf.length > 1 << 20) {
    out.write(buf);
    buf = '';
  }
}
out.write(buf);
