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
  /**
   * Per sample, how often each (first allele, second allele) pair was seen, for alleles
   * ABSENT, MISSING, 0 and 1: 16 counters per sample. One increment per call, without
   * branching on the genotype (random genotypes defeat branch prediction; this halved
   * the cost of counting in bench/vcf-scan). Calls with an allele above 1 (multi-allelic
   * records) are classified directly into `other`.
   */
  private readonly tally: Float64Array;
  /** per sample: hom_ref, het, hom_alt, missing, haploid counts of calls outside `tally` */
  private readonly other: Float64Array;
  private readonly dsSum: Float64Array;
  private readonly dsN: Float64Array;
  private anyDs = false;
  readonly counts: RecordCounts = { records: 0, refOnly: 0, snv: 0, mnp: 0, indel: 0, other: 0, multiallelic: 0, transitions: 0, transversions: 0 };

  constructor(samples: readonly string[]) {
    this.samples = samples;
    const n = samples.length;
    this.tally = new Float64Array(n * 16);
    this.other = new Float64Array(n * 5);
    this.dsSum = new Float64Array(n);
    this.dsN = new Float64Array(n);
  }

  /** Counts the record's kind from the REF and ALT bytes (no strings: this runs once per record). */
  addSite(rec: VcfRecord): void {
    const c = this.counts;
    c.records++;
    const line = rec.line;
    const refStart = rec.columnStart(3);
    const refLen = rec.columnEnd(3) - refStart;
    const altStart = rec.columnStart(4);
    const altEnd = rec.columnEnd(4);
    let nAlt = 0;
    // ALT "." alone: no alternate allele
    if (!(altEnd - altStart === 1 && line[altStart] === 46)) {
      let a = altStart;
      while (a <= altEnd) {
        let b = a;
        let bracket = false;
        while (b < altEnd && line[b] !== 44 /* , */) {
          const ch = line[b];
          if (ch === 91 || ch === 93) bracket = true;
          b++;
        }
        const len = b - a;
        const first = line[a];
        if (first === 60 /* < */ && (isAllele(line, a, len, STAR) || isAllele(line, a, len, NON_REF))) {
          // <*> and <NON_REF> stand for "any other allele": not a variant
        } else {
          nAlt++;
          if (first === 60 || bracket || (len === 1 && (first === 42 /* * */ || first === 46))) c.other++;
          else if (refLen === 1 && len === 1) {
            c.snv++;
            if (isTransition(line[refStart]! | 32, first! | 32)) c.transitions++;
            else c.transversions++;
          } else if (refLen === len) c.mnp++;
          else c.indel++;
        }
        a = b + 1;
      }
    }
    if (nAlt === 0) c.refOnly++;
    else if (nAlt > 1) c.multiallelic++;
  }

  addGenotypes(b: GenotypeBlock): void {
    const n = b.n;
    const { ploidy, a0, a1 } = b;
    const tally = this.tally;
    for (let i = 0; i < n; i++) {
      const x = a0[i]!;
      const y = a1[i]!;
      if (x > 1 || y > 1) this.addOther(i, ploidy[i]!, x, y);
      else tally[i * 16 + (x + 2) * 4 + (y + 2)]++;
    }
    if (b.hasDs) {
      this.anyDs = true;
      const ds = b.ds;
      const dsSum = this.dsSum;
      const dsN = this.dsN;
      for (let i = 0; i < n; i++) {
        const v = ds[i]!;
        if (v === v) {
          dsSum[i] += v;
          dsN[i]++;
        }
      }
    }
  }

  private addOther(i: number, p: number, x: number, y: number): void {
    const o = this.other;
    const base = i * 5;
    if (p === 1) o[base + 4]++;
    if (p === 0 || x === MISSING || y === MISSING) o[base + 3]++;
    else if (x === y || y === ABSENT) o[base + (x === 0 ? 0 : 2)]++;
    else o[base + 1]++;
  }

  perSample(): SampleGenotypeCounts[] {
    return this.samples.map((sample, i) => {
      const o = this.other;
      const c = [o[i * 5]!, o[i * 5 + 1]!, o[i * 5 + 2]!, o[i * 5 + 3]!, o[i * 5 + 4]!];
      for (let x = ABSENT; x <= 1; x++) {
        for (let y = ABSENT; y <= 1; y++) {
          const k = this.tally[i * 16 + (x + 2) * 4 + (y + 2)]!;
          if (k === 0) continue;
          // the key fixes the ploidy: a second allele ABSENT means haploid, ABSENT/ABSENT no GT
          if (y === ABSENT && x !== ABSENT) c[4]! += k;
          if (x === ABSENT || x === MISSING || y === MISSING) c[3]! += k;
          else if (x === y || y === ABSENT) c[x === 0 ? 0 : 2]! += k;
          else c[1]! += k;
        }
      }
      return {
        sample,
        n_hom_ref: c[0]!,
        n_het: c[1]!,
        n_hom_alt: c[2]!,
        n_missing: c[3]!,
        n_haploid: c[4]!,
        mean_DS: this.anyDs && this.dsN[i]! > 0 ? this.dsSum[i]! / this.dsN[i]! : null,
        n_DS: this.dsN[i]!,
      };
    });
  }

  get hasDs(): boolean {
    return this.anyDs;
  }
}

const STAR = Buffer.from('<*>');
const NON_REF = Buffer.from('<NON_REF>');

function isAllele(line: Buffer, start: number, len: number, allele: Buffer): boolean {
  if (len !== allele.length) return false;
  for (let i = 0; i < len; i++) if (line[start + i] !== allele[i]) return false;
  return true;
}

function isTransition(a: number, b: number): boolean {
  // a<->g, c<->t (lower-cased char codes)
  return (a === 97 && b === 103) || (a === 103 && b === 97) || (a === 99 && b === 116) || (a === 116 && b === 99);
}
