import { describe, expect, it } from 'vitest';
import { PositionTable } from '../../src/prs/position-table.js';

describe('PositionTable', () => {
  it('behaves as a Map from position to row through growth, collisions and overwrites', () => {
    const t = new PositionTable(4);
    const m = new Map<number, number>();
    let seed = 5;
    for (let i = 0; i < 50000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      // clustered and huge positions, both
      const pos = i % 3 === 0 ? 1 + (seed % 1000) : i % 3 === 1 ? 1 + seed * 3 : 2 ** 32 + 1 + (seed % 77);
      t.set(pos, i);
      m.set(pos, i);
    }
    expect(t.size).toBe(m.size);
    for (const [pos, v] of m) expect(t.get(pos)).toBe(v);
    expect(t.get(999999937)).toBe(m.get(999999937) ?? -1);
    expect([...t.allValues()].sort((a, b) => a - b)).toEqual([...m.values()].sort((a, b) => a - b));
  });
});

describe('PositionTable.getOrSet', () => {
  it('returns the existing value or sets the new one', () => {
    const t = new PositionTable(2);
    const m = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const pos = 1 + ((i * 7919) % 1733);
      const had = m.get(pos);
      expect(t.getOrSet(pos, i)).toBe(had ?? -1);
      if (had === undefined) m.set(pos, i);
    }
    expect(t.size).toBe(m.size);
  });
});
