#!/usr/bin/env node
// Builds data/annotate/ (the embedded GRCh38 chr21 annotation bundle) from the public
// reference files in ../shared/annotation-reference. Facts are re-encoded in precis'
// own compact formats; see data/annotate/SOURCES.md for sources and licences.
//
//   node scripts/build-annotate-data.mjs [--shared DIR] [--out DIR]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = opt('--shared', join(root, '..', 'shared'));
const out = opt('--out', join(root, 'data', 'annotate'));
const ref = join(shared, 'annotation-reference');
mkdirSync(out, { recursive: true });

const readText = (p) => {
  const b = readFileSync(p);
  return (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('utf8');
};
// mtime 0 keeps the output byte-identical between runs
const gz = (s) => gzipSync(Buffer.from(s, 'utf8'), { level: 9 });

// 1. Gene models: Ensembl GRCh38 chr21 GFF3 (release 84 dialect), gene-model features only,
//    attributes reduced to what precis reads.
const KEEP_ATTRS = new Set(['ID', 'Parent', 'Name', 'biotype', 'gene_id', 'transcript_id', 'version', 'tag', 'transcript_support_level', 'protein_id', 'ccdsid']);
const gffLines = ['##gff-version 3', '#!genome-build GRCh38', '#!source Ensembl release 84 chr21 GFF3 (Ensembl VEP test data, ensembl-vep 2beada0 t/testdata)'];
let nTranscripts = 0;
for (const line of readText(join(ref, 'vep-grch38-chr21', 'test.gff.gz')).split('\n')) {
  if (line === '' || line.startsWith('#')) continue;
  const f = line.split('\t');
  if (f.length < 9 || f[2] === 'biological_region' || f[2] === 'chromosome') continue;
  const attrs = f[8].split(';').filter((kv) => KEEP_ATTRS.has(kv.slice(0, kv.indexOf('='))));
  if (f[8].includes('ID=transcript:')) nTranscripts++;
  gffLines.push([...f.slice(0, 8), attrs.join(';')].join('\t'));
}
writeFileSync(join(out, 'grch38-chr21.genes.gff3.gz'), gz(`${gffLines.join('\n')}\n`));

// 2. Known variants: the VEP 84 cache chunk chr21:25-26 Mb (dbSNP 146 IDs, 1000 Genomes
//    phase 3, ESP, ExAC 0.3 frequencies per allele, ClinVar 2016-01 significance) as a
//    minimal-allele table: CHROM START ID REF ALT INFO ("-" = empty allele).
const COLS = 'variation_name,failed,somatic,start,end,allele_string,strand,minor_allele,minor_allele_freq,clin_sig,phenotype_or_disease,pubmed,AFR,AMR,EAS,EUR,SAS,AA,EA,ExAC,ExAC_AFR,ExAC_AMR,ExAC_Adj,ExAC_EAS,ExAC_FIN,ExAC_NFE,ExAC_OTH,ExAC_SAS'.split(',');
const FREQ = COLS.slice(12);
const comp = { A: 'T', C: 'G', G: 'C', T: 'A', N: 'N', '-': '-' };
const revcomp = (s) => (s === '-' ? s : [...s].reverse().map((c) => comp[c] ?? 'N').join(''));
const rows = [];
for (const line of readText(join(ref, 'vep-grch38-chr21', 'vep84_exac_cache_chr21_25000001-26000000_var.gz')).split('\n')) {
  if (line === '') continue;
  const f = line.split(' ');
  if (f.length !== COLS.length) throw new Error(`unexpected VEP cache line: ${line}`);
  const v = Object.fromEntries(COLS.map((c, i) => [c, f[i]]));
  let alleles = v.allele_string.split('/');
  if (v.strand === '-1') alleles = alleles.map(revcomp);
  if (alleles.some((a) => !/^([ACGTN]+|-)$/.test(a))) continue;
  const [refA, ...alts] = alleles;
  for (const alt of alts) {
    const info = [];
    if (v.clin_sig) info.push(`CLIN_SIG=${v.clin_sig}`);
    for (const col of FREQ) {
      if (!v[col]) continue;
      for (const pair of v[col].split(',')) {
        const [a, x] = pair.split(':');
        if ((v.strand === '-1' ? revcomp(a) : a) === alt) info.push(`${col}_AF=${x}`);
      }
    }
    if (info.length === 0) continue;
    rows.push([Number(v.start), v.variation_name, refA, alt, info.join(';')]);
  }
}
rows.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
const kv = ['#CHROM\tSTART\tID\tREF\tALT\tINFO', ...rows.map((r) => ['21', ...r].join('\t'))];
writeFileSync(join(out, 'grch38-chr21.known-variants.tsv.gz'), gz(`${kv.join('\n')}\n`));

// 3. ClinVar: the MacArthur-lab GRCh38 allele tables (ClinVar 2018) re-keyed to the NCBI
//    VCF INFO names (CLNSIG, CLNREVSTAT, CLNDN, GENEINFO, ALLELEID), ID = VariationID.
const clinvarOut = [
  '##fileformat=VCFv4.2',
  '##reference=GRCh38',
  '##source=ClinVar via macarthur-lab/clinvar 2dd39f9 (clinvar_alleles single+multi b38 subsets)',
  '##INFO=<ID=CLNSIG,Number=1,Type=String,Description="Clinical significance">',
  '##INFO=<ID=CLNREVSTAT,Number=1,Type=String,Description="Review status">',
  '##INFO=<ID=CLNDN,Number=1,Type=String,Description="Condition(s)">',
  '##INFO=<ID=GENEINFO,Number=1,Type=String,Description="Gene symbol">',
  '##INFO=<ID=ALLELEID,Number=1,Type=String,Description="ClinVar allele ID">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
];
const cvRows = [];
for (const file of ['clinvar_alleles_example_750_rows.single.b38.vcf', 'clinvar_alleles.multi.b38.vcf.gz']) {
  for (const line of readText(join(ref, 'clinvar', file)).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const c = line.split('\t');
    const info = new Map(c[7].split(';').map((x) => [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)]));
    const keep = [
      ['CLNSIG', info.get('CLINICAL_SIGNIFICANCE')],
      ['CLNREVSTAT', info.get('REVIEW_STATUS')],
      ['CLNDN', info.get('ALL_TRAITS')],
      ['GENEINFO', info.get('SYMBOL')],
      ['ALLELEID', info.get('ALLELE_ID')],
    ].filter(([, x]) => x !== undefined && x !== '');
    cvRows.push([c[0], Number(c[1]), info.get('VARIATION_ID') ?? '.', c[3], c[4], keep.map(([k, x]) => `${k}=${x}`).join(';')]);
  }
}
const order = (c) => (c === 'X' ? 23 : c === 'Y' ? 24 : c === 'MT' ? 25 : Number(c) || 99);
cvRows.sort((a, b) => order(a[0]) - order(b[0]) || a[1] - b[1]);
for (const r of cvRows) clinvarOut.push(`${r[0]}\t${r[1]}\t${r[2]}\t${r[3]}\t${r[4]}\t.\t.\t${r[5]}`);
writeFileSync(join(out, 'clinvar-grch38-subset.vcf.gz'), gz(`${clinvarOut.join('\n')}\n`));

const manifest = {
  genomeBuild: 'GRCh38',
  geneModels: { file: 'grch38-chr21.genes.gff3.gz', release: 'Ensembl 84 (GRCh38.p5), chr21', transcripts: nTranscripts },
  knownVariants: [{ file: 'grch38-chr21.known-variants.tsv.gz', release: 'VEP 84 cache chr21:25-26Mb: dbSNP 146, 1000 Genomes phase 3, ESP 20141103, ExAC 0.3, ClinVar 2016-01', rows: rows.length }],
  clinvar: [{ file: 'clinvar-grch38-subset.vcf.gz', release: 'ClinVar 2018 (macarthur-lab/clinvar 2dd39f9), GRCh38 subsets', rows: cvRows.length }],
};
writeFileSync(join(out, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`data/annotate: ${nTranscripts} transcripts, ${rows.length} known alleles, ${cvRows.length} ClinVar records`);
