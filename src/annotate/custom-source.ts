import { PrecisError } from '../util/errors.js';
import { DOT, FLAG, KnownVariantFile, MISSING, type InfoKey } from './known-variants.js';
import { digitsAt, isCanonicalDecimal, isCanonicalDecimalText, looksNumeric, looksNumericAt, plainDecimal, readNumber, readNumberAt } from './number-text.js';
import { SourceCursor, type SourceFormat } from './source-cursor.js';
import { ABSENT, IntervalStore, PLAIN } from './source-store.js';
import { isBases, minimalAllele, minimalAlleleInto, type VariantAllele } from './variant-allele.js';

/** vcfanno's reduction operations over the values of every matching source row. */
export const OPS = ['self', 'first', 'mean', 'max', 'min', 'sum', 'count', 'concat', 'uniq', 'flag'] as const;
export type Op = (typeof OPS)[number];

export type CustomValue = string | number | boolean;

export interface CustomSourceSpec {
  file: string;
  /** vcf: allele-matched INFO fields; bed/tsv: overlap-matched columns */
  kind?: 'vcf' | 'bed' | 'tsv';
  /** VCF INFO keys (or ID, FILTER: those columns) */
  fields?: string[];
  /** BED/TSV columns, 1-based */
  columns?: number[];
  ops: Op[];
  names: string[];
}

/** One custom annotation source, configured as vcfanno's `[[annotation]]` blocks are. */
export class CustomSource {
  readonly spec: Required<Pick<CustomSourceSpec, 'file' | 'kind' | 'ops' | 'names'>> & CustomSourceSpec;
  private vcf?: KnownVariantFile;
  private intervals?: SourceCursor<IntervalStore>;
  private readonly values: string[][] = [];
  /** per field, the result of a self/first op read straight from the first value's bytes */
  private readonly first: (CustomValue | typeof SOURCE_TEXT | typeof SOURCE_STRING | undefined)[] = [];
  private from?: Int32Array;
  private to?: Int32Array;
  private readonly hits: number[] = [];
  /** how many values the last lookup set */
  lastSet = 0;
  /**
   * Per field (in `spec.names` order), the value of the last lookup; undefined when it has
   * none; SOURCE_TEXT when it is a number whose text (`String(x)`) is the source's bytes
   * textBytes[textFrom[i], textTo[i]) (valid until this source's next lookup).
   */
  readonly result: (CustomValue | typeof SOURCE_TEXT | typeof SOURCE_STRING | undefined)[] = [];
  /** per field, the text of a SOURCE_STRING result */
  readonly textStrings: string[] = [];
  readonly textFrom: Int32Array;
  readonly textTo: Int32Array;
  textBytes: Buffer = Buffer.alloc(0);
  private keys?: InfoKey[];

  private constructor(spec: CustomSourceSpec & { kind: 'vcf' | 'bed' | 'tsv' }) {
    this.spec = spec;
    this.textFrom = new Int32Array(spec.names.length);
    this.textTo = new Int32Array(spec.names.length);
  }

  /** `inMemoryBytes`: indexed files smaller than this are read whole (default 1 MB). */
  static async open(spec: CustomSourceSpec, inMemoryBytes?: number): Promise<CustomSource> {
    const kind = spec.kind ?? (/\.vcf(\.b?gz)?$/i.test(spec.file) ? 'vcf' : /\.bed(\.b?gz)?$/i.test(spec.file) ? 'bed' : 'tsv');
    const n = kind === 'vcf' ? spec.fields?.length : spec.columns?.length;
    if (!n) throw new PrecisError('USAGE', `custom source ${spec.file}: give ${kind === 'vcf' ? '"fields"' : '"columns"'}`);
    if (spec.ops.length !== n || spec.names.length !== n) {
      throw new PrecisError('USAGE', `custom source ${spec.file}: ${n} field(s) need as many "ops" and "names"`);
    }
    for (const op of spec.ops) if (!OPS.includes(op)) throw new PrecisError('USAGE', `custom source ${spec.file}: unknown op "${op}" (one of ${OPS.join(', ')})`);
    const src = new CustomSource({ ...spec, kind });
    if (kind === 'vcf') src.vcf = await KnownVariantFile.open(spec.file, inMemoryBytes);
    else src.intervals = await SourceCursor.open(spec.file, intervalFormat(spec.file, kind === 'bed', spec.columns!, () => (src.alleleAt = spec.columns!.length)), inMemoryBytes);
    return src;
  }

  /** no data line: the source can match nothing */
  get empty(): boolean {
    return this.vcf ? this.vcf.empty : this.intervals!.empty;
  }

  async annotate(v: VariantAllele, out: Record<string, CustomValue>): Promise<void> {
    await this.lookUp(v);
    this.copyOut(out);
  }

  /** `annotate` when the source rows are in memory; false when they must be read first. */
  annotateSync(v: VariantAllele, out: Record<string, CustomValue>): boolean {
    if (!this.lookUpSync(v)) return false;
    this.copyOut(out);
    return true;
  }

  /** The allele's values into `result` (by field), reading the rows it needs first. */
  async lookUp(v: VariantAllele): Promise<void> {
    if (this.vcf) this.collect(await this.vcf.matchRows(v), undefined);
    else {
      const [vs, ve] = refSpan(v);
      const store = await this.intervals!.load(v.chrom, vs, ve);
      this.collect(undefined, store, store ? this.hitsOf(store, vs, ve, v) : undefined);
    }
  }

  /** `lookUp` when the source rows are in memory; false (nothing looked up) when they must be read first. */
  lookUpSync(v: VariantAllele): boolean {
    if (this.vcf) {
      const m = this.vcf.matchRowsSync(v);
      if (m === undefined) return false;
      this.collect(m, undefined);
      return true;
    }
    const vs = v.kind === 'insertion' ? v.end : v.start;
    const ve = v.kind === 'insertion' ? v.start : v.end;
    const store = this.intervals!.ready(v.chrom, vs, ve);
    if (store === undefined) return false;
    this.collect(undefined, store, store ? this.hitsOf(store, vs, ve, v) : undefined);
    return true;
  }

  /**
   * Where a table with `ref`/`alt` columns keeps them in its store (after the asked-for
   * columns); -1 for plain intervals.
   */
  private alleleAt = -1;

  /** The rows overlapping [vs, ve], and holding the allele itself when the table has ref/alt columns. */
  private hitsOf(store: IntervalStore, vs: number, ve: number, v: VariantAllele): number[] {
    const hits = store.overlapping(vs, ve, this.hits);
    return this.alleleAt < 0 ? hits : sameAlleleHits(store, hits, this.alleleAt, v);
  }

  /** The values of the last lookup set under their names (a value left undefined sets nothing). */
  private copyOut(out: Record<string, CustomValue>): void {
    const names = this.spec.names;
    const result = this.result;
    this.lastSet = 0;
    for (let i = 0; i < names.length; i++) {
      const r = result[i];
      if (r === undefined) continue;
      out[names[i]!] = r === SOURCE_TEXT ? readNumberAt(this.textBytes, this.textFrom[i]!, this.textTo[i]!) : r === SOURCE_STRING ? readNumber(this.textStrings[i]!) : r;
      this.lastSet++;
    }
  }

  /**
   * `collect` of one matching row when every field takes its first value (AF and the
   * like, vcfanno's `self`): each value read from its bytes, nothing gathered.
   */
  private firstValues(row: number): void {
    const buf = this.rowSpans(row);
    const from = this.from!;
    const to = this.to!;
    const result = this.result;
    for (let i = 0; i < from.length; i++) {
      const f = from[i]!;
      const e = to[i]!;
      if (f === MISSING || f === DOT || (f >= 0 && e === f + 1 && buf[f] === 46)) continue;
      result[i] = this.firstValue(i, buf, f, e);
    }
  }

  /** The INFO spans of the source's fields in `row` into from/to; returns the bytes they point into. */
  private rowSpans(row: number): Buffer {
    const vcf = this.vcf!;
    const keys = (this.keys ??= this.spec.fields!.map((f) => vcf.infoKey(f)));
    vcf.rowInfoSpans(row, keys, (this.from ??= new Int32Array(keys.length)), (this.to ??= new Int32Array(keys.length)));
    return vcf.rowBytes(row);
  }

  /**
   * Field i's value read from buf[f, e) (f FLAG: a flag): a number that reads back as
   * this very text is kept as the text (SOURCE_TEXT), read as a number only when asked.
   */
  private firstValue(i: number, buf: Buffer, f: number, e: number): CustomValue | typeof SOURCE_TEXT {
    if (f === FLAG) return 'true';
    if (!isCanonicalDecimal(buf, f, e)) return numberOrTextAt(buf, f, e);
    this.textFrom[i] = f;
    this.textTo[i] = e;
    this.textBytes = buf;
    return SOURCE_TEXT;
  }

  /** every field is an INFO key with a self or first op */
  private firstOnly?: boolean;

  /** Reduces the values of the matching rows of the VCF, or of the intervals `hits` of `store`, into `result`. */
  private collect(alleles: readonly number[] | undefined, store: IntervalStore | null | undefined, hits?: number[]): void {
    const s = this.spec;
    const n = s.names.length;
    const result = this.result;
    for (let i = 0; i < n; i++) result[i] = undefined;
    if ((alleles?.length ?? 0) === 0 && (hits?.length ?? 0) === 0) return;
    if (alleles !== undefined && alleles.length === 1 && (this.firstOnly ??= s.fields!.every((f, i) => f !== 'ID' && f !== 'FILTER' && (s.ops[i] === 'self' || s.ops[i] === 'first')))) {
      this.firstValues(alleles[0]!);
      return;
    }
    // reused between lookups: `reduce` keeps nothing of them
    const values = this.values;
    while (values.length < n) values.push([]);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      while (v.length > 0) v.pop();
    }
    let matches = 0;
    const first = this.first;
    if (alleles) {
      const fields = s.fields!;
      const vcf = this.vcf!;
      for (let i = 0; i < n; i++) first[i] = undefined;
      for (const row of alleles) {
        matches++;
        const buf = this.rowSpans(row);
        const from = this.from!;
        const to = this.to!;
        for (let i = 0; i < fields.length; i++) {
          if (fields[i] === 'ID') {
            const id = vcf.rowId(row);
            if (id !== '.') values[i]!.push(id);
            continue;
          }
          if (fields[i] === 'FILTER') {
            // as vcfanno reads it: a passing (or unfiltered) row has no FILTER value
            const f = vcf.rowFilter(row);
            if (f !== '.' && f !== 'PASS') values[i]!.push(f);
            continue;
          }
          const f = from[i]!;
          if (f === MISSING || f === DOT || (f >= 0 && to[i] === f + 1 && buf[f] === 46)) continue;
          const op = s.ops[i];
          // rows may sit in different buffers: values are read here, not kept as spans (SOURCE_TEXT)
          if (op === 'first') {
            if (first[i] === undefined) first[i] = f === FLAG ? 'true' : numberOrTextAt(buf, f, to[i]!);
          } else if (op === 'self' && this.keys![i]!.perAllele !== 0) {
            // vcfanno's self over several rows with the allele: a per-ALT value is the last row's
            first[i] = numberOrTextAt(buf, f, to[i]!);
          } else values[i]!.push(f === FLAG ? 'true' : buf.toString('utf8', f, to[i]));
        }
      }
    }
    if (store && hits) {
      matches = hits.length;
      for (let i = 0; i < n; i++) {
        const r = numericOver(s.ops[i]!, store, i, hits);
        if (r !== null) {
          first[i] = r;
          // one value, written as String() writes it: kept as its text (a BED score over many variants)
          if (ONE_VALUE.only >= 0) {
            const text = store.values[i]![ONE_VALUE.only]!;
            if (canonicalText(text)) {
              first[i] = SOURCE_STRING;
              this.textStrings[i] = text;
            }
          }
          continue;
        }
        first[i] = undefined;
        for (const row of hits) {
          const x = store.values[i]![row];
          if (x !== undefined && x !== '.' && x !== '') values[i]!.push(x);
        }
      }
    }
    if (matches === 0) return;
    for (let i = 0; i < n; i++) result[i] = first[i] !== undefined ? first[i] : reduce(s.ops[i]!, values[i]!, matches);
  }
}

/** A `CustomSource.result` that is a number written in the source as `String()` would write it. */
export const SOURCE_TEXT: unique symbol = Symbol('source text');
/** The same for a number whose text is `CustomSource.textStrings[i]`. */
export const SOURCE_STRING: unique symbol = Symbol('source string');

/**
 * Where a table's header names its `ref` and `alt` columns (0-based), as dbNSFP and CADD
 * tables do (`#chr pos ref alt ...`, `#Chrom Pos Ref Alt ...`): its rows are then variants,
 * matched by allele as vcfanno matches them, not by overlap alone.
 */
export interface AlleleColumns {
  ref: number;
  alt: number;
}

/** The `ref`/`alt` columns the last `#` header line names (any case); undefined when it names no such pair. */
export function alleleColumns(header: readonly string[]): AlleleColumns | undefined {
  const last = header.findLast((h) => h.startsWith('#'));
  if (last === undefined) return undefined;
  const names = last.replace(/^#+/, '').split('\t').map((n) => n.trim().toLowerCase());
  const ref = names.indexOf('ref');
  const alt = names.indexOf('alt');
  return ref > 1 && alt > 1 && ref !== alt ? { ref, alt } : undefined;
}

/**
 * BED (0-based start) or TSV (1-based) intervals: CHROM START END, and the values of the
 * columns the source names (1-based, CHROM being 1), decoded once per line. A table whose
 * header names `ref` and `alt` columns also keeps them (upper case), after the asked-for values; when
 * `ref` is the third column there is no END, and a row spans its REF.
 */
function intervalFormat(file: string, zeroBased: boolean, columns: readonly number[], onAlleleColumns: () => void): SourceFormat<IntervalStore> {
  const values: (string | undefined)[] = columns.map(() => undefined);
  const tabs: number[] = [];
  let refAlt: AlleleColumns | undefined;
  return {
    newStore: () => new IntervalStore(columns.length + (refAlt ? 2 : 0)),
    headerDone(header) {
      refAlt = alleleColumns(header);
      if (refAlt) {
        values.push(undefined, undefined);
        onAlleleColumns();
      }
    },
    parse(line, start, end, lineNo, store) {
      tabs.length = 0;
      for (let i = start; i < end; i++) if (line[i] === 9) tabs.push(i);
      const s = columnNumber(line, start, end, tabs, 1);
      const n = columns.length;
      if (refAlt) {
        // upper-cased once here: lookups compare them with the query's alleles as they stand
        values[n] = columnText(line, start, end, tabs, refAlt.ref)?.toUpperCase();
        values[n + 1] = columnText(line, start, end, tabs, refAlt.alt)?.toUpperCase();
      }
      const noEnd = refAlt !== undefined && refAlt.ref === 2;
      const e = noEnd ? s + Math.max(1, values[n]?.length ?? 1) - 1 : tabs.length >= 2 ? columnNumber(line, start, end, tabs, 2) : s;
      if (!Number.isInteger(s) || !Number.isInteger(e)) throw new PrecisError('BAD_DATA', noEnd ? 'expected a whole-number position in column 2' : 'expected CHROM START END in the first three columns', { file, line: lineNo });
      const first = zeroBased && !noEnd ? s + 1 : s;
      for (let k = 0; k < n; k++) values[k] = columnText(line, start, end, tabs, columns[k]! - 1);
      store.add(first, e, values);
      return first;
    },
  };
}

/** Keeps the hits whose row holds the allele `v` (its ref/alt columns at `k`, `k + 1`), in place. */
function sameAlleleHits(store: IntervalStore, hits: number[], k: number, v: VariantAllele): number[] {
  let n = 0;
  const refs = store.values[k]!;
  const alts = store.values[k + 1]!;
  for (let h = 0; h < hits.length; h++) {
    const row = hits[h]!;
    const ref = refs[row];
    const alt = alts[row];
    if (ref === undefined || alt === undefined) continue;
    // SNVs (dbNSFP's rows) compare as they stand; others in minimal form, as the query is
    const same = ref.length === 1 && alt.length === 1 ? v.kind === 'snv' && v.start === store.start[row] && v.ref === ref && v.alt === alt : rowAlleleIs(store.start[row]!, ref, alt, v);
    if (same) hits[n++] = row;
  }
  hits.length = n;
  return hits;
}

function rowAlleleIs(start: number, ref: string, alt: string, v: VariantAllele): boolean {
  if (!isBases(ref) || !isBases(alt)) return false;
  const m = minimalAlleleInto(ROW_ALLELE, v.chrom, start, ref, alt);
  return m.kind === v.kind && m.start === v.start && m.ref === v.ref && m.alt === v.alt;
}
const ROW_ALLELE = minimalAllele('', 1, 'N', 'N');

/** Column k (0-based) of a line cut at `tabs`; undefined past the last one. */
function columnText(line: Buffer, start: number, end: number, tabs: readonly number[], k: number): string | undefined {
  if (k > tabs.length) return undefined;
  return line.toString('utf8', k === 0 ? start : tabs[k - 1]! + 1, k < tabs.length ? tabs[k] : end);
}

/**
 * `Number(columnText(...))`, with plain digits read from the bytes (the usual start and
 * end): decoding them as strings first was half the time of reading a BED source.
 */
function columnNumber(line: Buffer, start: number, end: number, tabs: readonly number[], k: number): number {
  if (k > tabs.length) return NaN;
  const from = k === 0 ? start : tabs[k - 1]! + 1;
  const to = k < tabs.length ? tabs[k]! : end;
  const v = digitsAt(line, from, to);
  if (v !== undefined) return v;
  return Number(line.toString('utf8', from, to));
}

/** The variant's reference span; an insertion touches its two flanking bases. */
function refSpan(v: VariantAllele): [number, number] {
  return v.kind === 'insertion' ? [v.end, v.start] : [v.start, v.end];
}

export function reduce(op: Op, vals: string[], matches: number): CustomValue | undefined {
  if (op === 'flag') return matches > 0;
  if (op === 'count') return matches;
  if (vals.length === 0) return undefined;
  switch (op) {
    case 'first':
      return numberOrText(vals[0]!);
    case 'self':
      // vcfanno's self: the value of the one match, or every match's value joined (an ID, a BED column, a Number=1 field)
      return vals.length === 1 ? numberOrText(vals[0]!) : vals.join(',');
    case 'concat':
      return vals.length === 1 ? vals[0]! : vals.join(',');
    case 'uniq':
      return [...new Set(vals.flatMap((v) => v.split(',')))].join(',');
  }
  // numeric reductions; a value may itself be a comma-separated list
  const acc = NUMERIC;
  acc.n = 0;
  acc.sum = 0;
  acc.min = Infinity;
  acc.max = -Infinity;
  for (const v of vals) {
    if (!v.includes(',')) addNumber(acc, v);
    else for (const part of v.split(',')) addNumber(acc, part);
  }
  if (acc.n === 0) return undefined;
  if (op === 'mean') return acc.sum / acc.n;
  if (op === 'sum') return acc.sum;
  if (op === 'max') return acc.max;
  return acc.min;
}

// one accumulator serves every reduction (they do not nest)
const NUMERIC = { n: 0, sum: 0, min: Infinity, max: -Infinity };

function addNumber(acc: typeof NUMERIC, part: string): void {
  const x = readNumber(part);
  if (part === '' || !Number.isFinite(x)) return;
  acc.n++;
  acc.sum += x;
  if (x < acc.min) acc.min = x;
  if (x > acc.max) acc.max = x;
}

/**
 * A numeric op over intervals from the numbers read at load (what `reduce` gives for
 * their texts); null when it is not numeric or a value is a list (then read as text).
 */
function numericOver(op: Op, store: IntervalStore, column: number, hits: readonly number[]): CustomValue | undefined | null {
  ONE_VALUE.only = -1;
  if (op !== 'mean' && op !== 'sum' && op !== 'max' && op !== 'min') return null;
  const plain = store.plain[column]!;
  const numbers = store.numbers[column]!;
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const row of hits) {
    const kind = plain[row];
    if (kind === ABSENT) continue;
    if (kind !== PLAIN) return null;
    const x = numbers[row]!;
    if (!Number.isFinite(x)) continue;
    n++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    ONE_VALUE.only = row;
  }
  if (n === 0) return undefined;
  // the one value (mean, sum, max and min of one value are that value)
  if (n !== 1) ONE_VALUE.only = -1;
  return op === 'mean' ? sum / n : op === 'sum' ? sum : op === 'max' ? max : min;
}

/** `isCanonicalDecimalText`, remembering the last text (consecutive lookups meet the same rows). */
function canonicalText(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastCanonical = isCanonicalDecimalText(text);
  }
  return lastCanonical;
}
let lastText = '';
let lastCanonical = false;

/** the row of the one value numericOver reduced, -1 when it reduced none or several */
const ONE_VALUE = { only: -1 };

/** `numberOrText` of the text buf[s, e). */
function numberOrTextAt(buf: Buffer, s: number, e: number): CustomValue {
  // most values are plain decimals: one scan reads them
  const plain = plainDecimal(buf, s, e);
  if (plain !== undefined) return plain;
  if (!looksNumericAt(buf, s, e)) return buf.toString('utf8', s, e);
  const x = readNumberAt(buf, s, e);
  return Number.isFinite(x) ? x : buf.toString('utf8', s, e);
}

function numberOrText(s: string): CustomValue {
  if (!looksNumeric(s)) return s;
  const x = readNumber(s);
  return Number.isFinite(x) ? x : s;
}

