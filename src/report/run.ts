import { createAnnotateStage, loadResources, type AnnotateResult, type VariantAnnotation } from '../annotate/index.js';
import { isNotable } from '../annotate/summary.js';
import { explainSamples, loadBackground, type ExplainResult } from '../explain/index.js';
import { assembleFeatures, createRiskStage, initBackend, loadFeatureInputs, loadModel, prsScoresFromDocument, selectPrsScore, type RiskResult } from '../model/index.js';
import { createPgxStage, loadPgxData, outsideCallGenes, readOutsideCalls, type PgxResult } from '../pgx/index.js';
import { createPrsStage, defaultScoringFiles, embeddedScoringOptions, prsJson, readReferenceFile, readScoringFiles, type PrsStageResult, type ReferenceFile } from '../prs/index.js';
import { PrecisError } from '../util/errors.js';
import { openVcf, runStages, selectSamples, type VcfReaderOptions, type VcfStage } from '../vcf/index.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import { isPathogenic, pgxView, prsViews, riskView, variantView } from './adapters.js';
import { buildCohort } from './cohort.js';
import { DISCLAIMER, type DataVersion, type ReportDocument, type SampleReport, type VariantView } from './model.js';

export interface ReportRunOptions {
  input: string;
  reader: VcfReaderOptions;
  samples: { list?: string; file?: string; force?: boolean };
  stages: { annotate: boolean; pgx: boolean; prs: boolean; risk: boolean };
  clinical?: string;
  features?: string[];
  outsideCalls?: string;
  /** scoring files; default: the embedded demo score(s) in data/prs */
  scores?: string[];
  /** reference distributions; default: the ones beside the embedded scores */
  reference?: string;
  /** the score whose Z becomes the model's prs_z (default: the first) */
  riskScore?: string;
  model: string;
  gff?: string;
  fasta?: string;
  clinvar?: string[];
  topVariants: number;
  command: string;
  warn: (message: string) => void;
  onRecord?: (n: number, bytes: number) => void;
}

export interface StageResults {
  annotate?: AnnotateResult;
  pgx?: PgxResult;
  prs?: PrsStageResult;
  risk?: RiskResult;
  explain?: ExplainResult;
}

/** Background rows for SHAP: the same default as `precis explain`, so both give the same numbers. */
export const EXPLAIN_BACKGROUND_SIZE = 64;

/**
 * `precis report`: one pass over the VCF feeds annotate, pgx and prs; risk and explain
 * run on what the pass produced. Each stage is the same one its own command drives, so
 * the numbers equal those of running the commands separately.
 */
export async function runReport(o: ReportRunOptions): Promise<{ doc: ReportDocument; results: StageResults }> {
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    o.warn(m);
  };
  const reader = await openVcf(o.input, o.reader);
  const header = reader.header;
  if (header.samples.length === 0) throw new PrecisError('BAD_DATA', 'the VCF has no samples: a report needs genotypes', { file: reader.name });
  const sel = selectSamples(header.samples, o.samples, (u) => warn(`ignoring unknown sample(s): ${u.join(', ')}`));
  const data: DataVersion[] = [];
  const stages: VcfStage<unknown>[] = [];
  const results: StageResults = {};

  // --- annotate: keep, per sample, the notable alleles it carries
  const carried = new Map<string, VariantView[]>(sel.names.map((s) => [s, []]));
  const pathogenic = new Map<string, VariantView[]>(sel.names.map((s) => [s, []]));
  if (o.stages.annotate) {
    const res = await loadResources({ bundle: true, gff: o.gff, fasta: o.fasta, clinvar: o.clinvar });
    const p = res.provenance;
    if (p.geneModels) data.push({ name: 'gene models', version: p.geneModels.release ?? p.geneModels.file, source: p.geneModels.file });
    for (const s of p.sources) data.push({ name: s.kind, version: s.release ?? 'user file', source: s.file });
    const order = Array.from(sel.select).map((slot, i) => [slot, i] as const).filter(([slot]) => slot >= 0).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    stages.push(
      createAnnotateStage({
        ...res.annotator,
        provenance: res.provenance,
        onAnnotated: (rec, annotations) => {
          const notable = annotations.filter(isNotable);
          if (notable.length === 0) return;
          const gts = rec.formatValues('GT');
          for (const a of notable) {
            const k = rec.alts.indexOf(a.alt) + 1;
            order.forEach((fileIndex, slot) => {
              const gt = gts[fileIndex] ?? '.';
              if (!gt.split(/[|/]/).includes(String(k))) return;
              const name = sel.names[slot]!;
              const view = variantView(a as VariantAnnotation, gt);
              carried.get(name)!.push(view);
              if (isPathogenic(a)) pathogenic.get(name)!.push(view);
            });
          }
        },
      }),
    );
  }

  // --- pgx
  let pgxGuidelineUrl = (_id: string): string | null => null;
  if (o.stages.pgx) {
    const pgxData = loadPgxData();
    const outsideCalls = o.outsideCalls ? readOutsideCalls(o.outsideCalls, outsideCallGenes(pgxData)) : undefined;
    data.push({ name: 'PGx allele definitions (PharmCAT/CPIC/ClinPGx)', version: pgxData.manifest.definitionsVersion, source: pgxData.manifest.source });
    if (pgxData.manifest.guidelinesVersion) data.push({ name: 'CPIC/DPWG guideline data', version: pgxData.manifest.guidelinesVersion, source: pgxData.manifest.source });
    const urls = new Map(pgxData.guidelines.map((g) => [g.id, g.url] as const));
    pgxGuidelineUrl = (id) => urls.get(id) ?? null;
    stages.push(createPgxStage(pgxData, { samples: o.samples, outsideCalls, onWarning: warn }));
  }

  // --- prs
  let prsResult: PrsStageResult | undefined;
  if (o.stages.prs) {
    const dflt = defaultScoringFiles();
    const scores = o.scores?.length ? o.scores : dflt.scores;
    if (scores.length === 0) throw new PrecisError('USAGE', 'no scoring files: give --scores FILE|FOLDER', { hint: 'or --no-prs' });
    const refPath = o.reference ?? (o.scores?.length ? undefined : dflt.reference);
    const reference: ReferenceFile | undefined = refPath ? readReferenceFile(refPath) : undefined;
    const scoring = readScoringFiles(scores);
    for (const s of scoring.scores) data.push({ name: `polygenic score ${s.id}`, version: s.formatVersion ?? 'PGS Catalog', source: s.file, ...(s.license ? { license: s.license } : {}) });
    if (refPath) data.push({ name: 'PRS reference distribution', version: 'precis', source: refPath });
    const prs = createPrsStage(embeddedScoringOptions(scoring, reference, o.topVariants, { names: sel.names, select: sel.identity ? null : sel.select }));
    stages.push({
      name: prs.name,
      begin: (h, src) => prs.begin(h, src),
      accept: (r) => prs.accept(r),
      end: async () => {
        prsResult = await prs.end();
        return prsResult;
      },
    });
  }

  // --- risk (reads no records: its genomic input is the prs stage's result)
  const prsContext = { schemaVersion: SCHEMA_VERSION, precisVersion: VERSION, command: o.command };
  // read once, when the pass has ended, by the risk stage and then by explain
  let prsModelInput: ReturnType<typeof selectPrsScore> | undefined;
  const prsForModel = (): ReturnType<typeof selectPrsScore> | undefined => {
    if (!prsResult) return undefined;
    prsModelInput ??= selectPrsScore(prsScoresFromDocument(prsJson(prsResult, prsContext), '<prs stage>'), o.riskScore ?? prsResult.scores[0]?.id, '<prs stage>');
    return prsModelInput;
  };
  let riskInputs: ReturnType<typeof loadFeatureInputs> | undefined;
  let model: Awaited<ReturnType<typeof loadModel>> | undefined;
  let backend = '';
  if (o.stages.risk) {
    if (!o.clinical && !o.features?.length) {
      warn('risk model not run: no clinical table (give --clinical FILE)');
    } else {
      backend = await initBackend();
      model = await loadModel(o.model);
      const loaded = loadFeatureInputs({ clinical: o.clinical, features: o.features });
      // only the samples being reported: -s/-S narrow the clinical table too
      const chosen = new Set(sel.names);
      riskInputs = { ...loaded, clinical: loaded.clinical.filter((s) => chosen.has(s.sample)) };
      if (riskInputs.clinical.length === 0) warn('no sample of the clinical table is among the samples reported: risk model not run');
      data.push({ name: `risk model ${model.meta.name} (${model.meta.kind})`, version: `format ${model.meta.formatVersion}, weights sha256:${model.meta.weightsSha256.slice(0, 12)}` });
      if (riskInputs.clinical.length > 0) stages.push(createRiskStage({ model, backend, clinical: riskInputs.clinical, extra: riskInputs.extra, prs: prsForModel, prsSource: 'prs stage', inputs: { command: o.command, vcf: o.input } }));
    }
  }
  if (stages.length === 0) throw new PrecisError('USAGE', 'every stage is turned off: nothing to report');

  try {
    const out = await runStages(reader, stages, (n) => o.onRecord?.(n, reader.bytesRead()));
    for (const [i, s] of stages.entries()) (results as Record<string, unknown>)[s.name] = out[i];
  } finally {
    reader.close();
  }

  // --- explain: exact SHAP on the same features the risk stage used
  let riskNote: string | undefined;
  let featureValues = new Map<string, Record<string, number | string | null>>();
  if (results.risk && model && riskInputs) {
    const prsMap = prsForModel();
    const scoreId = o.riskScore ?? prsResult?.scores[0]?.id;
    const trait = prsResult?.scores.find((s) => s.id === scoreId)?.meta.traitReported ?? '';
    if (prsMap && scoreId && !/coronary|CAD|cardio|heart/i.test(trait)) {
      riskNote = `the model's prs_z comes from ${scoreId}${trait ? ` (${trait})` : ''}, not a coronary artery disease score: the PRS term of the risk is illustrative only`;
      warn(riskNote);
    }
    const inVcf = new Set(sel.names);
    const assembled = assembleFeatures({ clinical: riskInputs.clinical.filter((s) => inVcf.has(s.sample)), extra: riskInputs.extra, prs: prsMap, prsSource: 'prs stage' });
    const background = loadBackground(model, undefined, EXPLAIN_BACKGROUND_SIZE);
    results.explain = explainSamples(assembled.samples, model, background, { prs: prsMap, topVariants: o.topVariants });
    featureValues = new Map(assembled.samples.map((s) => [s.sample, { ...s.values } as Record<string, number | string | null>]));
    for (const w of results.risk.warnings) warn(w);
  }

  const samples: SampleReport[] = sel.names.map((name) => {
    const sw: string[] = [];
    const pgxSample = results.pgx?.samples.find((s) => s.sample === name);
    const pgx = pgxSample ? pgxView(pgxSample, pgxGuidelineUrl) : null;
    const prs = results.prs ? { scores: prsViews(results.prs.scores, name, o.topVariants) } : null;
    const pred = results.risk?.predictions.find((p) => p.sample === name);
    const expl = results.explain?.explanations.find((e) => e.sample === name);
    const risk = pred && results.risk ? riskView(results.risk, pred, expl, featureValues.get(name) ?? {}) : null;
    if (results.risk && !pred) sw.push('no clinical data for this sample: risk model not run');
    if (pred && riskNote) sw.push(riskNote);
    const variants = o.stages.annotate ? carried.get(name)! : null;
    return {
      sample: name,
      summary: {
        actionableDrugs: pgx ? pgx.drugs.filter((d) => d.actionable) : [],
        highRiskScores: prs ? prs.scores.filter((s) => s.highRisk) : [],
        pathogenicVariants: pathogenic.get(name) ?? [],
      },
      pgx,
      prs,
      risk,
      variants,
      warnings: sw,
      stages: {
        ...(pgxSample ? { pgx: pgxSample } : {}),
        ...(results.prs ? { prs: results.prs.scores.map((sc) => ({ id: sc.id, match: sc.match, variantsUsed: sc.variantsUsed, sample: sc.samples.find((x) => x.sample === name) })) } : {}),
        ...(pred ? { risk: pred } : {}),
        ...(expl ? { explain: expl } : {}),
      },
    };
  });

  const doc: ReportDocument = {
    schemaVersion: SCHEMA_VERSION,
    kind: 'precis-report',
    researchUseOnly: true,
    disclaimer: DISCLAIMER,
    provenance: {
      precisVersion: VERSION,
      command: o.command,
      date: new Date().toISOString(),
      input: { path: reader.name, samples: header.samples.length, records: reader.records, genomeBuild: header.build ?? null },
      data,
      model: model ? { name: model.meta.name, version: `format ${model.meta.formatVersion}`, sha256: model.meta.weightsSha256 } : null,
      backend: backend || null,
      stages: [...stages.map((s) => s.name), ...(results.explain ? ['explain'] : [])] as ReportDocument['provenance']['stages'],
    },
    warnings,
    samples,
    cohort: samples.length > 1 ? buildCohort(samples) : null,
  };
  return { doc, results };
}
