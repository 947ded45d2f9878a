import type { KnownVariantFile, SourceAllele } from './known-variants.js';

export interface ClinVarAnnotation {
  /** as the source writes it, e.g. "Pathogenic", "Likely_pathogenic", "pathogenic" */
  significance: string;
  /** pathogenic | likely_pathogenic | uncertain | likely_benign | benign | conflicting | other */
  class: ClinVarClass;
  reviewStatus?: string;
  condition?: string;
  id?: string;
}

export type ClinVarClass = 'pathogenic' | 'likely_pathogenic' | 'uncertain' | 'likely_benign' | 'benign' | 'conflicting' | 'other';

/** The INFO keys of the NCBI ClinVar VCF, the MacArthur-lab table and VEP caches, in that order of preference. */
const SIGNIFICANCE = ['CLNSIG', 'CLINICAL_SIGNIFICANCE', 'CLIN_SIG'];
const REVIEW = ['CLNREVSTAT', 'REVIEW_STATUS'];
const CONDITION = ['CLNDN', 'ALL_TRAITS'];

function first(info: Map<string, string | true>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = info.get(k);
    if (typeof v === 'string' && v !== '' && v !== '.') return v;
  }
  return undefined;
}

export function clinvarFromAllele(file: KnownVariantFile, a: SourceAllele): ClinVarAnnotation | undefined {
  const info = file.info(a);
  const significance = first(info, SIGNIFICANCE);
  if (significance === undefined) return undefined;
  const id = a.id !== '.' && a.id !== '' ? a.id : first(info, ['VARIATION_ID', 'ALLELEID', 'ALLELE_ID']);
  return { significance, class: clinvarClass(significance), reviewStatus: first(info, REVIEW), condition: first(info, CONDITION), id };
}

/** The strongest class a significance string asserts ("Pathogenic/Likely_pathogenic" is pathogenic, "Benign/Likely_benign" benign). */
export function clinvarClass(significance: string): ClinVarClass {
  // the MacArthur-lab table writes ", " as ".." (Benign..risk_factor); NCBI's VCF `,_` or `|`
  const s = significance.toLowerCase().replace(/\.\./g, ',').replace(/[_\s]+/g, ' ');
  if (s.includes('conflicting')) return 'conflicting';
  const parts = new Set(s.split(/[/,|&]/).map((p) => p.trim()));
  if (parts.has('pathogenic')) return 'pathogenic';
  if (parts.has('likely pathogenic')) return 'likely_pathogenic';
  if (parts.has('uncertain significance')) return 'uncertain';
  if (parts.has('benign')) return 'benign';
  if (parts.has('likely benign')) return 'likely_benign';
  return 'other';
}
