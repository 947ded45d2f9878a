import type { RowBlock } from './row-parser.js';
import type { EffectType, ScoreMeta, ScoreRow, ScoringSet, UnusableReason } from './types.js';

/**
 * Scoring rows stored by column: a million-row set costs ~60 bytes a row and no
 * long-lived objects (which the garbage collector would otherwise copy while they are
 * read). Contigs and alleles are codes into one table of distinct strings (a score has
 * a few dozen distinct alleles and contigs, not a million), rsIDs `rs<digits>` are kept
 * as their number. A ScoreRow object is built only when a row is looked at (`get`).
 */
const EFFECT_TYPES: readonly EffectType[] = ['additive', 'dominant', 'recessive', 'dosage'];
const UNUSABLE: readonly (UnusableReason | null)[] = [null, 'no_position', 'complex_allele', 'haplotype', 'interaction'];
/** rsid column: no rsID / not of the form rs<digits> (then in `rsOther`) */
const RS_NONE = -1;
const RS_OTHER = -2;

export class RowTable {
  length = 0;
  private score = new Int32Array(1024);
  private line = new Int32Array(1024);
  private rowNr = new Int32Array(1024);
  private pos = new Float64Array(1024);
  private weight = new Float64Array(1024);
  /** allocated when a row first has a frequency (most tables have none: NaN) */
  private af: Float64Array | null = null;
  private effectType = new Uint8Array(1024);
  private unusable = new Uint8Array(1024);
  private chrom = new Int32Array(1024);
  private effectAllele = new Int32Array(1024);
  /** -1 for no other allele */
  private otherAllele = new Int32Array(1024);
  /** allocated when a row first has an rsID (else RS_NONE for all) */
  private rs: Float64Array | null = null;
  private readonly rsOther = new Map<number, string>();
  private readonly words: string[] = [];
  private readonly wordIndex = new Map<string, number>();
  /** codes of strings of one or two bytes, by 1 + b0 (one byte) or 257 + (b0 << 8 | b1); 0 = not yet coded */
  private readonly shortCodes = new Int32Array(257 + 65536);
  private readonly dosageWeights = new Map<number, [number, number, number]>();

  /** Makes room for `n` more rows at once (one allocation instead of repeated doubling). */
  reserve(n: number): void {
    if (this.score.length < this.length + n) this.grow(this.length + n);
  }

  private grow(atLeast = 0): void {
    const cap = Math.max(this.score.length * 2, atLeast);
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
    if (this.af !== null) this.af = g(this.af, (n) => new Float64Array(n));
    this.effectType = g(this.effectType, (n) => new Uint8Array(n));
    this.unusable = g(this.unusable, (n) => new Uint8Array(n));
    this.chrom = g(this.chrom, (n) => new Int32Array(n));
    this.effectAllele = g(this.effectAllele, (n) => new Int32Array(n));
    this.otherAllele = g(this.otherAllele, (n) => new Int32Array(n));
    if (this.rs !== null) this.rs = g(this.rs, (n) => new Float64Array(n));
  }

  /** The code of a string (contig or allele). */
  code(s: string): number {
    let c = this.wordIndex.get(s);
    if (c === undefined) {
      c = this.words.length;
      this.words.push(s);
      this.wordIndex.set(s, c);
    }
    return c;
  }

  /** The code of `s` when some row has it, else -2 (which matches no row, not even "no other allele"). */
  knownCode(s: string): number {
    return this.wordIndex.get(s) ?? -2;
  }

  effectAlleleCode(i: number): number {
    return this.effectAllele[i]!;
  }

  /** -1 for no other allele */
  otherAlleleCode(i: number): number {
    return this.otherAllele[i]!;
  }

  /** The code of the ASCII text bytes[a, b), without making a string when it is one or two bytes long. */
  codeOfBytes(bytes: Uint8Array, a: number, b: number): number {
    const len = b - a;
    if (len === 0 || len > 2) return this.code(len === 0 ? '' : Buffer.from(bytes.buffer, bytes.byteOffset + a, len).toString('latin1'));
    const key = len === 1 ? 1 + bytes[a]! : 257 + ((bytes[a]! << 8) | bytes[a + 1]!);
    let c = this.shortCodes[key]!;
    if (c === 0) {
      c = this.code(String.fromCharCode(...bytes.subarray(a, b))) + 1;
      this.shortCodes[key] = c;
    }
    return c - 1;
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
    this.addCoded(score, line, rowNr, rsNumber(rsid), this.code(chrom), pos, this.code(effectAllele), otherAllele === null ? -1 : this.code(otherAllele), EFFECT_TYPES.indexOf(effectType), weight, effectAlleleFrequency, UNUSABLE.indexOf(unusable));
    if (this.rsAt(i) === RS_OTHER) this.rsOther.set(i, rsid);
    if (dosageWeights !== null) this.dosageWeights.set(i, dosageWeights);
  }

  /**
   * Appends a row of coded fields: `rs` is the rsID number (RS_NONE when there is none,
   * RS_OTHER with the text set by `setRsid`), alleles and contig are codes, the effect
   * type and unusable reason indices of EFFECT_TYPES and UNUSABLE.
   */
  addCoded(score: number, line: number, rowNr: number, rs: number, chrom: number, pos: number, effectAllele: number, otherAllele: number, effectType: number, weight: number, effectAlleleFrequency: number, unusable: number): void {
    const i = this.length;
    if (i === this.score.length) this.grow();
    this.score[i] = score;
    this.line[i] = line;
    this.rowNr[i] = rowNr;
    this.pos[i] = pos;
    this.weight[i] = weight;
    if (this.af !== null) this.af[i] = effectAlleleFrequency;
    else if (effectAlleleFrequency === effectAlleleFrequency) this.column('af')[i] = effectAlleleFrequency;
    this.effectType[i] = effectType;
    this.unusable[i] = unusable;
    this.chrom[i] = chrom;
    this.effectAllele[i] = effectAllele;
    this.otherAllele[i] = otherAllele;
    if (this.rs !== null) this.rs[i] = rs;
    else if (rs !== RS_NONE) this.column('rs')[i] = rs;
    this.length = i + 1;
  }

  /**
   * Appends the plain additive rows of a block the WebAssembly row parser read:
   * consecutive lines from `firstLine`, row numbers from `firstRowNr`, one contig;
   * alleles as short keys (see codeOfBytes), -1 for no other allele; frequencies and
   * rsID numbers when the layout has those columns (`withAf`, `withRs`).
   */
  addPlainBlock(score: number, firstLine: number, firstRowNr: number, chrom: number, block: RowBlock, withAf: boolean, withRs: boolean): void {
    const n = block.rows;
    const { pos, weight, effectKey, otherKey } = block;
    const i0 = this.length;
    if (i0 + n > this.score.length) this.grow(i0 + n);
    this.pos.set(pos.subarray(0, n), i0);
    this.weight.set(weight.subarray(0, n), i0);
    this.score.fill(score, i0, i0 + n);
    // frequencies and rsIDs: copied once a row has one (the columns are made then)
    if (withAf && (this.af !== null || block.af.subarray(0, n).some((x) => x === x))) (this.af ?? this.column('af')).set(block.af.subarray(0, n), i0);
    else this.af?.fill(NaN, i0, i0 + n);
    if (withRs && (this.rs !== null || block.rs.subarray(0, n).some((x) => x !== RS_NONE))) (this.rs ?? this.column('rs')).set(block.rs.subarray(0, n), i0);
    else this.rs?.fill(RS_NONE, i0, i0 + n);
    this.effectType.fill(0, i0, i0 + n);
    this.unusable.fill(0, i0, i0 + n);
    this.chrom.fill(chrom, i0, i0 + n);
    const line = this.line;
    const rowNr = this.rowNr;
    const ea = this.effectAllele;
    const oa = this.otherAllele;
    const codes = this.shortCodes;
    for (let k = 0; k < n; k++) {
      const i = i0 + k;
      line[i] = firstLine + k;
      rowNr[i] = firstRowNr + k;
      const e = effectKey[k]!;
      const ce = codes[e]!;
      ea[i] = ce !== 0 ? ce - 1 : this.newKeyCode(e);
      const o = otherKey[k]!;
      const co = o < 0 ? 0 : codes[o]!;
      oa[i] = o < 0 ? -1 : co !== 0 ? co - 1 : this.newKeyCode(o);
    }
    this.length = i0 + n;
  }

  /** The code of a short key (1 + b0, or 257 + (b0 << 8 | b1)) not coded yet. */
  private newKeyCode(key: number): number {
    const text = key < 257 ? String.fromCharCode(key - 1) : String.fromCharCode((key - 257) >> 8, (key - 257) & 255);
    const code = this.code(text);
    this.shortCodes[key] = code + 1;
    return code;
  }

  private rsAt(i: number): number {
    return this.rs === null ? RS_NONE : this.rs[i]!;
  }

  /** The af or rs column, made when a first row needs it: the rows before it hold NaN / RS_NONE. */
  private column(name: 'af' | 'rs'): Float64Array {
    const a = new Float64Array(this.score.length);
    a.fill(name === 'af' ? NaN : RS_NONE, 0, this.length);
    if (name === 'af') this.af = a;
    else this.rs = a;
    return a;
  }

  /** The rsID of the last row added with RS_OTHER. */
  setRsid(text: string): void {
    this.rsOther.set(this.length - 1, text);
  }

  chromCodeOf(i: number): number {
    return this.chrom[i]!;
  }

  /** The string of a code. */
  word(code: number): string {
    return this.words[code]!;
  }

  chromOf(i: number): string {
    return this.words[this.chrom[i]!]!;
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
    return this.words[this.effectAllele[i]!]!;
  }

  otherAlleleOf(i: number): string | null {
    const c = this.otherAllele[i]!;
    return c < 0 ? null : this.words[c]!;
  }

  /** an additive row that can be matched (the common case the scorer's fast path takes) */
  isUsableAdditive(i: number): boolean {
    return this.effectType[i] === 0 && this.unusable[i] === 0;
  }

  rsidOf(i: number): string {
    const r = this.rsAt(i);
    if (r >= 0) return `rs${r}`;
    return r === RS_OTHER ? this.rsOther.get(i)! : '';
  }

  get(i: number): ScoreRow {
    return {
      score: this.score[i]!,
      line: this.line[i]!,
      rowNr: this.rowNr[i]!,
      rsid: this.rsidOf(i),
      chrom: this.chromOf(i),
      pos: this.pos[i]!,
      effectAllele: this.effectAlleleOf(i),
      otherAllele: this.otherAlleleOf(i),
      effectType: EFFECT_TYPES[this.effectType[i]!]!,
      weight: this.weight[i]!,
      dosageWeights: this.dosageWeights.get(i) ?? null,
      effectAlleleFrequency: this.af === null ? NaN : this.af[i]!,
      unusable: UNUSABLE[this.unusable[i]!]!,
    };
  }
}

/** The number of an rsID `rs<digits>` (no leading zero, exactly representable), else RS_NONE for '' or RS_OTHER. */
export function rsNumber(rsid: string): number {
  if (rsid === '') return RS_NONE;
  if (!/^rs\d+$/.test(rsid)) return RS_OTHER;
  return rsNumberOfBytes(Buffer.from(rsid, 'latin1'), 0, rsid.length);
}

/** The same from bytes [a, b) (the parser's path). */
export function rsNumberOfBytes(bytes: Uint8Array, a: number, b: number): number {
  const n = b - a;
  if (n === 0) return RS_NONE;
  if (n < 3 || n > 17 || bytes[a] !== 114 || bytes[a + 1] !== 115 || (bytes[a + 2] === 48 && n > 3)) return RS_OTHER;
  let v = 0;
  for (let i = a + 2; i < b; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return RS_OTHER;
    v = v * 10 + d;
  }
  return v;
}

export { RS_NONE, RS_OTHER, EFFECT_TYPES, UNUSABLE };

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
