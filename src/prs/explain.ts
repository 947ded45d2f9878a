/**
 * Per-sample explanation of a score: the variants whose contribution departs most from
 * its expectation, kept while streaming (N per sample, so memory does not grow with the
 * number of variants). Each entry's `deviation` is contribution − expected contribution
 * at the imputation allele frequency; over all variants the deviations add up to
 * (score − expected score) exactly, so the shown entries plus the remainder are additive.
 */
export class TopContributions {
  readonly size: number;
  readonly item: Int32Array;
  readonly contribution: Float64Array;
  readonly deviation: Float64Array;
  readonly dosage: Float64Array;
  readonly filled: Int32Array;

  constructor(nSamples: number, size: number) {
    this.size = size;
    this.item = new Int32Array(nSamples * size).fill(-1);
    this.contribution = new Float64Array(nSamples * size);
    this.deviation = new Float64Array(nSamples * size);
    this.dosage = new Float64Array(nSamples * size);
    this.filled = new Int32Array(nSamples);
  }

  offer(sample: number, item: number, contribution: number, deviation: number, dosage: number): void {
    const N = this.size;
    const base = sample * N;
    const filled = this.filled[sample]!;
    let slot: number;
    if (filled < N) {
      slot = base + filled;
      this.filled[sample] = filled + 1;
    } else {
      // replace the smallest |deviation| when this one is larger
      let min = base;
      for (let j = base + 1; j < base + N; j++) if (Math.abs(this.deviation[j]!) < Math.abs(this.deviation[min]!)) min = j;
      if (Math.abs(deviation) <= Math.abs(this.deviation[min]!)) return;
      slot = min;
    }
    this.item[slot] = item;
    this.contribution[slot] = contribution;
    this.deviation[slot] = deviation;
    this.dosage[slot] = dosage;
  }

  /** The kept entries of one sample, largest |deviation| first. */
  entries(sample: number): { item: number; contribution: number; deviation: number; dosage: number }[] {
    const N = this.size;
    const out = [];
    for (let j = sample * N; j < sample * N + this.filled[sample]!; j++) {
      out.push({ item: this.item[j]!, contribution: this.contribution[j]!, deviation: this.deviation[j]!, dosage: this.dosage[j]! });
    }
    out.sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation) || a.item - b.item);
    return out;
  }
}

/** One variant of a score as an explanation shows it. */
export interface ExplainedVariant {
  variant: string;
  rsid: string;
  effectAllele: string;
  weight: number;
}

export interface Contribution extends ExplainedVariant {
  /** effect-allele dosage after the row's model (imputed rows show the sample's missing dosage as null) */
  dosage: number | null;
  /** weight × dosage (or the imputed amount) */
  contribution: number;
  /** contribution − expected contribution at the allele frequency */
  deviation: number;
  /** deviation / (sum − expected sum) */
  share: number | null;
}

export interface Explanation {
  /** Σ of expected contributions at the allele frequencies used (cohort, reference or file) */
  expectedSum: number;
  contributions: Contribution[];
  /** everything not listed: contributions.sum + rest.contribution = sum */
  rest: { variants: number; contribution: number; deviation: number };
}

/** Assembles a sample's explanation; the listed and remaining parts add up to `sum`. */
export function explainSample(top: TopContributions, sample: number, table: ExplainedVariant[], sum: number, expectedSum: number, variantsUsed: number): Explanation {
  const total = sum - expectedSum;
  const contributions: Contribution[] = top.entries(sample).map((e) => ({
    ...table[e.item]!,
    dosage: Number.isNaN(e.dosage) ? null : e.dosage,
    contribution: e.contribution,
    deviation: e.deviation,
    share: total !== 0 ? e.deviation / total : null,
  }));
  let shown = 0;
  let shownDev = 0;
  for (const c of contributions) {
    shown += c.contribution;
    shownDev += c.deviation;
  }
  return {
    expectedSum,
    contributions,
    rest: { variants: variantsUsed - contributions.length, contribution: sum - shown, deviation: total - shownDev },
  };
}
