// Synthetic VCFs for the scan benchmark, deterministic (seeded), written as plain text.
//   multi:  imputed-style, phased GT:DS, INFO AF;MAF;R2;IMPUTED (a few missing calls)
//   single: GATK-style, 14 INFO keys, GT:AD:DP:GQ:PL, some indels and multi-allelic sites
// Usage: node generate.mjs multi|single OUT.vcf [variants] [samples]
import { createWriteStream } from 'node:fs';

/** mulberry32: a small seeded PRNG, so every run writes the same bytes */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASES = ['A', 'C', 'G', 'T'];

function contigLines() {
  return ['##contig=<ID=chr1,length=248956422,assembly=GRCh38>', '##contig=<ID=chr2,length=242193529,assembly=GRCh38>'];
}

function multiHeader(nSamples) {
  const names = Array.from({ length: nSamples }, (_, i) => `S${String(i + 1).padStart(4, '0')}`);
  return [
    '##fileformat=VCFv4.2',
    '##FILTER=<ID=PASS,Description="All filters passed">',
    ...contigLines(),
    '##INFO=<ID=AF,Number=A,Type=Float,Description="Estimated alternate allele frequency">',
    '##INFO=<ID=MAF,Number=1,Type=Float,Description="Estimated minor allele frequency">',
    '##INFO=<ID=R2,Number=1,Type=Float,Description="Estimated imputation accuracy">',
    '##INFO=<ID=IMPUTED,Number=0,Type=Flag,Description="Marker was imputed">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=DS,Number=A,Type=Float,Description="Estimated alternate allele dosage">',
    ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...names].join('\t'),
  ].join('\n') + '\n';
}

function singleHeader() {
  const info = [
    ['AC', 'A', 'Integer'], ['AF', 'A', 'Float'], ['AN', '1', 'Integer'], ['BaseQRankSum', '1', 'Float'], ['DP', '1', 'Integer'],
    ['ExcessHet', '1', 'Float'], ['FS', '1', 'Float'], ['MLEAC', 'A', 'Integer'], ['MLEAF', 'A', 'Float'], ['MQ', '1', 'Float'],
    ['MQRankSum', '1', 'Float'], ['QD', '1', 'Float'], ['ReadPosRankSum', '1', 'Float'], ['SOR', '1', 'Float'],
  ].map(([id, n, t]) => `##INFO=<ID=${id},Number=${n},Type=${t},Description="${id}">`);
  return [
    '##fileformat=VCFv4.2',
    '##FILTER=<ID=PASS,Description="All filters passed">',
    ...contigLines(),
    ...info,
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
    '##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Phred-scaled genotype likelihoods">',
    ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', 'NA12878'].join('\t'),
  ].join('\n') + '\n';
}

function* multiLines(nVariants, nSamples, rand) {
  let pos = 10000;
  for (let v = 0; v < nVariants; v++) {
    const chrom = v < nVariants / 2 ? 'chr1' : 'chr2';
    if (v === Math.ceil(nVariants / 2)) pos = 10000;
    pos += 1 + Math.floor(rand() * 400);
    const ref = BASES[Math.floor(rand() * 4)];
    const alt = BASES[(BASES.indexOf(ref) + 1 + Math.floor(rand() * 3)) % 4];
    const af = rand() * rand();
    const r2 = 0.3 + 0.7 * rand();
    const cols = [chrom, String(pos), `${chrom}:${pos}:${ref}:${alt}`, ref, alt, '.', 'PASS', `AF=${af.toFixed(5)};MAF=${Math.min(af, 1 - af).toFixed(5)};R2=${r2.toFixed(5)};IMPUTED`, 'GT:DS'];
    for (let s = 0; s < nSamples; s++) {
      if (rand() < 0.001) {
        cols.push('.|.:.');
        continue;
      }
      const x = rand() < af ? 1 : 0;
      const y = rand() < af ? 1 : 0;
      const ds = Math.min(2, Math.max(0, x + y + (rand() - 0.5) * 0.2 * (1 - r2)));
      cols.push(`${x}|${y}:${ds.toFixed(3)}`);
    }
    yield cols.join('\t');
  }
}

function* singleLines(nVariants, rand) {
  let pos = 10000;
  const f = (x, d = 2) => x.toFixed(d);
  for (let v = 0; v < nVariants; v++) {
    const chrom = v < nVariants / 2 ? 'chr1' : 'chr2';
    if (v === Math.ceil(nVariants / 2)) pos = 10000;
    pos += 1 + Math.floor(rand() * 200);
    const r = rand();
    const ref = BASES[Math.floor(rand() * 4)];
    let alts;
    if (r < 0.85) alts = [BASES[(BASES.indexOf(ref) + 1 + Math.floor(rand() * 3)) % 4]];
    else if (r < 0.95) alts = [ref + BASES[Math.floor(rand() * 4)] + BASES[Math.floor(rand() * 4)]];
    else alts = [BASES[(BASES.indexOf(ref) + 1) % 4], BASES[(BASES.indexOf(ref) + 2) % 4]];
    const multi = alts.length > 1;
    const gtR = rand();
    let gt;
    if (gtR < 0.002) gt = './.';
    else if (multi) gt = '1/2';
    else if (gtR < 0.6) gt = '0/1';
    else gt = '1/1';
    const dp = 10 + Math.floor(rand() * 50);
    const adAlt = gt === '1/1' ? dp : Math.floor(dp / 2);
    const ad = multi ? [0, Math.floor(dp / 2), dp - Math.floor(dp / 2)] : [dp - adAlt, adAlt];
    const nG = ((alts.length + 1) * (alts.length + 2)) / 2;
    const pl = Array.from({ length: nG }, (_, i) => (i === (gt === '1/1' ? 2 : multi ? 4 : 1) ? 0 : 20 + Math.floor(rand() * 900)));
    const ac = alts.map(() => (gt === '1/1' ? 2 : 1));
    const afs = ac.map((a) => f(a / 2, 3));
    const info = [
      `AC=${ac.join(',')}`, `AF=${afs.join(',')}`, 'AN=2', `BaseQRankSum=${f(rand() * 4 - 2, 3)}`, `DP=${dp}`, `ExcessHet=${f(3.0103, 4)}`,
      `FS=${f(rand() * 10, 3)}`, `MLEAC=${ac.join(',')}`, `MLEAF=${afs.join(',')}`, 'MQ=60.00', `MQRankSum=${f(rand() * 2 - 1, 3)}`,
      `QD=${f(rand() * 35)}`, `ReadPosRankSum=${f(rand() * 4 - 2, 3)}`, `SOR=${f(rand() * 3, 3)}`,
    ].join(';');
    const sample = gt === './.' ? './.:0,0:0:.:0,0,0' : `${gt}:${ad.join(',')}:${dp}:${Math.min(99, 20 + Math.floor(rand() * 90))}:${pl.join(',')}`;
    yield [chrom, String(pos), '.', ref, alts.join(','), f(50 + rand() * 2000), 'PASS', info, 'GT:AD:DP:GQ:PL', sample].join('\t');
  }
}

export async function generate(kind, out, nVariants, nSamples) {
  const rand = rng(kind === 'multi' ? 42 : 7);
  const ws = createWriteStream(out, { highWaterMark: 1 << 20 });
  const write = (s) => (ws.write(s) ? undefined : new Promise((r) => ws.once('drain', r)));
  await write(kind === 'multi' ? multiHeader(nSamples) : singleHeader());
  const lines = kind === 'multi' ? multiLines(nVariants, nSamples, rand) : singleLines(nVariants, rand);
  let batch = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 2000) {
      const p = write(batch.join('\n') + '\n');
      batch = [];
      if (p) await p;
    }
  }
  if (batch.length > 0) await write(batch.join('\n') + '\n');
  await new Promise((resolve, reject) => ws.end((e) => (e ? reject(e) : resolve())));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind, out, v, s] = process.argv.slice(2);
  if ((kind !== 'multi' && kind !== 'single') || !out) {
    process.stderr.write('usage: node generate.mjs multi|single OUT.vcf [variants] [samples]\n');
    process.exit(2);
  }
  await generate(kind, out, Number(v ?? (kind === 'multi' ? 500000 : 1000000)), Number(s ?? (kind === 'multi' ? 100 : 1)));
}
