import { describe, expect, it } from 'vitest';
import { PositionIndex } from '../../src/prs/position-index.js';
import { RowTable } from '../../src/prs/row-table.js';

/** deterministic pseudo-random integers in [0, n) */
function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

/** Rows as a RowTable plus the expected index: contig key → position → table rows in order. */
function build(rows: [string, number][]): { table: RowTable; expected: Map<string, Map<number, number[]>> } {
  const table = new RowTable();
  const expected = new Map<string, Map<number, number[]>>();
  rows.forEach(([chrom, pos], i) => {
    table.add(0, i + 1, i, '', chrom, pos, 'A', 'C', 'additive', 0.1, null, NaN, null);
    if (pos === 0 || pos >= 2 ** 33) return;
    const key = chrom.replace(/^chr/, '');
    const byPos = expected.get(key) ?? new Map<number, number[]>();
    expected.set(key, byPos);
    byPos.set(pos, [...(byPos.get(pos) ?? []), i]);
  });
  return { table, expected };
}

/** The rows `find` gathered, checking that the entry is the first of them. */
function rowsAt(index: PositionIndex, e: number): number[] {
  const rows = Array.from(index.found.subarray(0, index.foundCount));
  expect(e).toBe(rows[0]);
  return rows;
}

/** Sorted "files" over overlapping positions, one contig spelled two ways; `shuffled` adds rows out of order (more runs than are walked). */
function files(shuffled: boolean): [string, number][] {
  const r = lcg(7);
  const rows: [string, number][] = [];
  for (let f = 0; f < 3; f++) {
    let pos = 1;
    for (let i = 0; i < 3000; i++) {
      pos += r(40);
      rows.push([f === 1 ? 'chr1' : '1', pos]);
    }
    for (let i = 1; i <= 50; i++) rows.push(['X', i * 7]);
  }
  if (shuffled) for (let i = 0; i < 500; i++) rows.push([['2', 'X', 'chrX', '1'][r(4)]!, 1 + r(2000)]);
  rows.push(['1', 0], ['3', 7], ['3', 7], ['3', 2 ** 40 + 5], ['3', 9]);
  return rows;
}

describe('PositionIndex', () => {
  for (const shuffled of [false, true]) {
    it(`gathers the rows of every (contig, position) in table order${shuffled ? ', rows out of order' : ', files sorted'}`, () => {
      const { table, expected } = build(files(shuffled));
      const index = new PositionIndex(table);
      // looked up contig by contig, each in its own order (jumps back and forth)
      for (const [key, byPos] of expected) {
        const c = index.contig(key === 'X' ? 'chrX' : key);
        expect(c).toBeGreaterThanOrEqual(0);
        for (const [pos, want] of byPos) expect(rowsAt(index, index.find(c, pos))).toEqual(want);
        expect(index.find(c, 2 ** 40 + 5)).toBe(-1);
        expect(index.find(c, 0)).toBe(-1);
      }
      expect(index.contig('4')).toBe(-1);
    });
  }

  for (const shuffled of [false, true]) {
    it(`finds positions in ascending, descending and random order, and nothing where no row is${shuffled ? ' (merged runs)' : ''}`, () => {
      const r = lcg(11);
      const rows: [string, number][] = [];
      let pos = 0;
      for (let i = 0; i < 2000; i++) rows.push(['1', shuffled ? 1 + r(100000) : (pos += r(100))]);
      const { table, expected } = build(rows);
      const byPos = expected.get('1')!;
      const index = new PositionIndex(table);
      const c = index.contig('1');
      const check = (positions: number[]): void => {
        for (const p of positions) {
          const e = index.find(c, p);
          if (byPos.has(p)) expect(rowsAt(index, e)).toEqual(byPos.get(p));
          else expect(e).toBe(-1);
        }
      };
      const all = Array.from({ length: 200001 }, (_, i) => i);
      check(all);
      check([...all].reverse());
      check(Array.from({ length: 20000 }, () => r(200002)));
    });
  }

  it('merges its runs once walking them costs more than a merge, and finds the same rows after', () => {
    const r = lcg(5);
    const rows: [string, number][] = [];
    for (let f = 0; f < 3; f++) {
      let pos = 0;
      for (let i = 0; i < 700; i++) rows.push(['1', (pos += 1 + r(50))]);
    }
    const { table, expected } = build(rows);
    const byPos = expected.get('1')!;
    const index = new PositionIndex(table);
    expect(index.runs).toBe(3);
    const c = index.contig('1');
    const seen: number[][] = [];
    for (let p = 0; p <= 40000; p++) {
      const e = index.find(c, p);
      if (byPos.has(p)) seen.push(rowsAt(index, e));
      else expect(e).toBe(-1);
    }
    expect(index.runs).toBe(1);
    expect(seen).toEqual([...byPos.keys()].sort((a, b) => a - b).map((p) => byPos.get(p)));
  });

  it('indexes an empty table and a table of rows without positions', () => {
    expect(new PositionIndex(new RowTable()).find(0, 1)).toBe(-1);
    const { table } = build([['1', 0], ['2', 0]]);
    const index = new PositionIndex(table);
    expect(index.contig('1')).toBe(-1);
  });
});
