import { contigKey } from '../vcf/index.js';
import type { RowTable } from './row-table.js';

/**
 * The scoring rows by (contig, position): every distinct position is an entry, and an
 * entry's rows sit together in file order. Built by sorting row numbers (radix passes
 * over the positions, then the contigs) rather than hashing each row, and looked up
 * with a cursor per contig that walks forward as a sorted VCF does: for ten
 * 100,000-row scores a hash table cost 46-59 ms to build plus a cache miss per record,
 * and most of the walk here is a comparison with the next entry.
 */
export class PositionIndex {
  /** distinct positions, in entry order (ascending within a contig) */
  private readonly positions: Float64Array;
  /** entry e's rows are rows[first[e]] .. rows[first[e + 1] - 1] */
  private readonly first: Int32Array;
  private readonly rows: Int32Array;
  /** by contig key: its entries [from, to) */
  private readonly contigs = new Map<string, number>();
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly cursor: number[] = [];

  /** Indexes the rows of `table` with a position (rows at position 0 are left out). */
  constructor(table: RowTable) {
    const n = table.length;
    // contig codes of the table → dense contig numbers (aliases such as chr1 and 1 share one)
    const contigOfCode: number[] = [];
    const contigOf = new Int32Array(n);
    const positions = new Float64Array(n);
    let count = 0;
    let small = true;
    const kept = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const pos = table.posOf(i);
      if (pos === 0) continue;
      const code = table.chromCodeOf(i);
      let c = contigOfCode[code];
      if (c === undefined) {
        const key = contigKey(table.word(code));
        const known = this.contigs.get(key);
        c = known ?? this.contigs.size;
        if (known === undefined) this.contigs.set(key, c);
        contigOfCode[code] = c;
      }
      kept[count] = i;
      contigOf[count] = c;
      positions[count] = pos;
      if (pos >= KEY_SHIFT) small = false;
      count++;
    }
    const order = sortedOrder(contigOf.subarray(0, count), positions.subarray(0, count), small);
    this.rows = new Int32Array(count);
    const entryPos = new Float64Array(count);
    const first = new Int32Array(count + 1);
    let entries = 0;
    let lastContig = -1;
    let lastPos = -1;
    for (let k = 0; k < count; k++) {
      const j = order[k]!;
      this.rows[k] = kept[j]!;
      const c = contigOf[j]!;
      const pos = positions[j]!;
      if (c === lastContig && pos === lastPos) continue;
      if (c !== lastContig) {
        if (lastContig >= 0) this.to[lastContig] = entries;
        this.from[c] = entries;
        lastContig = c;
      }
      entryPos[entries] = pos;
      first[entries] = k;
      entries++;
      lastPos = pos;
    }
    if (lastContig >= 0) this.to[lastContig] = entries;
    first[entries] = count;
    this.positions = entryPos.subarray(0, entries);
    this.first = first.subarray(0, entries + 1);
    for (let c = 0; c < this.contigs.size; c++) this.cursor[c] = this.from[c]!;
  }

  /** distinct positions indexed */
  get size(): number {
    return this.positions.length;
  }

  /** The contig number of a VCF contig name, or -1 when no row is on it. */
  contig(chrom: string): number {
    return this.contigs.get(contigKey(chrom)) ?? -1;
  }

  /**
   * The entry at `pos` on contig `c`, or -1. Records in ascending order cost a step or
   * two of the cursor each; a jump back or far ahead is a binary search.
   */
  find(c: number, pos: number): number {
    const P = this.positions;
    const lo = this.from[c]!;
    const hi = this.to[c]!;
    let k = this.cursor[c]!;
    if (k > lo && P[k - 1]! >= pos) {
      k = lowerBound(P, lo, k, pos);
    } else {
      let steps = 0;
      while (k < hi && P[k]! < pos && steps < 8) {
        k++;
        steps++;
      }
      if (k < hi && P[k]! < pos) k = lowerBound(P, k, hi, pos);
    }
    this.cursor[c] = k;
    return k < hi && P[k] === pos ? k : -1;
  }

  /** The first of entry e's places in `rowAt` order; its rows run to `endOf(e)`. */
  startOf(e: number): number {
    return this.first[e]!;
  }

  endOf(e: number): number {
    return this.first[e + 1]!;
  }

  /** The table row at place k (see startOf). */
  rowAt(k: number): number {
    return this.rows[k]!;
  }
}

/** The first index in [lo, hi) whose position is >= pos (hi when none is). */
function lowerBound(P: Float64Array, lo: number, hi: number, pos: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (P[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** contig numbers are shifted past every position below this, into one sort key */
const KEY_SHIFT = 2 ** 33;

/**
 * Indices 0..n-1 ordered by (contig, position), ties in index order. Scoring files come
 * sorted, so the rows are a few sorted runs (one per file): a natural merge sort over
 * one numeric key (contig·2^33 + position) merges them in a few sequential passes, and
 * returns input already in order as it is. Positions from 2^33 on (none in a real
 * genome) take a comparison sort.
 */
function sortedOrder(contig: Int32Array, pos: Float64Array, small: boolean): Int32Array {
  const n = pos.length;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!small) return Int32Array.from(Array.from(order).sort((a, b) => contig[a]! - contig[b]! || pos[a]! - pos[b]! || a - b));
  let key = new Float64Array(n);
  let runs: number[] = [0];
  for (let i = 0; i < n; i++) {
    key[i] = contig[i]! * KEY_SHIFT + pos[i]!;
    if (i > 0 && key[i]! < key[i - 1]!) runs.push(i);
  }
  runs.push(n);
  if (runs.length === 2) return order;
  let key2 = new Float64Array(n);
  let order2 = new Int32Array(n);
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
        // unpredictable); the left run wins ties, so equal keys stay in index order
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
  return order;
}
