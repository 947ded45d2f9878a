/**
 * Sequence Ontology consequence terms, ranked and given an IMPACT as Ensembl VEP does.
 * The ranking is pinned to VEP release 115 (ensembl-variation
 * `Bio::EnsEMBL::Variation::Utils::Config`, the OVERLAP_CONSEQUENCES table shipped with
 * VEP 115.2): a lower rank is more severe. Older VEP releases ranked
 * feature_elongation/feature_truncation as MODIFIER; we follow 115.
 */
export const VEP_RANKING_RELEASE = 'VEP 115';

export type Impact = 'HIGH' | 'MODERATE' | 'LOW' | 'MODIFIER';

const TERMS: [string, Impact][] = [
  ['transcript_ablation', 'HIGH'],
  ['splice_acceptor_variant', 'HIGH'],
  ['splice_donor_variant', 'HIGH'],
  ['stop_gained', 'HIGH'],
  ['frameshift_variant', 'HIGH'],
  ['stop_lost', 'HIGH'],
  ['start_lost', 'HIGH'],
  ['transcript_amplification', 'HIGH'],
  ['feature_elongation', 'HIGH'],
  ['feature_truncation', 'HIGH'],
  ['inframe_insertion', 'MODERATE'],
  ['inframe_deletion', 'MODERATE'],
  ['missense_variant', 'MODERATE'],
  ['protein_altering_variant', 'MODERATE'],
  ['splice_donor_5th_base_variant', 'LOW'],
  ['splice_region_variant', 'LOW'],
  ['splice_donor_region_variant', 'LOW'],
  ['splice_polypyrimidine_tract_variant', 'LOW'],
  ['incomplete_terminal_codon_variant', 'LOW'],
  ['start_retained_variant', 'LOW'],
  ['stop_retained_variant', 'LOW'],
  ['synonymous_variant', 'LOW'],
  ['coding_sequence_variant', 'MODIFIER'],
  ['mature_miRNA_variant', 'MODIFIER'],
  ['5_prime_UTR_variant', 'MODIFIER'],
  ['3_prime_UTR_variant', 'MODIFIER'],
  ['non_coding_transcript_exon_variant', 'MODIFIER'],
  ['intron_variant', 'MODIFIER'],
  ['NMD_transcript_variant', 'MODIFIER'],
  ['non_coding_transcript_variant', 'MODIFIER'],
  ['coding_transcript_variant', 'MODIFIER'],
  ['upstream_gene_variant', 'MODIFIER'],
  ['downstream_gene_variant', 'MODIFIER'],
  ['TFBS_ablation', 'MODERATE'],
  ['TFBS_amplification', 'MODIFIER'],
  ['TF_binding_site_variant', 'MODIFIER'],
  ['regulatory_region_ablation', 'MODIFIER'],
  ['regulatory_region_amplification', 'MODIFIER'],
  ['regulatory_region_variant', 'MODIFIER'],
  ['intergenic_variant', 'MODIFIER'],
  ['sequence_variant', 'MODIFIER'],
];

export type SoTerm = string;

const RANK = new Map<string, number>(TERMS.map(([t], i) => [t, i + 1]));
const IMPACT = new Map<string, Impact>(TERMS);
const IMPACT_ORDER: Impact[] = ['HIGH', 'MODERATE', 'LOW', 'MODIFIER'];
const IMPACT_INDEX = new Map<string, number>(TERMS.map(([t, i]) => [t, IMPACT_ORDER.indexOf(i)]));
const byRank = (a: SoTerm, b: SoTerm): number => termRank(a) - termRank(b);

/** 1 = most severe; unknown terms rank last. */
export function termRank(term: SoTerm): number {
  return RANK.get(term) ?? TERMS.length + 1;
}

export function termImpact(term: SoTerm): Impact {
  return IMPACT.get(term) ?? 'MODIFIER';
}

/**
 * The terms found for one transcript, as bits by rank: consequence calling fills one per
 * transcript and variant, and reading the bits in rank order is already the sorted list.
 */
export class TermSet {
  private lo = 0;
  private hi = 0;
  /** terms outside the ranking (none today), kept in insertion order after the ranked ones */
  private other?: SoTerm[];
  size = 0;

  /** Empties the set for the next transcript (one set serves every call). */
  clear(): this {
    this.lo = 0;
    this.hi = 0;
    this.other = undefined;
    this.size = 0;
    return this;
  }

  add(term: SoTerm): this {
    const r = RANK.get(term);
    if (r === undefined) {
      if (!(this.other ??= []).includes(term)) {
        this.other.push(term);
        this.size++;
      }
      return this;
    }
    const i = r - 1;
    if (i < 32) {
      const bit = 1 << i;
      if ((this.lo & bit) === 0) {
        this.lo |= bit;
        this.size++;
      }
    } else {
      const bit = 1 << (i - 32);
      if ((this.hi & bit) === 0) {
        this.hi |= bit;
        this.size++;
      }
    }
    return this;
  }

  has(term: SoTerm): boolean {
    const r = RANK.get(term);
    if (r === undefined) return this.other?.includes(term) ?? false;
    const i = r - 1;
    return i < 32 ? (this.lo & (1 << i)) !== 0 : (this.hi & (1 << (i - 32))) !== 0;
  }

  /** Most severe first (what `sortTerms` gives). */
  sorted(): SoTerm[] {
    const out: SoTerm[] = [];
    for (let w = this.lo, i = 0; w !== 0; i++, w >>>= 1) if (w & 1) out.push(TERMS[i]![0]);
    for (let w = this.hi, i = 32; w !== 0; i++, w >>>= 1) if (w & 1) out.push(TERMS[i]![0]);
    if (this.other) out.push(...this.other);
    return out;
  }

  /**
   * `sorted()` and `impactOf` it, from a table shared by every consequence with the same
   * terms: callers must not modify the list. A few dozen combinations cover a genome.
   */
  interned(): InternedTerms {
    if (this.other) {
      const terms = this.sorted();
      return interned(terms);
    }
    // neighbouring calls mostly ask for the same terms (intron_variant, again and again):
    // the key below is a heap number past 2^30, allocated and hashed on every lookup
    if (this.lo === lastLo && this.hi === lastHi) return lastInterned;
    // ranks 33..41 take 9 bits: the key stays an exact integer
    const key = this.lo * 512 + this.hi;
    let t = INTERNED.get(key);
    if (t === undefined) {
      t = interned(this.sorted());
      INTERNED.set(key, t);
    }
    lastLo = this.lo;
    lastHi = this.hi;
    lastInterned = t;
    return t;
  }
}

export interface InternedTerms {
  readonly terms: SoTerm[];
  readonly impact: Impact;
  /** `termRank` of the most severe term (ranking and picking compare it for every consequence) */
  readonly rank: number;
}
const INTERNED = new Map<number, InternedTerms>();
let lastLo = -1;
let lastHi = -1;
let lastInterned: InternedTerms = interned([]);

function interned(terms: SoTerm[]): InternedTerms {
  return { terms, impact: impactOf(terms), rank: termRank(terms[0] ?? '') };
}

/** Terms sorted most severe first, duplicates removed. */
export function sortTerms(terms: Iterable<SoTerm>): SoTerm[] {
  // a Set is already free of duplicates
  const list = terms instanceof Set ? Array.from(terms as Set<SoTerm>) : [...new Set(terms)];
  return list.length < 2 ? list : list.sort(byRank);
}

/** The impact of a set of terms is that of its most severe term. */
export function impactOf(terms: readonly SoTerm[]): Impact {
  let best = 3;
  for (let i = 0; i < terms.length; i++) {
    const x = IMPACT_INDEX.get(terms[i]!) ?? 3;
    if (x < best) best = x;
  }
  return IMPACT_ORDER[best]!;
}

export function impactRank(i: Impact): number {
  return IMPACT_ORDER.indexOf(i);
}

/** bcftools csq's short consequence names for the SO terms both tools share. */
const BCFTOOLS_NAMES: Record<string, string> = {
  splice_acceptor_variant: 'splice_acceptor',
  splice_donor_variant: 'splice_donor',
  stop_gained: 'stop_gained',
  frameshift_variant: 'frameshift',
  stop_lost: 'stop_lost',
  start_lost: 'start_lost',
  feature_elongation: 'feature_elongation',
  feature_truncation: 'feature_truncation',
  inframe_insertion: 'inframe_insertion',
  inframe_deletion: 'inframe_deletion',
  missense_variant: 'missense',
  protein_altering_variant: 'inframe_altering',
  splice_region_variant: 'splice_region',
  incomplete_terminal_codon_variant: 'coding_sequence',
  start_retained_variant: 'start_retained',
  stop_retained_variant: 'stop_retained',
  synonymous_variant: 'synonymous',
  coding_sequence_variant: 'coding_sequence',
  '5_prime_UTR_variant': '5_prime_utr',
  '3_prime_UTR_variant': '3_prime_utr',
  non_coding_transcript_exon_variant: 'non_coding',
  intron_variant: 'intron',
  NMD_transcript_variant: 'NMD_transcript',
  non_coding_transcript_variant: 'non_coding',
  intergenic_variant: 'intergenic',
  upstream_gene_variant: 'upstream',
  downstream_gene_variant: 'downstream',
};

export function bcftoolsName(term: SoTerm): string | undefined {
  return BCFTOOLS_NAMES[term];
}
