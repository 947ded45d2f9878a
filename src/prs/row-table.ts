import type { EffectType, ScoreMeta, ScoreRow, ScoringSet, UnusableReason } from './types.js';

/**
 * Scoring rows stored by column: a million-row set costs ~70 bytes a row and no
 * long-lived objects (which the garbage collector would otherwise copy while they are
 * read). A ScoreRow object is built only when a row is looked at (`get`).
 */
const EFFECT_TYPES: readonly EffectType[] = ['additive', 'dominant', 'recessive', 'dosage'];
const UNUSABLE: readonly (UnusableReason | null)[] = [null, 'no_position', 'complex_allele', 'haplotype', 'interaction'];

export class RowTable {
  length = 0;
  private score = new Int32Array(1024);
  private line = new Int32Array(1024);
  private rowNr = new Int32Array(1024);
  private pos = new Float64Array(1024);
  private weight = new Float64Array(1024);
  private af = new Float64Array(1024);
  private effectType = new Uint8Array(1024);
  private unusable = new Uint8Array(1024);
  private readonly chrom: string[] = [];
  private readonly effectAllele: string[] = [];
  private readonly otherAllele: (string | null)[] = [];
  private readonly rsid: string[] = [];
  private readonly dosageWeights = new Map<number, [number, number, number]>();

  private grow(): void {
    const cap = this.score.length * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.score = g(this.score, (n) => new Int32Array(n));
    this.line = g(this.line, (n) => new Int32Array(n));
    this.rowNr = g(this.rowNr, (n) => new Int32Array(n));
    this.pos = g(this.pos, (n) => new Float64Array(n));
    this.weight = g(this.weight, (n) => new Float64Array(n));
    this.af = g(this.af, (n) => new Float64Array(n));
    this.effectType = g(this.effectType, (n) => new Uint8Array(n));
    this.unusable = g(this.unusable, (n) => new Uint8Array(n));
  }

  push(r: ScoreRow): void {
    this.add(r.score, r.line, r.rowNr, r.rsid, r.chrom, r.pos, r.effectAllele, r.otherAllele, r.effectType, r.weight, r.dosageWeights, r.effectAlleleFrequency, r.unusable);
  }

  /** Appends one row given field by field (the parser's path: no ScoreRow object). */
  add(
    score: number,
    line: number,
    rowNr: number,
    rsid: string,
    chrom: string,
    pos: number,
    effectAllele: string,
    otherAllele: string | null,
    effectType: EffectType,
    weight: number,
    dosageWeights: [number, number, number] | null,
    effectAlleleFrequency: number,
    unusable: UnusableReason | null,
  ): void {
    const i = this.length;
    if (i === this.score.length) this.grow();
    this.score[i] = score;
    this.line[i] = line;
    this.rowNr[i] = rowNr;
    this.pos[i] = pos;
    this.weight[i] = weight;
    this.af[i] = effectAlleleFrequency;
    this.effectType[i] = EFFECT_TYPES.indexOf(effectType);
    this.unusable[i] = UNUSABLE.indexOf(unusable);
    this.chrom.push(chrom);
    this.effectAllele.push(effectAllele);
    this.otherAllele.push(otherAllele);
    this.rsid.push(rsid);
    if (dosageWeights !== null) this.dosageWeights.set(i, dosageWeights);
    this.length = i + 1;
  }

  chromOf(i: number): string {
    return this.chrom[i]!;
  }

  posOf(i: number): number {
    return this.pos[i]!;
  }

  scoreOf(i: number): number {
    return this.score[i]!;
  }

  weightOf(i: number): number {
    return this.weight[i]!;
  }

  effectAlleleOf(i: number): string {
    return this.effectAllele[i]!;
  }

  otherAlleleOf(i: number): string | null {
    return this.otherAllele[i]!;
  }

  /** an additive row that can be matched (the common case the scorer's fast path takes) */
  isUsableAdditive(i: number): boolean {
    return this.effectType[i] === 0 && this.unusable[i] === 0;
  }

  get(i: number): ScoreRow {
    return {
      score: this.score[i]!,
      line: this.line[i]!,
      rowNr: this.rowNr[i]!,
      rsid: this.rsid[i]!,
      chrom: this.chrom[i]!,
      pos: this.pos[i]!,
      effectAllele: this.effectAllele[i]!,
      otherAllele: this.otherAllele[i]!,
      effectType: EFFECT_TYPES[this.effectType[i]!]!,
      weight: this.weight[i]!,
      dosageWeights: this.dosageWeights.get(i) ?? null,
      effectAlleleFrequency: this.af[i]!,
      unusable: UNUSABLE[this.unusable[i]!]!,
    };
  }
}

const TABLES = new WeakMap<ScoringSet, RowTable>();

/** A ScoringSet over a table: `rows` is built (once) only when asked for. */
export function tableScoringSet(scores: ScoreMeta[], table: RowTable): ScoringSet {
  let rows: ScoreRow[] | null = null;
  const set = {
    scores,
    get rows(): ScoreRow[] {
      if (rows === null) {
        rows = [];
        for (let i = 0; i < table.length; i++) rows.push(table.get(i));
      }
      return rows;
    },
  };
  TABLES.set(set, table);
  return set;
}

/** The rows of a set as a table (its own when it was built over one). */
export function rowTableOf(set: ScoringSet): RowTable {
  const own = TABLES.get(set);
  if (own !== undefined) return own;
  const t = new RowTable();
  for (const r of set.rows) t.push(r);
  return t;
}
