#!/usr/bin/env node
// Builds data/prs/: a GRCh38 demo score and its reference distribution.
//
//   node scripts/build-prs-data.mjs [--shared ../shared]   (run `npx tsc -p .` first: the reference is made by precis itself)
//
// 1. PGS001229 (GBE_INI50, standing height; PGS Catalog, harmonised to GRCh38 as formatted by
//    pgsc_calc) restricted to the sites of the tiny1000G GRCh38 panel (1000 Genomes, unrestricted).
//    Score metadata is read from the PGS Catalog header of PGS001229_22.txt in the same data.
// 2. Its reference distribution over the 3,202 tiny1000G samples, overall and per 1000 Genomes
//    super-population (labels from ref.psam), written by `precis prs --write-reference`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const si = args.indexOf('--shared');
const SHARED = resolve(si >= 0 ? args[si + 1] : join(ROOT, '..', 'shared'));
const REF = join(SHARED, 'prs-reference');
const CALC = join(REF, 'pygscatalog/pgscatalog.utils/packages/pgscatalog.calc/tests');
const OUT = join(ROOT, 'data', 'prs');
const NAME = 'PGS001229_GRCh38_tiny1000G';

const text = (p) => {
  const b = readFileSync(p);
  return (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('utf8');
};

// sites of the panel
const panel = join(CALC, 'data/vcf/tiny1000G.vcf.gz');
const sites = new Set();
for (const line of text(panel).split('\n')) {
  if (line === '' || line.startsWith('#')) continue;
  const f = line.split('\t', 2);
  sites.add(`${f[0]}:${f[1]}`);
}

// score metadata from the PGS Catalog header of the GRCh37 chr22 extract (same score)
const header = new Map();
for (const line of text(join(REF, 'pgsc_calc/assets/examples/scorefiles/PGS001229_22.txt')).split('\n')) {
  if (!line.startsWith('#')) break;
  const m = /^#([a-z_]+)=(.*)$/.exec(line);
  if (m) header.set(m[1], m[2]);
}

// harmonised rows at panel sites
const rows = text(join(CALC, 'data/structured/PGS001229_hmPOS_GRCh38.txt.gz')).split('\n');
const cols = rows[0].split('\t');
const at = (n) => cols.indexOf(n);
const [iChr, iPos, iEa, iOa, iW] = ['chr_name', 'chr_position', 'effect_allele', 'other_allele', 'effect_weight'].map(at);
const kept = [];
for (const line of rows.slice(1)) {
  if (line === '') continue;
  const f = line.split('\t');
  if (sites.has(`${f[iChr]}:${f[iPos]}`)) kept.push([f[iChr], f[iPos], f[iEa], f[iOa], f[iW]]);
}

const lines = [
  '###PGS CATALOG SCORING FILE (subset) - precis demo score, see data/prs/SOURCES.md',
  '#format_version=2.0',
  '##POLYGENIC SCORE (PGS) INFORMATION',
  `#pgs_id=${header.get('pgs_id')}`,
  `#pgs_name=${header.get('pgs_name')}`,
  `#trait_reported=${header.get('trait_reported')}`,
  `#trait_mapped=${header.get('trait_mapped')}`,
  `#trait_efo=${header.get('trait_efo')}`,
  `#weight_type=${header.get('weight_type')}`,
  '#genome_build=GRCh38',
  `#variants_number=${kept.length}`,
  '##SOURCE INFORMATION',
  `#pgp_id=${header.get('pgp_id')}`,
  `#citation=${header.get('citation')}`,
  '#license=PGS Catalog / EMBL-EBI Terms of Use (https://www.ebi.ac.uk/about/terms-of-use); subset of the 51,209 variants at the 1,004 tiny1000G sites',
  'chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight',
  ...kept.map((r) => r.join('\t')),
];
mkdirSync(OUT, { recursive: true });
const scorePath = join(OUT, `${NAME}.txt`);
writeFileSync(scorePath, `${lines.join('\n')}\n`);
process.stderr.write(`${scorePath}: ${kept.length} variants\n`);

// reference distribution by precis itself
const refPath = join(OUT, `${NAME}.reference.json`);
const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'precis'), 'prs', '--reference-panel', panel, '-w', scorePath, '--labels', join(CALC, 'legacy/data/ref.psam'), '--label-column', 'SuperPop', '--write-reference', refPath, '-q'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// keep the file free of local paths
const doc = JSON.parse(readFileSync(refPath, 'utf8'));
doc.panel = 'tiny1000G.vcf.gz (pygscatalog@2d2d6c4 pgscatalog.calc/tests/data/vcf; 1000 Genomes high-coverage, 3,202 samples, GRCh38)';
doc.labels = 'ref.psam SuperPop (pygscatalog@2d2d6c4 pgscatalog.calc/tests/legacy/data)';
doc.createdBy = doc.createdBy.replace(/: precis .*/, ': precis prs --reference-panel tiny1000G.vcf.gz -w data/prs/' + `${NAME}.txt --labels ref.psam --label-column SuperPop --write-reference ${NAME}.reference.json`);
writeFileSync(refPath, `${JSON.stringify(doc, null, 1)}\n`);
process.stderr.write(`${refPath}: ${doc.scores.map((s) => `${s.id} n=${s.overall.n} variants=${s.variantsUsed} populations=${Object.keys(s.populations).join(',')}`).join('; ')}\n`);
