import type { PhenotypeSource, PhenotypeTable } from './data.js';
import { emptyExplanation, type GeneReport } from './gene-report.js';
import type { OutsideCall } from './outside-calls.js';
import { normaliseCopyNumber, phenotypeOf } from './phenotype.js';

/** Genes whose guideline lookup key is an activity score. */
const ACTIVITY_GENES = new Set(['CYP2D6', 'CYP2C9', 'DPYD']);

/** Turns an outside call into a gene report (phenotype and lookup keys filled from the tables when not given). */
export function outsideReport(call: OutsideCall, tables: Partial<Record<PhenotypeSource, PhenotypeTable>> | undefined, statusAlleles: string[] = []): GeneReport {
  const alleles = call.diplotype ? call.diplotype.split('/').map((a) => a.trim()) : [];
  if (call.gene.startsWith('HLA-') && alleles.length > 0 && !call.phenotype && statusAlleles.length > 0) {
    // HLA: the phenotype is the carrier status of each allele guidelines ask about
    const status = statusAlleles.map((a) => `${a} ${alleles.includes(a) ? 'positive' : 'negative'}`);
    return { ...outsideReport({ ...call, phenotype: null }, tables), phenotypes: status, lookupKeys: { CPIC: status, DPWG: status } };
  }
  const t = tables ?? {};
  const ph = alleles.length > 0 ? phenotypeOf(t, alleles) : null;
  const phenotype = call.phenotype ?? ph?.phenotype ?? null;
  const activity = call.activityScore ?? ph?.activityScore ?? null;
  const key = (source: 'CPIC' | 'DPWG'): string[] => {
    if (ACTIVITY_GENES.has(call.gene) && call.activityScore) return [call.activityScore];
    if (!ACTIVITY_GENES.has(call.gene) && call.phenotype) return [call.phenotype];
    const k = ph?.lookupKeys[source];
    return k ? [k] : [];
  };
  const explanation = emptyExplanation(null, `outside call (line ${call.line})`);
  if (alleles.some((a) => normaliseCopyNumber(a, t.current) !== a)) explanation.notes.push('copy numbers of three or more are read as x≥3');
  return {
    gene: call.gene,
    called: true,
    callSource: 'outside',
    phased: false,
    effectivelyPhased: false,
    diplotypes: call.diplotype ? [call.diplotype] : [],
    recommendationDiplotypes: alleles.length > 0 ? [alleles] : [],
    phenotypes: phenotype ? [phenotype] : [],
    activityScore: activity,
    lookupKeys: { CPIC: key('CPIC'), DPWG: key('DPWG') },
    status: 'unique',
    missingPositions: [],
    explanation,
  };
}
