import type { VariantAnnotation } from '../annotate/annotation.js';
import type { SampleExplanation } from '../explain/explain.js';
import type { RiskPrediction, RiskResult } from '../model/risk.js';
import type { DrugReport } from '../pgx/recommend.js';
import type { SamplePgx } from '../pgx/stage.js';
import type { ScoreResult } from '../prs/result.js';
import type { DrugGuidance, PgxGeneView, PrsScoreView, RiskView, VariantView } from './model.js';

/**
 * Pure conversions from each stage's own result to the report's view of one sample.
 * The report never recomputes a number: it selects and relabels.
 */

/** A score at or above this percentile is flagged in the summary. */
export const HIGH_RISK_PERCENTILE = 90;

export function pgxView(s: SamplePgx, guidelineUrl: (id: string) => string | null): { genes: PgxGeneView[]; drugs: DrugGuidance[] } {
  const genes: PgxGeneView[] = s.genes.map((g) => ({
    gene: g.gene,
    called: g.called,
    source: g.callSource,
    diplotypes: g.diplotypes,
    phenotype: g.phenotypes.length ? g.phenotypes.join(' / ') : null,
    activityScore: g.activityScore,
    status: g.status,
    missingPositions: g.missingPositions.length,
    reason: g.reason ?? (g.called ? null : g.explanation.why || null),
  }));
  const drugs: DrugGuidance[] = [];
  for (const d of s.drugs) drugs.push(...drugGuidance(d, guidelineUrl(d.guideline)));
  drugs.sort((a, b) => Number(b.actionable) - Number(a.actionable) || a.drug.localeCompare(b.drug) || a.source.localeCompare(b.source));
  return { genes, drugs };
}

function drugGuidance(d: DrugReport, url: string | null): DrugGuidance[] {
  if (!d.matched || d.recommendations.length === 0) return [];
  return d.recommendations.map((r) => {
    const lookupKey: Record<string, string> = {};
    for (const [gene, v] of Object.entries(r.lookupKey)) lookupKey[gene] = typeof v === 'string' ? v : Object.entries(v).map(([a, n]) => `${a}×${n}`).join(' ');
    const classification = r.classification;
    // guidance that changes the prescription: a dose change or another drug, with a
    // classification other than "No Recommendation"
    const actionable = (r.dosingInformation || r.alternateDrugAvailable) && !/^no recommendation$/i.test(classification ?? '');
    return {
      drug: d.drug,
      source: d.source,
      genes: Object.keys(r.lookupKey),
      classification,
      population: r.population,
      lookupKey,
      dosingChange: r.dosingInformation,
      alternateDrug: r.alternateDrugAvailable,
      url,
      implication: r.otherPrescribingGuidance ? 'other prescribing guidance' : null,
      actionable,
    };
  });
}

export function prsViews(scores: ScoreResult[], sample: string, topN: number): PrsScoreView[] {
  const out: PrsScoreView[] = [];
  for (const sc of scores) {
    const s = sc.samples.find((x) => x.sample === sample);
    if (!s) continue;
    const z = s.z ?? null;
    const percentile = s.percentile ?? null;
    out.push({
      id: sc.id,
      trait: sc.meta.traitReported ?? sc.meta.traitMapped ?? null,
      sum: s.sum,
      z,
      percentile,
      matchRate: sc.match.matchRate,
      variantsUsed: sc.variantsUsed,
      reference: sc.reference ? { mean: sc.reference.mean, sd: sc.reference.sd, label: `${sc.reference.panel}${s.referencePopulation ? ` (${s.referencePopulation})` : ''}` } : null,
      highRisk: percentile !== null && percentile >= HIGH_RISK_PERCENTILE,
      topVariants: (s.contributions ?? []).slice(0, topN).map((c) => ({
        variant: c.variant,
        rsid: c.rsid || null,
        effectAllele: c.effectAllele,
        weight: c.weight,
        dosage: c.dosage ?? Number.NaN,
        contribution: c.contribution,
      })),
    });
  }
  return out;
}

export function riskView(result: RiskResult, p: RiskPrediction, e: SampleExplanation | undefined, features: Record<string, number | string | null>): RiskView {
  return {
    model: result.model.name,
    backend: result.backend,
    risk: p.risk,
    baseline: { name: result.baseline.name === 'pce' ? 'Pooled Cohort Equations' : result.baseline.name, risk: p.pce_risk, ...(p.pce_out_of_range.length ? { note: `inputs outside the equations' range: ${p.pce_out_of_range.join(', ')}` } : {}) },
    baseValue: e?.base ?? Number.NaN,
    contributions: (e?.contributions ?? []).map((c) => ({ feature: c.feature, value: features[c.feature] ?? c.value, phi: c.contribution })),
    residual: e?.completenessResidual ?? Number.NaN,
    features,
  };
}

export function variantView(a: VariantAnnotation, genotype: string): VariantView {
  const picked = a.consequences.find((c) => c.picked) ?? a.consequences[0];
  return {
    chrom: a.chrom,
    pos: a.pos,
    ref: a.ref,
    alt: a.alt,
    genotype,
    gene: picked?.gene || null,
    consequence: a.mostSevere,
    impact: a.impact,
    hgvsc: picked?.hgvsc ?? null,
    hgvsp: picked?.hgvsp ?? null,
    clinvar: a.clinvar ? a.clinvar.significance.replace(/_/g, ' ') : null,
    frequency: a.frequencies?.AF ?? a.frequencies?.popmax?.AF ?? null,
  };
}

export function isPathogenic(a: VariantAnnotation): boolean {
  return a.clinvar?.class === 'pathogenic' || a.clinvar?.class === 'likely_pathogenic';
}
