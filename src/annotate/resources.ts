import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FastaReader, readContigSynonyms, useContigSynonyms } from '../vcf/index.js';
import { PrecisError } from '../util/errors.js';
import { PACKAGE_ROOT } from '../version.js';
import type { AnnotatorOptions, TranscriptSelection } from './annotator.js';
import { CustomSource, type CustomSourceSpec } from './custom-source.js';
import type { GeneModelIssues, GeneModels } from './gene-models.js';
import { readGeneModelsCached } from './gene-model-cache.js';
import { KnownVariantFile } from './known-variants.js';
import type { AnnotateProvenance } from './stage.js';
import { TranscriptIndex } from './transcript-index.js';

export const BUNDLE_DIR = join(PACKAGE_ROOT, 'data', 'annotate');

/** What `data/annotate/bundle.json` says about the embedded default. */
export interface BundleManifest {
  genomeBuild: string;
  geneModels: { file: string; release: string };
  knownVariants: { file: string; release: string }[];
  clinvar: { file: string; release: string }[];
}

export interface ResourceConfig {
  gff?: string;
  fasta?: string;
  clinvar?: string[];
  frequencies?: { file: string; fields?: string[] }[];
  custom?: CustomSourceSpec[];
  /** use the embedded GRCh38 chr21 bundle for what is not given */
  bundle: boolean;
  selection?: TranscriptSelection;
  strictRef?: boolean;
  /** false: sources only, no gene models */
  consequences?: boolean;
  /** false: do not read or write the parsed gene-model cache */
  cache?: boolean;
  /** reach of upstream/downstream_gene_variant (--distance; default 5000 bp each) */
  distance?: { upstream: number; downstream: number };
  /** false: skip HGVS notation (nothing would write it) */
  hgvs?: boolean;
  /** contig synonym table (VEP's --synonyms format): names the built-in aliases do not make one */
  synonyms?: string;
}

export interface LoadedResources {
  annotator: AnnotatorOptions;
  provenance: Omit<AnnotateProvenance, 'genomeBuild'>;
  geneModelIssues: GeneModelIssues;
  /** the gene models read (parallel annotation hands them to its workers); undefined without consequences */
  geneModels?: GeneModels;
  /** sources given that hold no data line (a wrong or truncated file, worth a warning) */
  emptySources: string[];
}

export function readBundleManifest(): BundleManifest | undefined {
  const p = join(BUNDLE_DIR, 'bundle.json');
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')) as BundleManifest;
}

/**
 * Opens gene models, FASTA and sources; the embedded bundle fills in what the flags leave
 * out. `models`: gene models already read from the file `cfg` names (a parallel
 * annotation worker gets them from the main thread instead of reading them again).
 */
export async function loadResources(cfg: ResourceConfig, models?: GeneModels): Promise<LoadedResources> {
  // contig names are compared process-wide (and in each annotation worker, which loads its own resources)
  if (cfg.synonyms !== undefined) useContigSynonyms(readContigSynonyms(cfg.synonyms));
  const manifest = cfg.bundle ? readBundleManifest() : undefined;
  const withConsequences = cfg.consequences !== false;
  if (withConsequences && !cfg.gff && !manifest) {
    throw new PrecisError('USAGE', 'no gene models: give --gff (GFF3 or GTF)', { hint: 'the embedded bundle (data/annotate) is missing from this installation' });
  }
  const gffPath = cfg.gff ?? (manifest ? join(BUNDLE_DIR, manifest.geneModels.file) : undefined);
  // the small embedded bundle parses faster than a cache round trip
  if (models === undefined && withConsequences && gffPath) models = await readGeneModelsCached(gffPath, cfg.gff !== undefined && cfg.cache !== false);
  if (models && models.transcripts.length === 0) throw new PrecisError('BAD_DATA', 'no transcripts (features with exon or CDS children) found', { file: gffPath });
  const index = new TranscriptIndex(models?.transcripts ?? []);
  const fasta = cfg.fasta ? await FastaReader.open(cfg.fasta) : undefined;
  const sources: AnnotateProvenance['sources'] = [];
  const clinvar: KnownVariantFile[] = [];
  const frequencies: { file: KnownVariantFile; fields?: string[] }[] = [];
  for (const f of cfg.clinvar ?? []) {
    clinvar.push(await KnownVariantFile.open(f));
    sources.push({ kind: 'clinvar', file: f });
  }
  for (const f of cfg.frequencies ?? []) {
    frequencies.push({ file: await KnownVariantFile.open(f.file), fields: f.fields });
    sources.push({ kind: 'frequencies', file: f.file });
  }
  if (manifest && !cfg.gff && withConsequences) {
    // the bundle's known variants only make sense with the bundle's own genes/build
    if (!cfg.clinvar?.length) {
      for (const c of manifest.clinvar) {
        clinvar.push(await KnownVariantFile.open(join(BUNDLE_DIR, c.file)));
        sources.push({ kind: 'clinvar', file: `data/annotate/${c.file}`, release: c.release });
      }
    }
    for (const k of manifest.knownVariants) {
      const f = await KnownVariantFile.open(join(BUNDLE_DIR, k.file));
      if (!cfg.frequencies?.length) frequencies.push({ file: f });
      if (!cfg.clinvar?.length) clinvar.push(f);
      sources.push({ kind: 'frequencies', file: `data/annotate/${k.file}`, release: k.release });
    }
  }
  const custom: CustomSource[] = [];
  for (const spec of cfg.custom ?? []) {
    custom.push(await CustomSource.open(spec));
    sources.push({ kind: 'custom', file: spec.file });
  }
  return {
    annotator: { index, fasta, clinvar, frequencies, custom, selection: cfg.selection ?? 'all', strictRef: cfg.strictRef, consequences: withConsequences, distance: cfg.distance, hgvs: cfg.hgvs },
    provenance: {
      geneModels: models
        ? {
            file: cfg.gff ?? `data/annotate/${manifest!.geneModels.file}`,
            format: models.format,
            transcripts: models.transcripts.length,
            release: cfg.gff ? undefined : manifest!.geneModels.release,
          }
        : null,
      fasta: cfg.fasta ?? null,
      sources,
      consequenceRanking: 'VEP 115 (ensembl-variation OVERLAP_CONSEQUENCES)',
    },
    geneModelIssues: models?.issues ?? { missingParent: 0, cdsWithoutPhase: 0, noExons: 0, messages: [] },
    geneModels: models,
    emptySources: [...clinvar.filter((f) => f.empty).map((f) => f.path), ...frequencies.filter((f) => f.file.empty).map((f) => f.file.path), ...custom.filter((c) => c.empty).map((c) => c.spec.file)],
  };
}
