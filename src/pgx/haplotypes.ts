import type { GeneInput } from './sample-input.js';

/** The two strands of one phase assignment, and the variants that are non-reference on each. */
export interface StrandPair {
  h1: Int32Array;
  h2: Int32Array;
  nonRef1: number[];
  nonRef2: number[];
}

export interface Orientations {
  pairs: StrandPair[];
  /** at most one block of heterozygous calls: the strands are known */
  effectivelyPhased: boolean;
  nBlocks: number;
}

/** Above this many independent heterozygous blocks the enumeration is refused. */
export const MAX_BLOCKS = 16;

/**
 * Enumerates the strand assignments a sample allows. Heterozygous calls are grouped into
 * blocks that move together: phased calls of one phase set (PS) form one block, phased
 * calls without PS one block, each unphased call its own block. The first block keeps its
 * orientation, so k blocks give 2^(k-1) assignments.
 */
export function orientations(inp: GeneInput): Orientations | null {
  const blockOf = new Map<string, number>();
  const hetBlock: { i: number; block: number }[] = [];
  const h1 = new Int32Array(inp.n);
  const h2 = new Int32Array(inp.n);
  for (let i = 0; i < inp.n; i++) {
    if (!inp.present[i]) continue;
    const a = inp.a[i]!;
    const b = inp.b[i]!;
    h1[i] = a;
    h2[i] = b;
    if (a === b) continue;
    const key = inp.phased[i] ? `p${inp.ps[i]}` : `u${i}`;
    let block = blockOf.get(key);
    if (block === undefined) {
      block = blockOf.size;
      blockOf.set(key, block);
    }
    hetBlock.push({ i, block });
  }
  const nBlocks = blockOf.size;
  if (nBlocks > MAX_BLOCKS) return null;
  const pairs: StrandPair[] = [];
  const combos = nBlocks <= 1 ? 1 : 1 << (nBlocks - 1);
  for (let m = 0; m < combos; m++) {
    const x = h1.slice();
    const y = h2.slice();
    for (const { i, block } of hetBlock) {
      if (block > 0 && (m >> (block - 1)) & 1) {
        x[i] = h2[i]!;
        y[i] = h1[i]!;
      }
    }
    pairs.push({ h1: x, h2: y, nonRef1: nonRef(x, inp.present), nonRef2: nonRef(y, inp.present) });
  }
  return { pairs, effectivelyPhased: nBlocks <= 1, nBlocks };
}

export function nonRef(h: Int32Array, present: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < h.length; i++) if (present[i] && h[i] !== 0) out.push(i);
  return out;
}

export function hapKey(nonRefIdx: number[], h: Int32Array): string {
  let k = '';
  for (const i of nonRefIdx) k += `${i}:${h[i]};`;
  return k;
}
