#!/usr/bin/env node
// Builds data/pgx/ from the PharmCAT reference data (allele definitions, exemptions,
// phenotype tables, CPIC/DPWG recommendation data). Only structured facts are kept:
// positions, allele cells, functions, phenotype lookup tables and recommendation lookup
// keys with classification/population/flags/URL/PMIDs. No guideline prose.
//
//   node scripts/build-pgx-data.mjs [--shared ../shared] [--out data/pgx]
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const shared = opt('--shared', join(root, '..', 'shared'));
const outDir = opt('--out', join(root, 'data', 'pgx'));
const ref = join(shared, 'pgx-reference');
if (!existsSync(ref)) {
  console.error(`build-pgx-data: ${ref} not found (pass --shared DIR)`);
  process.exit(1);
}

const readJson = (p) => JSON.parse(p.endsWith('.gz') ? gunzipSync(readFileSync(p)).toString('utf8') : readFileSync(p, 'utf8'));
const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16);

const exemptions = readJson(join(ref, 'definitions', 'exemptions.json'));
const defFiles = readdirSync(join(ref, 'definitions')).filter((f) => f.endsWith('_translation.json')).sort();
const sources = [];

/** Phenotype table → compact form: allele classes + class-pair rows + exceptions. */
function compactPhenotypes(table) {
  const fn = table.haplotypes ?? {};
  const av = table.activityValues ?? {};
  const alleles = {};
  for (const name of new Set([...Object.keys(fn), ...Object.keys(av)])) alleles[name] = [fn[name] ?? null, av[name] ?? null];
  const classOf = (a) => (alleles[a] ? `${alleles[a][0]}#${alleles[a][1]}` : null);
  const rows = {};
  const exceptions = {};
  for (const d of table.diplotypes ?? []) {
    const names = [];
    for (const [a, n] of Object.entries(d.diplotypekey)) for (let i = 0; i < n; i++) names.push(a);
    const value = [d.generesult ?? d.phenotype ?? null, d.lookupkey ?? null, d.activityScore ?? null];
    const classes = names.map(classOf);
    const key = classes.includes(null) ? null : [...classes].sort().join('|');
    const dipKey = [...names].sort().join('/');
    if (key === null) {
      exceptions[dipKey] = value;
      continue;
    }
    const prev = rows[key];
    if (prev === undefined) rows[key] = value;
    else if (JSON.stringify(prev) !== JSON.stringify(value)) exceptions[dipKey] = value;
  }
  return { version: table.version ?? null, alleles, rows, exceptions };
}

function phenotypeSource(gene) {
  const file = gene.replace('-', '_');
  const cur = join(ref, 'phenotypes', `${file}.json`);
  const legacyCpic = join(ref, 'legacy-2024', 'phenotype', 'cpic', `${file}.json.gz`);
  const legacyDpwg = join(ref, 'legacy-2024', 'phenotype', 'dpwg', `${file}.json.gz`);
  const out = {};
  if (existsSync(cur)) {
    out.current = compactPhenotypes(readJson(cur));
    sources.push({ file: `phenotypes/${file}.json`, sha: sha(cur) });
  } else if (existsSync(legacyCpic)) {
    out.current = compactPhenotypes(readJson(legacyCpic));
  }
  if (existsSync(legacyCpic)) {
    out.CPIC = compactPhenotypes(readJson(legacyCpic));
    sources.push({ file: `legacy-2024/phenotype/cpic/${file}.json.gz`, sha: sha(legacyCpic) });
  }
  if (existsSync(legacyDpwg)) {
    out.DPWG = compactPhenotypes(readJson(legacyDpwg));
    sources.push({ file: `legacy-2024/phenotype/dpwg/${file}.json.gz`, sha: sha(legacyDpwg) });
  }
  return out;
}

mkdirSync(join(outDir, 'genes'), { recursive: true });
const manifestGenes = [];
let dataVersion = null;
for (const f of defFiles) {
  const p = join(ref, 'definitions', f);
  const d = readJson(p);
  sources.push({ file: `definitions/${f}`, sha: sha(p) });
  dataVersion = d.version;
  const ex = exemptions[d.gene] ?? {};
  const variants = d.variants.map((v) => ({
    pos: v.position,
    rsid: v.rsid ?? null,
    hgvs: v.chromosomeHgvsName,
    ref: v.ref,
    alts: v.alts,
  }));
  const alleles = d.namedAlleles.map((a) => {
    // Reference row in full, other rows sparse (index → allele); a blank cell means "as the reference".
    if (a.reference) return { name: a.name, reference: true, cells: a.alleles };
    const cells = {};
    a.alleles.forEach((x, i) => {
      if (x !== null) cells[i] = x;
    });
    return { name: a.name, cells };
  });
  const gene = {
    gene: d.gene,
    chromosome: d.chromosome,
    build: d.genomeBuild,
    version: d.version,
    variants,
    alleles,
    requiredPositions: ex.requiredPositions ?? [],
    ignoredPositions: (ex.ignoredPositions ?? []).map((v) => ({ pos: v.position, ref: v.ref, rsid: v.rsid ?? null })),
    ignoredAlleles: ex.ignoredAlleles ?? [],
    extraPositions: (ex.extraPositions ?? []).map((v) => ({ pos: v.position, rsid: v.rsid, ref: v.ref, alts: v.alts })),
    unphasedPriorities: (ex.unphasedDiplotypePriorities ?? []).map((r) => ({ list: r.list, pick: r.pick })),
    amp1Positions: ex.amp1Positions ?? [],
    phenotypes: phenotypeSource(d.gene),
  };
  writeFileSync(join(outDir, 'genes', `${d.gene}.json`), JSON.stringify(gene));
  const positions = variants.map((v) => v.pos).concat(gene.extraPositions.map((v) => v.pos));
  manifestGenes.push({ gene: d.gene, chromosome: d.chromosome, start: Math.min(...positions), end: Math.max(...positions.map((p, i) => p + (variants[i]?.ref.length ?? 1) - 1)), positions: positions.length, alleles: alleles.length });
}

// Genes without allele definitions that still have phenotypes (outside calls only).
const outsideOnly = {};
for (const gene of ['MT-RNR1', 'HLA-A', 'HLA-B']) {
  const ph = phenotypeSource(gene);
  if (Object.keys(ph).length > 0) outsideOnly[gene] = ph;
}
writeFileSync(join(outDir, 'outside-genes.json'), JSON.stringify(outsideOnly));

// Recommendations.
const gdir = join(ref, 'legacy-2024', 'guidelines');
const guidelines = [];
let nRec = 0;
for (const f of readdirSync(gdir).filter((x) => x.endsWith('.json')).sort()) {
  const g = readJson(join(gdir, f));
  const gl = g.guideline;
  guidelines.push({
    id: gl.id,
    source: gl.source,
    name: gl.name,
    url: gl.url,
    version: g.version ?? null,
    drugs: gl.relatedChemicals.map((c) => c.name),
    genes: gl.relatedGenes.map((x) => x.symbol),
    pmids: (g.citations ?? []).map((c) => c.pmid).filter(Boolean),
    recommendations: g.recommendations.map((r) => ({
      id: r.id,
      population: r.population ?? null,
      classification: r.classification?.term ?? null,
      drugs: r.relatedChemicals.map((c) => c.name),
      lookupKey: r.lookupKey,
      dosingInformation: Boolean(r.dosingInformation),
      alternateDrugAvailable: Boolean(r.alternateDrugAvailable),
      otherPrescribingGuidance: Boolean(r.otherPrescribingGuidance),
    })),
  });
  nRec += g.recommendations.length;
}
writeFileSync(join(outDir, 'guidelines.json'), JSON.stringify(guidelines));

const manifest = {
  source: 'PharmGKB/PharmCAT 5431bf1187e50383df7e7db18ef67b36fc8b562e (definitions, exemptions, phenotypes); guidelines and legacy phenotype tables from 30f8cfb7b3d71f6b579212f8161689e5f7dc2e63',
  definitionsVersion: dataVersion,
  guidelinesVersion: guidelines.map((g) => g.version).filter(Boolean).sort().at(-1) ?? null,
  genomeBuild: 'GRCh38',
  genes: manifestGenes,
  counts: { genes: manifestGenes.length, positions: manifestGenes.reduce((a, g) => a + g.positions, 0), guidelines: guidelines.length, recommendations: nRec },
  inputs: sources,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`build-pgx-data: ${manifestGenes.length} genes, ${manifest.counts.positions} positions, ${guidelines.length} guidelines, ${nRec} recommendations → ${outDir}`);
