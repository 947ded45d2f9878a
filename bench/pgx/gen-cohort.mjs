// Synthetic cohort VCF over every PGx definition position (GRCh38), built from data/pgx:
// each sample carries two named alleles per gene drawn with skewed frequencies (the
// reference allele most often, others with Zipf-like weights), phased or not, with a
// small rate of missing genotypes.
//
//   node bench/pgx/gen-cohort.mjs N OUT.vcf [--seed S] [--unphased] [--missing RATE]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const IUPAC = { R: 'AG', Y: 'CT', S: 'CG', W: 'AT', K: 'GT', M: 'AC', B: 'CGT', D: 'AGT', H: 'ACT', V: 'ACG', N: 'ACGT' };

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

function loadGenes(dataDir) {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8'));
  return manifest.genes.map((g) => JSON.parse(readFileSync(join(dataDir, 'genes', `${g.gene}.json`), 'utf8')));
}

function codesOf(def, allele) {
  const refRow = def.alleles.find((a) => a.reference);
  return def.variants.map((v, i) => {
    const own = Array.isArray(allele.cells) ? allele.cells[i] : allele.cells[i];
    const cell = own ?? refRow.cells[i] ?? v.ref;
    const all = [v.ref, ...v.alts];
    const k = all.indexOf(cell);
    if (k >= 0) return k;
    const bases = IUPAC[cell] ?? '';
    const alt = all.findIndex((c, j) => j > 0 && bases.includes(c));
    return alt >= 0 ? alt : 0;
  });
}

/** Writes the cohort VCF; returns the number of records. */
export function writeCohortVcf(n, out, { seed = 1, phased = true, missing = 0.002, dataDir = join(root, 'data', 'pgx') } = {}) {
  const r = rng(seed);
  const genes = loadGenes(dataDir);
  // per gene: allele code vectors and cumulative weights
  const models = genes.map((def) => {
    const alleles = def.alleles.filter((a) => !(def.ignoredAlleles ?? []).includes(a.name));
    const ref = alleles.findIndex((a) => a.reference);
    const w = alleles.map((_, k) => (k === ref ? 0 : 1 / (1 + k) ** 1.3));
    const rest = w.reduce((x, y) => x + y, 0);
    const weights = w.map((x, k) => (k === ref ? 0.7 : (0.3 * x) / rest));
    const cum = [];
    let acc = 0;
    for (const x of weights) cum.push((acc += x));
    return { def, codes: alleles.map((a) => codesOf(def, a)), cum };
  });
  const pick = (cum) => {
    const x = r() * cum[cum.length - 1];
    let k = 0;
    while (cum[k] < x) k++;
    return k;
  };
  // sample haplotypes per gene: [sample][gene] = [h1, h2]
  const haps = [];
  for (let s = 0; s < n; s++) haps.push(models.map((m) => [pick(m.cum), pick(m.cum)]));
  const records = [];
  models.forEach((m, gi) => {
    m.def.variants.forEach((v, i) => records.push({ chrom: m.def.chromosome, pos: v.pos, id: v.rsid ?? '.', ref: v.ref, alts: v.alts, gi, i }));
    for (const x of m.def.extraPositions ?? []) records.push({ chrom: m.def.chromosome, pos: x.pos, id: x.rsid ?? '.', ref: x.ref, alts: x.alts, gi, i: -1 });
  });
  const chromRank = (c) => {
    const k = c.replace(/^chr/, '');
    return k === 'X' ? 23 : k === 'Y' ? 24 : Number(k);
  };
  records.sort((a, b) => chromRank(a.chrom) - chromRank(b.chrom) || a.pos - b.pos);
  const contigs = [...new Set(records.map((x) => x.chrom))];
  const lines = ['##fileformat=VCFv4.2', '##source=precis bench/pgx/gen-cohort.mjs', ...contigs.map((c) => `##contig=<ID=${c},assembly=GRCh38>`), '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">'];
  lines.push(['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...Array.from({ length: n }, (_, s) => `S${String(s + 1).padStart(5, '0')}`)].join('\t'));
  const sep = phased ? '|' : '/';
  const seen = new Set();
  let nrec = 0;
  for (const rec of records) {
    const key = `${rec.chrom}:${rec.pos}:${rec.ref}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const m = models[rec.gi];
    const cols = new Array(n);
    for (let s = 0; s < n; s++) {
      if (r() < missing) {
        cols[s] = `.${sep}.`;
        continue;
      }
      if (rec.i < 0) {
        cols[s] = `${r() < 0.3 ? 1 : 0}${sep}${r() < 0.3 ? 1 : 0}`;
        continue;
      }
      const [h1, h2] = haps[s][rec.gi];
      cols[s] = `${m.codes[h1][rec.i]}${sep}${m.codes[h2][rec.i]}`;
    }
    lines.push(`${rec.chrom}\t${rec.pos}\t${rec.id}\t${rec.ref}\t${rec.alts.join(',') || '.'}\t.\tPASS\t.\tGT\t${cols.join('\t')}`);
    nrec++;
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
  return nrec;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const n = Number(args[0]);
  const out = args[1];
  if (!Number.isInteger(n) || n < 1 || !out) {
    console.error('usage: node bench/pgx/gen-cohort.mjs N OUT.vcf [--seed S] [--unphased] [--missing RATE]');
    process.exit(2);
  }
  const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
  const k = writeCohortVcf(n, out, { seed: Number(opt('--seed', 1)), phased: !args.includes('--unphased'), missing: Number(opt('--missing', 0.002)) });
  console.error(`wrote ${k} records x ${n} samples to ${out}`);
}
