import { ABSENT, MISSING, type GenotypeBlock } from '../vcf/genotypes.js';
import type { VcfRecord } from '../vcf/record.js';

export interface SampleGenotypeCounts {
  sample: string;
  n_hom_ref: number;
  n_het: number;
  n_hom_alt: number;
  n_missing: number;
  n_haploid: number;
  /** mean of non-missing DS values; null when the file has no DS */
  mean_DS: number | null;
  n_DS: number;
}

export interface RecordCounts {
  records: number;
  /** records with no ALT (or only `<*>`/`<NON_REF>`): reference blocks and monomorphic sites */
  refOnly: number;
  snv: number;
  mnp: number;
  indel: number;
  other: number;
  multiallelic: number;
  transitions: number;
  transversions: number;
}

/**
 * Per-sample genotype QC over one scan. Every call lands in exactly one of hom_ref,
 * het, hom_alt, missing (a call with any `.` allele is missing); haploid calls are
 * counted by their allele and also in n_haploid. Ti/Tv counts each SNV ALT allele.
 */
export class GenotypeStats {
  readonly samples: readonly string[];
  private readonly homRef: Float64Array;
  private readonly het: Float64Array;
  private readonly homAlt: Float64Array;
  private readonly missing: Float64Array;
  private readonly haploid: Float64Array;
  private readonly dsSum: Float64Array;
  private readonly dsN: Float64Array;
  private anyDs = false;
  readonly counts: RecordCounts = { records: 0, refOnly: 0, snv: 0, mnp: 0, indel: 0, other: 0, multiallelic: 0, transitions: 0, transversions: 0 };

  constructor(samples: readonly string[]) {
    this.samples = samples;
    const n = samples.length;
    this.homRef = new Float64Array(n);
    this.het = new Float64Array(n);
    this.homAlt = new Float64Array(n);
    this.missing = new Float64Array(n);
    this.haploid = new Float64Array(n);
    this.dsSum = new Float64Array(n);
    this.dsN = new Float64Array(n);
  }

  addSite(rec: VcfRecord): void {
    const c = this.counts;
    c.records++;
    const ref = rec.ref;
    const alts = rec.alts.filter((a) => a !== '<*>' && a !== '<NON_REF>');
    if (alts.length === 0) {
      c.refOnly++;
      return;
    }
    if (alts.length > 1) c.multiallelic++;
    for (const alt of alts) {
      const kind = classify(ref, alt);
      c[kind]++;
      if (kind === 'snv') {
        if (isTransition(ref.charCodeAt(0) | 32, alt.charCodeAt(0) | 32)) c.transitions++;
        else c.transversions++;
      }
    }
  }

  addGenotypes(b: GenotypeBlock): void {
    const n = b.n;
    const { ploidy, a0, a1 } = b;
    for (let i = 0; i < n; i++) {
      const p = ploidy[i]!;
      const x = a0[i]!;
      const y = a1[i]!;
      if (p === 1) this.haploid[i]!++;
      if (p === 0 || x === MISSING || y === MISSING) this.missing[i]!++;
      else if (y === ABSENT) {
        if (x === 0) this.homRef[i]!++;
        else this.homAlt[i]!++;
      } else if (x !== y) this.het[i]!++;
      else if (x === 0) this.homRef[i]!++;
      else this.homAlt[i]!++;
    }
    if (b.hasDs) {
      this.anyDs = true;
      const ds = b.ds;
      for (let i = 0; i < n; i++) {
        const v = ds[i]!;
        if (v === v) {
          this.dsSum[i]! += v;
          this.dsN[i]!++;
        }
      }
    }
  }

  perSample(): SampleGenotypeCounts[] {
    return this.samples.map((sample, i) => ({
      sample,
      n_hom_ref: this.homRef[i]!,
      n_het: this.het[i]!,
      n_hom_alt: this.homAlt[i]!,
      n_missing: this.missing[i]!,
      n_haploid: this.haploid[i]!,
      mean_DS: this.anyDs && this.dsN[i]! > 0 ? this.dsSum[i]! / this.dsN[i]! : null,
      n_DS: this.dsN[i]!,
    }));
  }

  get hasDs(): boolean {
    return this.anyDs;
  }
}

function classify(ref: string, alt: string): 'snv' | 'mnp' | 'indel' | 'other' {
  if (alt.startsWith('<') || alt.includes('[') || alt.includes(']') || alt === '*' || alt === '.') return 'other';
  if (ref.length === 1 && alt.length === 1) return 'snv';
  if (ref.length === alt.length) return 'mnp';
  return 'indel';
}

function isTransition(a: number, b: number): boolean {
  // a<->g, c<->t (lower-cased char codes)
  return (a === 97 && b === 103) || (a === 103 && b === 97) || (a === 99 && b === 116) || (a === 116 && b === 99);
}
