import { hapKey, nonRef } from './haplotypes.js';
import { matchHaplotype, pairDiplotypes, type HaplotypeMatch, type PresentView, type ScoredDiplotype } from './matcher.js';
import type { GeneInput } from './sample-input.js';

export interface HetBlocks {
  /** block of each heterozygous variant, -1 elsewhere */
  blockOf: Int32Array;
  nBlocks: number;
  /** present variants where the sample is not homozygous reference */
  nonRef: number[];
}

/** Phase blocks: one per PS value (or one for phased calls without PS), one per unphased het. */
export function hetBlocks(inp: GeneInput): HetBlocks {
  const blockOf = new Int32Array(inp.n).fill(-1);
  const ids = new Map<string, number>();
  const nr: number[] = [];
  for (let i = 0; i < inp.n; i++) {
    if (!inp.present[i]) continue;
    const a = inp.a[i]!;
    const b = inp.b[i]!;
    if (a !== 0 || b !== 0) nr.push(i);
    if (a === b) continue;
    const key = inp.phased[i] ? `p${inp.ps[i]}` : `u${i}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    blockOf[i] = id;
  }
  return { blockOf, nBlocks: ids.size, nonRef: nr };
}

const bit = (c: number): number => (c >= 0 && c < 31 ? 1 << c : 0);
const MAX_FREE_BLOCKS = 8;

/**
 * All diplotypes consistent with the genotypes, without enumerating every phase
 * assignment: each allele that fits one strand fixes the orientation of the blocks it
 * touches, the other strand is what remains, and that complement is matched in turn.
 * Equivalent to pairing the matches of all 2^(blocks-1) strand pairs, but linear in
 * the number of alleles.
 */
export function pairByAllele(view: PresentView, inp: GeneInput, hb: HetBlocks): ScoredDiplotype[] {
  const memo = new Map<string, HaplotypeMatch[]>();
  const matchesOf = (h: Int32Array): HaplotypeMatch[] => {
    const nr = nonRef(h, inp.present);
    const k = hapKey(nr, h);
    let r = memo.get(k);
    if (!r) memo.set(k, (r = matchHaplotype(view, h, nr)));
    return r;
  };
  const pairs: [HaplotypeMatch[], HaplotypeMatch[]][] = [];
  const orient = new Int8Array(hb.nBlocks);
  const seen = new Set<string>();
  for (const entry of view.alleles) {
    const x = entry.allele;
    orient.fill(0);
    let ok = true;
    const check = (i: number): boolean => {
      const a = inp.a[i]!;
      const b = inp.b[i]!;
      const m = x.masks[i]!;
      if (a === b) return (m & bit(a)) !== 0;
      const ta = (m & bit(a)) !== 0;
      const tb = (m & bit(b)) !== 0;
      if (!ta && !tb) return false;
      if (ta && tb) return true;
      const want = ta ? 1 : 2;
      const blk = hb.blockOf[i]!;
      if (orient[blk] === 0) orient[blk] = want;
      else if (orient[blk] !== want) return false;
      return true;
    };
    for (const i of entry.defining) if (!check(i)) ok = false;
    if (ok) for (const i of hb.nonRef) if (!check(i)) ok = false;
    if (!ok) continue;
    const free: number[] = [];
    for (let k = 0; k < hb.nBlocks; k++) if (orient[k] === 0) free.push(k);
    if (free.length > MAX_FREE_BLOCKS) continue;
    for (let m = 0; m < 1 << free.length; m++) {
      const o = orient.slice();
      free.forEach((blk, j) => (o[blk] = (m >> j) & 1 ? 2 : 1));
      const hx = inp.a.slice();
      const hy = inp.b.slice();
      for (const i of hb.nonRef) {
        const blk = hb.blockOf[i]!;
        if (blk >= 0 && o[blk] === 2) {
          hx[i] = inp.b[i]!;
          hy[i] = inp.a[i]!;
        }
      }
      // het positions outside nonRef cannot exist (one side is non-reference there)
      const key = `${hapKey(hb.nonRef, hx)}#${x.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const mine = matchesOf(hx).filter((h) => h.name === x.name);
      if (mine.length === 0) continue;
      pairs.push([mine, matchesOf(hy)]);
    }
  }
  return pairDiplotypes(pairs);
}
