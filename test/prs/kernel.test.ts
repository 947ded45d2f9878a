import { describe, expect, it } from 'vitest';
import { DosageKernel } from '../../src/prs/kernel.js';

/** sums[s] += w x slot 0 (w x (2 - slot 0) for a REF row), added at once. */
function addRow(k: DosageKernel, s: number, w: number, ref: boolean): void {
  k.queue(0, s, w, ref);
  k.addQueued();
}

/** Sample columns of a GT-only record, as the bytes after FORMAT. */
function columns(calls: string[]): Buffer {
  return Buffer.from(`1\t100\t.\tA\tG\t.\t.\t.\tGT\t${calls.join('\t')}`);
}
const START = columns([]).length;

let seed = 99;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};

describe('DosageKernel', () => {
  const engines = ['auto', 'js'] as const;

  it('runs the WebAssembly SIMD kernel on this Node', () => {
    expect(new DosageKernel(3, 1, 1).engine).toBe('wasm-simd');
  });

  it.each(engines)('decodes 0/1 diploid calls into ALT dosages (%s)', (engine) => {
    for (const n of [1, 2, 3, 7, 500, 2504]) {
      const k = new DosageKernel(n, 1, 2, engine);
      const calls = Array.from({ length: n }, () => ['0/0', '0/1', '1/0', '1/1', '0|0', '0|1', '1|0', '1|1'][Math.floor(rand() * 8)]!);
      const want = calls.map((c) => Number(c[0]) + Number(c[2]));
      expect(k.decodeDiploid(columns(calls), START, 1)).toBe(want.reduce((a, b) => a + b, 0));
      expect(Array.from(k.slots[1]!)).toEqual(want);
    }
  });

  it.each(engines)('refuses every other layout (%s)', (engine) => {
    // 7 samples: four read as one vector, three one by one
    const k = new DosageKernel(7, 1, 1, engine);
    const good = ['0/1', '1|1', '0/0', '1/0', '1/1', '0|1', '0|0'];
    expect(k.decodeDiploid(columns(good), START, 0)).toBe(7);
    for (const bad of ['./.', '0/.', '0/2', '2|1', '0', '1', '0\\1', '0:1', 'a/1', '0/1:35', '0 1', '9/9']) {
      for (let at = 0; at < 7; at++) {
        const calls = [...good];
        calls[at] = bad;
        const line = columns(calls);
        // only a same-length layout reaches the byte checks; the rest is refused by length
        expect(k.decodeDiploid(line, START, 0)).toBe(-1);
      }
    }
    // a trailing tab or a missing column
    expect(k.decodeDiploid(Buffer.concat([columns(good), Buffer.from('\t')]), START, 0)).toBe(-1);
    expect(k.decodeDiploid(columns(good.slice(0, 3)), START, 0)).toBe(-1);
    // a tab replaced by another byte keeps the length but is refused
    const line = columns(good);
    line[START + 3] = 0x20;
    expect(k.decodeDiploid(line, START, 0)).toBe(-1);
  });

  it('adds w x dosage bit-identically in both engines, odd sample counts too', () => {
    for (const n of [1, 5, 500]) {
      const a = new DosageKernel(n, 3, 1, 'auto');
      const b = new DosageKernel(n, 3, 1, 'js');
      for (let r = 0; r < 200; r++) {
        const calls = Array.from({ length: n }, () => ['0/0', '0/1', '1/1'][Math.floor(rand() * 3)]!);
        a.decodeDiploid(columns(calls), START, 0);
        b.decodeDiploid(columns(calls), START, 0);
        const s = r % 3;
        const w = (rand() - 0.5) * 0.02;
        addRow(a, s, w, false);
        addRow(b, s, w, false);
      }
      for (let s = 0; s < 3; s++) expect(Array.from(a.sums[s]!)).toEqual(Array.from(b.sums[s]!));
      expect(a.sums[0]!.some((x) => x !== 0)).toBe(true);
    }
  });
});

describe('DosageKernel REF rows', () => {
  it('adds w x (2 - dosage) bit-identically to the plain loop', () => {
    const n = 333;
    const a = new DosageKernel(n, 1, 1, 'auto');
    const b = new DosageKernel(n, 1, 1, 'js');
    const plain = new Float64Array(n);
    for (let r = 0; r < 100; r++) {
      const calls = Array.from({ length: n }, () => ['0/0', '0|1', '1/1'][Math.floor(rand() * 3)]!);
      a.decodeDiploid(columns(calls), START, 0);
      b.decodeDiploid(columns(calls), START, 0);
      const w = (rand() - 0.5) * 0.02;
      addRow(a, 0, w, true);
      addRow(b, 0, w, true);
      calls.forEach((c, i) => (plain[i]! += w * (2 - (Number(c[0]) + Number(c[2])))));
    }
    expect(Array.from(a.sums[0]!)).toEqual(Array.from(plain));
    expect(Array.from(b.sums[0]!)).toEqual(Array.from(plain));
  });
});

describe('DosageKernel queued rows', () => {
  it.each(['auto', 'js'] as const)('add exactly what one call per row adds, past the queue size too (%s)', (engine) => {
    const n = 101;
    const S = 300;
    const q = new DosageKernel(n, S, 1, engine);
    const one = new DosageKernel(n, S, 1, 'js');
    for (let r = 0; r < 5; r++) {
      const calls = Array.from({ length: n }, () => ['0/0', '0|1', '1/1'][Math.floor(rand() * 3)]!);
      q.decodeDiploid(columns(calls), START, 0);
      one.decodeDiploid(columns(calls), START, 0);
      for (let s = 0; s < S; s++) {
        const w = (rand() - 0.5) * 0.02;
        const ref = rand() < 0.5;
        q.queue(0, s, w, ref);
        addRow(one, s, w, ref);
      }
      q.addQueued();
    }
    for (let s = 0; s < S; s++) expect(Array.from(q.sums[s]!)).toEqual(Array.from(one.sums[s]!));
  });
});

describe('DosageKernel blocks of records', () => {
  it.each(['auto', 'js'] as const)('adds rows queued over many slots and scores as one call per row in queue order would (%s)', (engine) => {
    // several rows of one score per block, ALT and REF mixed, odd sample counts: each
    // sum must see its rows' products added in the order they were queued
    for (const n of [3, 17, 500]) {
      const S = 4;
      const slots = 6;
      const q = new DosageKernel(n, S, slots, engine);
      const one = new DosageKernel(n, S, 1, 'js');
      const plain = Array.from({ length: S }, () => new Float64Array(n));
      for (let block = 0; block < 30; block++) {
        const rows: [number, number, number, boolean][] = [];
        for (let k = 0; k < slots; k++) {
          const calls = Array.from({ length: n }, () => ['0/0', '0|1', '1/1', '1|0'][Math.floor(rand() * 4)]!);
          q.decodeDiploid(columns(calls), START, k);
          one.decodeDiploid(columns(calls), START, 0);
          for (let r = 0; r < 3; r++) {
            const s = Math.floor(rand() * S);
            const w = (rand() - 0.5) * 0.02;
            const ref = rand() < 0.5;
            q.queue(k, s, w, ref);
            rows.push([k, s, w, ref]);
            addRow(one, s, w, ref);
            calls.forEach((c, i) => {
              const d = Number(c[0]) + Number(c[2]);
              plain[s]![i]! += w * (ref ? 2 - d : d);
            });
          }
        }
        expect(q.pending).toBe(rows.length);
        q.addQueued();
        expect(q.pending).toBe(0);
      }
      for (let s = 0; s < S; s++) {
        expect(Array.from(q.sums[s]!)).toEqual(Array.from(one.sums[s]!));
        expect(Array.from(q.sums[s]!)).toEqual(Array.from(plain[s]!));
      }
    }
  });
});
