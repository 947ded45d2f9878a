import type { GeneDefinition } from './data.js';
import type { GenotypeStore } from './genotypes.js';
import type { PgxSlot } from './positions.js';
import { HAPLOID, NOT_SEEN, NO_CALL, UNDOCUMENTED_BASE } from './representation.js';

/** Genes where PharmCAT reads an undocumented ALT as the reference allele (toxicity genes). */
export const UNDOCUMENTED_AS_REFERENCE = new Set(['CACNA1S', 'DPYD', 'G6PD', 'NUDT15', 'RYR1', 'TPMT']);

/** One sample's genotypes over one gene's definition variants, cleaned for matching. */
export interface GeneInput {
  n: number;
  a: Int32Array;
  b: Int32Array;
  present: Uint8Array;
  phased: Uint8Array;
  ps: Int32Array;
  /** all present calls are haploid (hemizygous chrX) */
  hemizygous: boolean;
  /** present but with one allele unknown and the other non-reference ("1/.") */
  partialCalls: number[];
  /** positions filled in as reference by --absent-as-ref */
  inferredReference: number[];
  /** undocumented alleles: variant index and allele text */
  undocumented: { variant: number; allele: string }[];
  missing: number[];
}

export interface InputOptions {
  absentAsRef: boolean;
}

export function buildGeneInput(def: GeneDefinition, slots: PgxSlot[], store: GenotypeStore, sample: number, opts: InputOptions): GeneInput {
  const n = def.variants.length;
  const inp: GeneInput = {
    n,
    a: new Int32Array(n),
    b: new Int32Array(n),
    present: new Uint8Array(n),
    phased: new Uint8Array(n),
    ps: new Int32Array(n),
    hemizygous: false,
    partialCalls: [],
    inferredReference: [],
    undocumented: [],
    missing: [],
  };
  let nPresent = 0;
  let nHaploid = 0;
  const toRef = UNDOCUMENTED_AS_REFERENCE.has(def.gene);
  for (const slot of slots) {
    const i = slot.variant;
    if (i < 0) continue;
    if (def.ignoredPositions.some((x) => x.pos === slot.pos && x.ref === slot.ref)) continue;
    const g = store.get(slot.index, sample);
    let x = g.a;
    let y = g.b;
    if (x === NOT_SEEN) {
      if (opts.absentAsRef) {
        x = 0;
        y = 0;
        inp.inferredReference.push(i);
      } else {
        inp.missing.push(i);
        continue;
      }
    }
    const haploid = y === HAPLOID;
    if (haploid) y = x;
    if (x === NO_CALL && y === NO_CALL) {
      inp.missing.push(i);
      continue;
    }
    if (x === NO_CALL || y === NO_CALL) {
      const other = x === NO_CALL ? y : x;
      if (other === 0) {
        inp.missing.push(i);
        continue;
      }
      inp.partialCalls.push(i);
    }
    if (x >= UNDOCUMENTED_BASE || y >= UNDOCUMENTED_BASE) {
      for (const c of [x, y]) if (c >= UNDOCUMENTED_BASE) inp.undocumented.push({ variant: i, allele: slot.undocumented[c - UNDOCUMENTED_BASE] ?? '?' });
      if (toRef) {
        if (x >= UNDOCUMENTED_BASE) x = 0;
        if (y >= UNDOCUMENTED_BASE) y = 0;
      }
    }
    inp.a[i] = x;
    inp.b[i] = y;
    inp.present[i] = 1;
    inp.phased[i] = g.phased ? 1 : 0;
    inp.ps[i] = g.ps;
    nPresent++;
    if (haploid) nHaploid++;
  }
  inp.hemizygous = nPresent > 0 && nHaploid === nPresent;
  return inp;
}
