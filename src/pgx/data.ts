import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrecisError } from '../util/errors.js';
import { PACKAGE_ROOT } from '../version.js';

/** One allele-defining position of a gene (VCF representation, GRCh38, left-aligned). */
export interface PgxVariant {
  pos: number;
  rsid: string | null;
  hgvs: string;
  ref: string;
  alts: string[];
}

/** A named allele: cells aligned to the gene's variants; null = "as the reference allele". */
export interface NamedAllele {
  name: string;
  reference: boolean;
  cells: (string | null)[];
}

/** [function, activity value] per allele name. */
export type AlleleClass = [string | null, string | null];
/** [phenotype (gene result), lookup key, activity score] */
export type PhenotypeRow = [string | null, string | null, string | null];

export interface PhenotypeTable {
  version: string | null;
  alleles: Record<string, AlleleClass>;
  /** keyed by the sorted allele classes ("function#activity") joined with '|' */
  rows: Record<string, PhenotypeRow>;
  /** keyed by the sorted allele names joined with '/' */
  exceptions: Record<string, PhenotypeRow>;
}

export type PhenotypeSource = 'current' | 'CPIC' | 'DPWG';

export interface GeneDefinition {
  gene: string;
  chromosome: string;
  build: string;
  version: string;
  variants: PgxVariant[];
  alleles: NamedAllele[];
  requiredPositions: number[];
  /** positions PharmCAT ignores (matched with REF: an ignored deletion may share a POS with a defining SNV) */
  ignoredPositions: { pos: number; ref: string; rsid: string | null }[];
  ignoredAlleles: string[];
  extraPositions: { pos: number; rsid: string | null; ref: string; alts: string[] }[];
  unphasedPriorities: { list: string[]; pick: string }[];
  amp1Positions: number[];
  phenotypes: Partial<Record<PhenotypeSource, PhenotypeTable>>;
}

export interface GuidelineRecommendation {
  id: string;
  population: string | null;
  classification: string | null;
  drugs: string[];
  lookupKey: Record<string, string>;
  dosingInformation: boolean;
  alternateDrugAvailable: boolean;
  otherPrescribingGuidance: boolean;
}

export interface Guideline {
  id: string;
  source: 'CPIC' | 'DPWG';
  name: string;
  url: string;
  version: string | null;
  drugs: string[];
  genes: string[];
  pmids: string[];
  recommendations: GuidelineRecommendation[];
}

export interface PgxManifest {
  source: string;
  definitionsVersion: string;
  guidelinesVersion: string | null;
  genomeBuild: string;
  genes: { gene: string; chromosome: string; start: number; end: number; positions: number; alleles: number }[];
}

export interface PgxData {
  manifest: PgxManifest;
  genes: GeneDefinition[];
  /** phenotype tables of genes only known from outside calls (MT-RNR1, ...) */
  outsideGenes: Record<string, Partial<Record<PhenotypeSource, PhenotypeTable>>>;
  guidelines: Guideline[];
}

interface StoredAllele {
  name: string;
  reference?: boolean;
  cells: (string | null)[] | Record<string, string>;
}

export const DEFAULT_PGX_DATA_DIR = join(PACKAGE_ROOT, 'data', 'pgx');

let cached: { dir: string; data: PgxData } | undefined;

/** Loads data/pgx (built by scripts/build-pgx-data.mjs); cached per directory. */
export function loadPgxData(dir: string = DEFAULT_PGX_DATA_DIR): PgxData {
  if (cached && cached.dir === dir) return cached.data;
  const read = <T>(name: string): T => {
    const p = join(dir, name);
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as T;
    } catch (e) {
      throw new PrecisError('BAD_DATA', `cannot read PGx data (${(e as Error).message})`, { file: p, hint: 'rebuild with `node scripts/build-pgx-data.mjs`' });
    }
  };
  const manifest = read<PgxManifest>('manifest.json');
  const genes = manifest.genes.map((g) => expandGene(read<GeneDefinition & { alleles: StoredAllele[] }>(`genes/${g.gene}.json`)));
  const data: PgxData = {
    manifest,
    genes,
    outsideGenes: read('outside-genes.json'),
    guidelines: read('guidelines.json'),
  };
  cached = { dir, data };
  return data;
}

function expandGene(raw: Omit<GeneDefinition, 'alleles'> & { alleles: StoredAllele[] }): GeneDefinition {
  const n = raw.variants.length;
  const alleles = raw.alleles.map((a): NamedAllele => {
    if (Array.isArray(a.cells)) return { name: a.name, reference: Boolean(a.reference), cells: a.cells };
    const cells: (string | null)[] = new Array<string | null>(n).fill(null);
    for (const [i, v] of Object.entries(a.cells)) cells[Number(i)] = v;
    return { name: a.name, reference: Boolean(a.reference), cells };
  });
  return { ...raw, alleles };
}
