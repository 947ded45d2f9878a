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
    if (pos === 0) return;
    const key = chrom.replace(/^chr/, '');
    const byPos = expected.get(key) ?? new Map<number, number[]>();
    expected.set(key, byPos);
    byPos.set(pos, [...(byPos.get(pos) ?? []), i]);
  });
  return { table, expected };
}

function rowsAt(index: PositionIndex, e: number): number[] {
  const out: number[] = [];
  for (let k = index.startOf(e); k < index.endOf(e); k++) out.push(index.rowAt(k));
  return out;
}

describe('PositionIndex', () => {
  for (const huge of [false, true]) {
    it(`groups the rows of every (contig, position) in table order, over unsorted files and contig aliases${huge ? ', with positions from 2^33 on' : ''}`, () => {
      const r = lcg(7);
      const rows: [string, number][] = [];
      // three "files": sorted runs over overlapping positions, one contig spelled two ways
      for (let f = 0; f < 3; f++) {
        let pos = 1;
        for (let i = 0; i < 3000; i++) {
          pos += r(40);
          rows.push([f === 1 ? 'chr1' : '1', pos]);
        }
      }
      for (let i = 0; i < 500; i++) rows.push([['2', 'X', 'chrX'][r(3)]!, 1 + r(2000)]);
      rows.push(['1', 0], ['3', 7], ['3', 7]);
      if (huge) rows.push(['3', 2 ** 40 + 5], ['3', 9], ['3', 2 ** 40 + 5]);
      const { table, expected } = build(rows);
      const index = new PositionIndex(table);
      let entries = 0;
      for (const [key, byPos] of expected) {
        entries += byPos.size;
        const c = index.contig(key === 'X' ? 'chrX' : key);
        expect(c).toBeGreaterThanOrEqual(0);
        for (const [pos, want] of byPos) {
          const e = index.find(c, pos);
          expect(e).toBeGreaterThanOrEqual(0);
          expect(rowsAt(index, e)).toEqual(want);
        }
      }
      expect(index.size).toBe(entries);
      expect(index.contig('4')).toBe(-1);
    });
  }

  it('finds positions in ascending, descending and random order, and nothing where no row is', () => {
    const r = lcg(11);
    const rows: [string, number][] = [];
    for (let i = 0; i < 2000; i++) rows.push(['1', 1 + r(100000)]);
    const { table, expected } = build(rows);
    const byPos = expected.get('1')!;
    const index = new PositionIndex(table);
    const c = index.contig('1');
    const check = (positions: number[]): void => {
      for (const pos of positions) {
        const e = index.find(c, pos);
        if (byPos.has(pos)) expect(rowsAt(index, e)).toEqual(byPos.get(pos));
        else expect(e).toBe(-1);
      }
    };
    const all = Array.from({ length: 100001 }, (_, i) => i);
    check(all);
    check([...all].reverse());
    check(Array.from({ length: 20000 }, () => r(100002)));
  });

  it('indexes an empty table and a table of rows without positions', () => {
    expect(new PositionIndex(new RowTable()).size).toBe(0);
    const { table } = build([['1', 0], ['2', 0]]);
    const index = new PositionIndex(table);
    expect(index.size).toBe(0);
    expect(index.contig('1')).toBe(-1);
  });
});
