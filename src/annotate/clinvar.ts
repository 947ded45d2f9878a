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
  const alleles = info.get('CLNALLE');
  if (typeof alleles === 'string') return legacyClinvar(info, alleles, a);
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

/**
 * ClinVar's VCF before 2017 (and dbSNP's clinical VCF): CLNSIG holds numeric codes, `|`
 * between submissions and `,` between the alleles CLNALLE lists (1 = the first ALT,
 * 0 = REF, -1 = none matched), and CLNREVSTAT, CLNDBN and CLNACC follow CLNALLE.
 */
const LEGACY_SIGNIFICANCE: Record<string, string> = {
  '0': 'Uncertain_significance',
  '1': 'not_provided',
  '2': 'Benign',
  '3': 'Likely_benign',
  '4': 'Likely_pathogenic',
  '5': 'Pathogenic',
  '6': 'drug_response',
  '7': 'histocompatibility',
  '255': 'other',
};

function legacyClinvar(info: Map<string, string | true>, alleles: string, a: SourceAllele): ClinVarAnnotation | undefined {
  // this ALT's entry: an allele ClinVar makes no assertion on gets nothing
  const k = alleles.split(',').indexOf(String(a.altIndex + 1));
  if (k < 0) return undefined;
  const entry = (key: string): string | undefined => {
    const v = info.get(key);
    const part = typeof v === 'string' ? v.split(',')[k] : undefined;
    return part === undefined || part === '' || part === '.' ? undefined : part.replace(/\\x2c/gi, ',');
  };
  // an empty code (`5|`) names nothing
  const codes = entry('CLNSIG')?.split('|').filter((c) => c !== '');
  if (codes === undefined || codes.length === 0) return undefined;
  const names = [...new Set(codes.map((c) => LEGACY_SIGNIFICANCE[c] ?? c))];
  const id = entry('CLNACC') ?? (a.id !== '.' && a.id !== '' ? a.id : undefined);
  return { significance: names.join('|'), class: legacyClass(codes), reviewStatus: entry('CLNREVSTAT'), condition: entry('CLNDBN'), id };
}

/**
 * One class for the submissions of an allele: submissions on different sides (pathogenic
 * or likely pathogenic, uncertain, benign or likely benign) are `conflicting`, as ClinVar's
 * own aggregate calls them since 2017; within one side the strongest term.
 */
function legacyClass(codes: readonly string[]): ClinVarClass {
  const has = (c: string): boolean => codes.includes(c);
  const sides = (has('4') || has('5') ? 1 : 0) + (has('0') ? 1 : 0) + (has('2') || has('3') ? 1 : 0);
  if (sides > 1) return 'conflicting';
  if (has('5')) return 'pathogenic';
  if (has('4')) return 'likely_pathogenic';
  if (has('0')) return 'uncertain';
  if (has('2')) return 'benign';
  if (has('3')) return 'likely_benign';
  return 'other';
}
