import type { Guideline, GuidelineRecommendation } from './data.js';
import type { GeneReport } from './gene-report.js';

export interface MatchedRecommendation {
  id: string;
  classification: string | null;
  population: string | null;
  lookupKey: Record<string, string | Record<string, number>>;
  dosingInformation: boolean;
  alternateDrugAvailable: boolean;
  otherPrescribingGuidance: boolean;
}

export interface DrugReport {
  drug: string;
  source: 'CPIC' | 'DPWG';
  guideline: string;
  matched: boolean;
  /** genes of the guideline without a usable call (absent when all are called) */
  missingGenes?: string[];
  recommendations: MatchedRecommendation[];
}

const HLA = /^(\*\d+:\d+) (positive|negative)$/;

/** Whether a sample's call for one gene satisfies one lookup-key value. */
function keyMatches(report: GeneReport | undefined, source: 'CPIC' | 'DPWG', value: string | Record<string, number>): boolean {
  if (typeof value !== 'string') {
    if (!report?.called) return false;
    const want = Object.entries(value).sort().map(([a, n]) => `${a}:${n}`).join(',');
    return report.recommendationDiplotypes.some((d) => {
      const counts = new Map<string, number>();
      for (const a of d) counts.set(a, (counts.get(a) ?? 0) + 1);
      return [...counts].sort().map(([a, n]) => `${a}:${n}`).join(',') === want;
    });
  }
  if (value === 'No Result') return !report || (!report.called && report.lookupKeys[source].length === 0);
  if (!report) return false;
  const hla = HLA.exec(value);
  if (hla && report.gene.startsWith('HLA-')) {
    if (!report.called) return false;
    const has = report.recommendationDiplotypes.some((d) => d.includes(hla[1]!));
    return hla[2] === 'positive' ? has : !has;
  }
  return report.lookupKeys[source].includes(value);
}

function recMatches(rec: GuidelineRecommendation, byGene: Map<string, GeneReport>, source: 'CPIC' | 'DPWG'): boolean {
  const entries = Object.entries(rec.lookupKey as Record<string, string | Record<string, number>>);
  let real = 0;
  for (const [gene, value] of entries) {
    if (!keyMatches(byGene.get(gene), source, value)) return false;
    if (value !== 'No Result') real++;
  }
  return real > 0;
}

const geneKey = (r: GeneReport | undefined): string =>
  r ? `${r.called ? 1 : 0}${r.gene}|${r.lookupKeys.CPIC.join('^')}|${r.lookupKeys.DPWG.join('^')}|${r.recommendationDiplotypes.map((d) => d.join('+')).join('^')}` : '-';

/** Memoises recommendation matching across the samples of a cohort (keyed by the lookup inputs). */
export class Recommender {
  private readonly guidelines: Guideline[];
  private readonly memo = new Map<string, DrugReport[]>();

  constructor(guidelines: Guideline[]) {
    this.guidelines = guidelines;
  }

  recommend(genes: GeneReport[]): DrugReport[] {
    const byGene = new Map(genes.map((g) => [g.gene, g]));
    const out: DrugReport[] = [];
    for (const g of this.guidelines) {
      const key = `${g.id}:${g.genes.map((x) => geneKey(byGene.get(x))).join('~')}`;
      let part = this.memo.get(key);
      if (!part) {
        part = recommend([g], genes);
        if (this.memo.size < 200_000) this.memo.set(key, part);
      }
      out.push(...part);
    }
    return out.sort((a, b) => (a.drug < b.drug ? -1 : a.drug > b.drug ? 1 : a.source < b.source ? -1 : 1));
  }
}

/** Matches every CPIC and DPWG guideline against one sample's gene reports. */
export function recommend(guidelines: Guideline[], genes: GeneReport[]): DrugReport[] {
  const byGene = new Map(genes.map((g) => [g.gene, g]));
  const out: DrugReport[] = [];
  for (const g of guidelines) {
    const missingGenes = g.genes.filter((x) => !byGene.get(x)?.called);
    for (const drug of g.drugs) {
      const recs = g.recommendations.filter((r) => r.drugs.length === 0 || r.drugs.includes(drug)).filter((r) => recMatches(r, byGene, g.source));
      out.push({
        drug,
        source: g.source,
        guideline: g.id,
        matched: recs.length > 0,
        ...(missingGenes.length > 0 ? { missingGenes } : {}),
        recommendations: recs.map((r) => ({
          id: r.id,
          classification: r.classification,
          population: r.population,
          lookupKey: r.lookupKey as MatchedRecommendation['lookupKey'],
          dosingInformation: r.dosingInformation,
          alternateDrugAvailable: r.alternateDrugAvailable,
          otherPrescribingGuidance: r.otherPrescribingGuidance,
        })),
      });
    }
  }
  return out.sort((a, b) => (a.drug < b.drug ? -1 : a.drug > b.drug ? 1 : a.source < b.source ? -1 : 1));
}
