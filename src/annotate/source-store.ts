import { readNumber } from './number-text.js';

/**
 * Rows of an annotation source for one contig, as parallel typed arrays kept sorted by
 * start (ties in file order): no object per source line. `AlleleStore` holds VCF ALTs
 * keyed by their minimal allele; `IntervalStore` holds BED/TSV intervals and the column
 * values a custom source asks for. Sorted input appends in order; the few rows that
 * arrive out of order (indels whose minimal start lies after the next line's POS) are
 * shifted into place, and a file out of order is sorted once before it is read.
 */

/** Rows a short shift can place; further out, the store is sorted before its next read. */
const SHIFT_LIMIT = 64;

/** Stable order of rows by start, as a permutation. */
function sortedOrder(start: Int32Array, n: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx.sort((a, b) => start[a]! - start[b]! || a - b);
}

/**
 * Rows a store has room for at first; it doubles as it fills. Small: a store is made per
 * contig, and 1,024 rows of room in each made a source over 50,000 scaffolds take 1.2 GB.
 */
const INITIAL_ROWS = 16;

/** `IntervalStore.plain` values. */
export const PLAIN = 1;
export const ABSENT = 2;
const LIST = 3;


type Column = Int32Array | Float64Array | Uint8Array;

/** `a`, or a copy with room for `n` (doubling). */
function grow<T extends Column>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Reorders the first order.length entries of `a` as `order` says. */
function permute<T extends Column | unknown[]>(a: T, order: Int32Array): void {
  const copy = a.slice(0, order.length);
  for (let i = 0; i < order.length; i++) a[i] = copy[order[i]!]!;
}

/**
 * Where a row starting at `start` goes among `n` rows sorted by start: n when it comes
 * in order; a slot a short shift opens (the caller shifts); -1 when it is too far out of
 * order (the caller appends and sorts before the next read).
 */
function slotFor(starts: Int32Array, n: number, start: number): number {
  if (n === 0 || starts[n - 1]! <= start) return n;
  let i = n;
  while (i > 0 && n - i < SHIFT_LIMIT && starts[i - 1]! > start) i--;
  return i > 0 && starts[i - 1]! > start ? -1 : i;
}

/** First index in [0, n) whose start is >= x. */
function lowerBound(start: Int32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `lowerBound`, stepping on from the last answer when the new one is a few rows on (as
 * sorted lookups are) instead of searching the whole store.
 */
function lowerBoundNear(start: Int32Array, n: number, x: number, hint: number): number {
  let i = hint;
  if (i <= n && (i === 0 || start[i - 1]! < x)) {
    const stop = Math.min(n, i + 8);
    while (i < stop && start[i]! < x) i++;
    if (i < stop || i === n) return i;
  }
  return lowerBound(start, n, x);
}

/** What both stores share: rows kept sorted by `start` as they are added. */
abstract class SortedRows {
  n = 0;
  start: Int32Array = new Int32Array(INITIAL_ROWS);
  protected sorted = true;

  /**
   * The index a row starting at `start` is written at (room for it made first): the end
   * in order, a slot the rows after it are shifted up from, or the end of a store then
   * sorted before its next read.
   */
  protected slot(start: number): number {
    const n = this.n;
    if (!this.sorted) return n;
    const i = slotFor(this.start, n, start);
    if (i < 0) {
      this.sorted = false;
      return n;
    }
    if (i < n) this.shift(i);
    return i;
  }

  /** Opens slot i by moving rows [i, n) one up. */
  protected abstract shift(i: number): void;
}

/**
 * ALTs of a known-variant VCF (or precis' minimal-allele TSV), by minimal start, REF and
 * ALT. A row's ID and INFO stay where they were read: offsets into its line's buffer,
 * which the source's reader never reuses (copying every INFO out cost a third of the
 * parsing of bench/annotate's frequency VCF).
 */
export class AlleleStore extends SortedRows {
  ref: string[] = [];
  alt: string[] = [];
  /** per row, the buffer its ID and INFO offsets point into */
  bufs: Buffer[] = [];
  altIndex: Int32Array = new Int32Array(INITIAL_ROWS);
  idAt: Int32Array = new Int32Array(INITIAL_ROWS);
  idLen: Int32Array = new Int32Array(INITIAL_ROWS);
  infoAt: Int32Array = new Int32Array(INITIAL_ROWS);
  infoLen: Int32Array = new Int32Array(INITIAL_ROWS);

  add(start: number, ref: string, alt: string, altIndex: number, buf: Buffer, idAt: number, idLen: number, infoAt: number, infoLen: number): void {
    const n = this.n;
    if (n === this.start.length) this.reserve(n + 1);
    const i = this.slot(start);
    this.start[i] = start;
    this.ref[i] = ref;
    this.alt[i] = alt;
    this.bufs[i] = buf;
    this.altIndex[i] = altIndex;
    this.idAt[i] = idAt;
    this.idLen[i] = idLen;
    this.infoAt[i] = infoAt;
    this.infoLen[i] = infoLen;
    this.n = n + 1;
  }

  private reserve(n: number): void {
    this.start = grow(this.start, n);
    this.altIndex = grow(this.altIndex, n);
    this.idAt = grow(this.idAt, n);
    this.idLen = grow(this.idLen, n);
    this.infoAt = grow(this.infoAt, n);
    this.infoLen = grow(this.infoLen, n);
  }

  /** The typed-array columns, in one list for the moves that treat them alike. */
  private columns(): Int32Array[] {
    return [this.start, this.altIndex, this.idAt, this.idLen, this.infoAt, this.infoLen];
  }

  protected shift(i: number): void {
    const n = this.n;
    for (const a of this.columns()) a.copyWithin(i + 1, i, n);
    this.ref.splice(i, 0, '');
    this.alt.splice(i, 0, '');
    this.bufs.splice(i, 0, EMPTY);
  }

  private sort(): void {
    const order = sortedOrder(this.start, this.n);
    for (const a of this.columns()) permute(a, order);
    permute(this.ref, order);
    permute(this.alt, order);
    permute(this.bufs, order);
    this.sorted = true;
  }

  /** Index of the first row starting at `start` or later. */
  first(start: number): number {
    if (!this.sorted) this.sort();
    return (this.hint = lowerBoundNear(this.start, this.n, start, this.hint));
  }
  private hint = 0;

  id(i: number): string {
    return this.bufs[i]!.toString('utf8', this.idAt[i]!, this.idAt[i]! + this.idLen[i]!);
  }

  /**
   * The FILTER column ('.' when the line has none): the fourth column after ID. Read
   * from the line only when asked for (vcfanno's `FILTER` field), so no column is kept.
   */
  filter(i: number): string {
    const buf = this.bufs[i]!;
    let j = this.idAt[i]! + this.idLen[i]!;
    for (let tabs = 0; tabs < 4; j++) {
      if (j >= buf.length || buf[j] === 10 || buf[j] === 13) return '.';
      if (buf[j] === 9) tabs++;
    }
    let e = j;
    while (e < buf.length && buf[e] !== 9 && buf[e] !== 10 && buf[e] !== 13) e++;
    return e === j ? '.' : buf.toString('utf8', j, e);
  }

  /** The raw INFO text ('' when the line has none). */
  info(i: number): string {
    return this.bufs[i]!.toString('utf8', this.infoAt[i]!, this.infoAt[i]! + this.infoLen[i]!);
  }

  /** Drops the rows starting before `start` (streaming: what no later lookup can reach). */
  dropBefore(start: number): void {
    const k = this.first(start);
    if (k === 0) return;
    const n = this.n - k;
    for (const a of this.columns()) a.copyWithin(0, k, this.n);
    this.ref.splice(0, k);
    this.alt.splice(0, k);
    // the buffers only dropped rows point into are let go
    this.bufs.splice(0, k);
    this.n = n;
    this.hint = 0;
  }
}

const EMPTY = Buffer.alloc(0);

/** Intervals of a BED or TSV source with the values of the columns asked for. */
export class IntervalStore extends SortedRows {
  end: Int32Array = new Int32Array(INITIAL_ROWS);
  /** per column asked for, its value in each row (undefined when the line is shorter) */
  readonly values: (string | undefined)[][];
  /**
   * The same values read as numbers once, for the numeric ops: `numbers` holds the value
   * when `plain` is PLAIN (one number, NaN when not one), `plain` is ABSENT for
   * `.`/empty/missing and LIST for comma-separated values (read as text).
   */
  numbers: Float64Array[];
  plain: Uint8Array[];
  /** longest interval seen: an overlap query looks this far back */
  maxLength = 0;

  constructor(columns: number) {
    super();
    this.values = Array.from({ length: columns }, () => []);
    this.numbers = Array.from({ length: columns }, () => new Float64Array(INITIAL_ROWS));
    this.plain = Array.from({ length: columns }, () => new Uint8Array(INITIAL_ROWS));
  }

  add(start: number, end: number, values: readonly (string | undefined)[]): void {
    const n = this.n;
    if (n === this.start.length) {
      this.start = grow(this.start, n + 1);
      this.end = grow(this.end, n + 1);
      this.numbers = this.numbers.map((a) => grow(a, n + 1));
      this.plain = this.plain.map((a) => grow(a, n + 1));
    }
    const i = this.slot(start);
    this.start[i] = start;
    this.end[i] = end;
    for (let k = 0; k < this.values.length; k++) {
      const x = values[k];
      this.values[k]![i] = x;
      const kind = x === undefined || x === '.' || x === '' ? ABSENT : x.includes(',') ? LIST : PLAIN;
      this.plain[k]![i] = kind;
      this.numbers[k]![i] = kind === PLAIN ? readNumber(x!) : NaN;
    }
    this.maxLength = Math.max(this.maxLength, end - start + 1);
    this.n = n + 1;
  }

  protected shift(i: number): void {
    const n = this.n;
    this.start.copyWithin(i + 1, i, n);
    this.end.copyWithin(i + 1, i, n);
    for (const v of this.values) v.splice(i, 0, undefined);
    for (const a of this.numbers) a.copyWithin(i + 1, i, n);
    for (const a of this.plain) a.copyWithin(i + 1, i, n);
  }

  private sort(): void {
    const order = sortedOrder(this.start, this.n);
    permute(this.start, order);
    permute(this.end, order);
    for (const v of this.values) permute(v, order);
    for (const a of this.numbers) permute(a, order);
    for (const a of this.plain) permute(a, order);
    this.sorted = true;
  }

  private hint = 0;

  /** Rows overlapping [from, to], in start order, into `hits` (emptied first). */
  overlapping(from: number, to: number, hits: number[]): number[] {
    while (hits.length > 0) hits.pop();
    if (!this.sorted) this.sort();
    const start = this.start;
    const end = this.end;
    this.hint = lowerBoundNear(start, this.n, from - this.maxLength, this.hint);
    for (let i = this.hint; i < this.n && start[i]! <= to; i++) {
      if (end[i]! >= from) hits.push(i);
    }
    return hits;
  }

  /** Drops the intervals ending before `pos` (streaming: what no later lookup can reach). */
  dropBefore(pos: number): void {
    if (!this.sorted) this.sort();
    let w = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.end[i]! < pos) continue;
      if (w !== i) {
        this.start[w] = this.start[i]!;
        this.end[w] = this.end[i]!;
        for (const v of this.values) v[w] = v[i];
        for (const a of this.numbers) a[w] = a[i]!;
        for (const a of this.plain) a[w] = a[i]!;
      }
      w++;
    }
    for (const v of this.values) v.length = w;
    this.n = w;
  }
}
