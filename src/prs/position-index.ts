import { contigKey } from '../vcf/index.js';
import type { RowTable } from './row-table.js';

/** contig numbers are shifted past every position below this, into one sort key */
const KEY_SHIFT = 2 ** 33;
/** more sorted runs than this (rows out of order) are merged into one before lookups */
const MAX_RUNS = 32;
/**
 * The runs are merged once the walks of the runs past the first have cost this many
 * steps per row (a merge costs a few passes over the rows): a VCF of millions of
 * records then walks one run rather than one per file.
 */
const MERGE_AFTER = 8;

/**
 * The scoring rows by (contig, position). Scoring files come sorted, so the table is a
 * few runs sorted by (contig, position), one per file: a lookup walks a cursor along
 * each run, as a sorted VCF walks along the genome, and gathers the rows at the
 * position in table order. Nothing is sorted or hashed up front: for ten 100,000-row
 * scores a hash table cost 46-59 ms to build and merging the runs 45-80 ms (run
 * once, the code is still cold), while finding the runs is one pass. Tables with more
 * runs (rows out of order) are merged into one sorted run first.
 *
 * A position's rows are identified by the first of them in the table (its entry).
 */
export class PositionIndex {
  /** sort key by place: contig number · 2^33 + position */
  private keys: Float64Array;
  /** table row at each place */
  private rowOf: Int32Array;
  /** runs [runFrom[r], runTo[r]) of places, each ascending by key, in table order */
  private runFrom: Int32Array;
  private runTo: Int32Array;
  private cursor: Int32Array;
  /** cursor steps left before the runs are merged */
  private budget: number;
  private readonly contigs = new Map<string, number>();
  /** the rows the last `find` gathered, in table order */
  found: Int32Array = new Int32Array(16);
  foundCount = 0;

  /** Indexes the rows of `table` with a position (rows at position 0 are left out). */
  constructor(table: RowTable) {
    const n = table.length;
    // contig codes of the table → dense contig numbers (aliases such as chr1 and 1 share one)
    const contigOfCode: number[] = [];
    let keys: Float64Array = new Float64Array(n);
    let rowOf: Int32Array = new Int32Array(n);
    const starts: number[] = [];
    let count = 0;
    for (let i = 0; i < n; i++) {
      const pos = table.posOf(i);
      // a VCF position is below 2^31; rows beyond 2^33 (where keys would be inexact) can match nothing
      if (pos === 0 || pos >= KEY_SHIFT) continue;
      const code = table.chromCodeOf(i);
      let c = contigOfCode[code];
      if (c === undefined) {
        const key = contigKey(table.word(code));
        const known = this.contigs.get(key);
        c = known ?? this.contigs.size;
        if (known === undefined) this.contigs.set(key, c);
        contigOfCode[code] = c;
      }
      const key = c * KEY_SHIFT + pos;
      if (count === 0 || key < keys[count - 1]!) starts.push(count);
      keys[count] = key;
      rowOf[count] = i;
      count++;
    }
    keys = keys.subarray(0, count);
    rowOf = rowOf.subarray(0, count);
    if (starts.length > MAX_RUNS) {
      [keys, rowOf] = mergedRuns(keys, rowOf, starts);
      starts.length = count > 0 ? 1 : 0;
    }
    this.keys = keys;
    this.rowOf = rowOf;
    this.runFrom = Int32Array.from(starts);
    this.runTo = Int32Array.from(starts, (_, r) => (r + 1 < starts.length ? starts[r + 1]! : count));
    this.cursor = Int32Array.from(starts);
    this.budget = MERGE_AFTER * count;
  }

  /** Sorted runs walked at each lookup. */
  get runs(): number {
    return this.runFrom.length;
  }

  /** Merges the runs into one (lookups then walk a single cursor). */
  private merge(): void {
    const starts = Array.from(this.runFrom);
    [this.keys, this.rowOf] = mergedRuns(this.keys, this.rowOf, starts);
    const n = this.keys.length;
    this.runFrom = Int32Array.of(0);
    this.runTo = Int32Array.of(n);
    this.cursor = Int32Array.of(0);
  }

  /** The contig number of a VCF contig name, or -1 when no row is on it. */
  contig(chrom: string): number {
    return this.contigs.get(contigKey(chrom)) ?? -1;
  }

  /**
   * The entry at `pos` on contig `c` (the first of its rows in the table), or -1; its
   * rows are then `found[0 .. foundCount)`. Ascending lookups cost a step or two of
   * each run's cursor; a jump back or far ahead is a binary search.
   */
  find(c: number, pos: number): number {
    if (this.runFrom.length > 1) {
      this.budget -= this.runFrom.length - 1;
      if (this.budget < 0) this.merge();
    }
    const q = c * KEY_SHIFT + pos;
    const keys = this.keys;
    let count = 0;
    let entry = -1;
    for (let r = 0; r < this.runFrom.length; r++) {
      const lo = this.runFrom[r]!;
      const hi = this.runTo[r]!;
      let k = this.cursor[r]!;
      if (k > lo && keys[k - 1]! >= q) {
        k = lowerBound(keys, lo, k, q);
      } else {
        const stop = Math.min(hi, k + 8);
        while (k < stop && keys[k]! < q) k++;
        if (k === stop && k < hi && keys[k]! < q) k = lowerBound(keys, k, hi, q);
      }
      this.cursor[r] = k;
      for (; k < hi && keys[k] === q; k++) {
        if (count === this.found.length) this.found = grown(this.found);
        const row = this.rowOf[k]!;
        this.found[count++] = row;
        if (entry < 0) entry = row;
      }
    }
    this.foundCount = count;
    return entry;
  }
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The first index in [lo, hi) whose key is >= q (hi when none is). */
function lowerBound(keys: Float64Array, lo: number, hi: number, q: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keys and rows in one run ascending by key, ties in table order: a natural merge of the runs, in sequential passes. */
function mergedRuns(keys: Float64Array, rowOf: Int32Array, starts: number[]): [Float64Array, Int32Array] {
  const n = keys.length;
  let runs = [...starts, n];
  let key = keys;
  let order = rowOf;
  let key2: Float64Array = new Float64Array(n);
  let order2: Int32Array = new Int32Array(n);
  while (runs.length > 2) {
    const merged: number[] = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const a = runs[r]!;
      const m = runs[r + 1]!;
      const b = r + 2 < runs.length ? runs[r + 2]! : m;
      let i = a;
      let j = m;
      let out = a;
      while (i < m && j < b) {
        // without a branch on the comparison (which runs of interleaved positions make
        // unpredictable); the left run wins ties, so equal keys stay in table order
        const right = Number(key[j]! < key[i]!);
        const from = i + (j - i) * right;
        key2[out] = key[from]!;
        order2[out++] = order[from]!;
        i += 1 - right;
        j += right;
      }
      for (; i < m; i++, out++) {
        key2[out] = key[i]!;
        order2[out] = order[i]!;
      }
      for (; j < b; j++, out++) {
        key2[out] = key[j]!;
        order2[out] = order[j]!;
      }
      merged.push(b);
    }
    runs = merged;
    [key, key2] = [key2, key];
    [order, order2] = [order2, order];
  }
  return [key, order];
}
