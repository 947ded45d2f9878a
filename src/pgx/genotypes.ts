import { ABSENT, MISSING, type GenotypeBlock } from '../vcf/index.js';
import { HAPLOID, NOT_SEEN, NO_CALL, UNDOCUMENTED_BASE, UNRELATED } from './representation.js';

/** The genotype of one sample at one slot, as read from the input. */
export interface SlotGenotype {
  a: number;
  b: number;
  phased: boolean;
  /** phase-set id (0 = none / one block for the whole record set) */
  ps: number;
}

// Non-reference beats reference beats no-call beats unseen: split multi-allelic records
// carry a sample's ALT in one record and REF placeholders in the others.
const rank = (c: number): number => (c === NOT_SEEN ? 0 : c === NO_CALL ? 1 : c === HAPLOID ? 1 : c === 0 ? 2 : c >= UNDOCUMENTED_BASE ? 3 : 4);

/**
 * Genotypes of every sample at every slot, in flat typed arrays (slot-major). Records
 * are merged into it one by one; memory is slots x samples x 9 bytes.
 */
export class GenotypeStore {
  readonly nSlots: number;
  readonly nSamples: number;
  private readonly a0: Int16Array;
  private readonly a1: Int16Array;
  private readonly phased: Uint8Array;
  private readonly ps: Int32Array;
  private readonly psIds = new Map<string, number>();

  constructor(nSlots: number, nSamples: number) {
    this.nSlots = nSlots;
    this.nSamples = nSamples;
    const n = nSlots * nSamples;
    this.a0 = new Int16Array(n).fill(NOT_SEEN);
    this.a1 = new Int16Array(n).fill(NOT_SEEN);
    this.phased = new Uint8Array(n);
    this.ps = new Int32Array(n);
  }

  /** Interns a PS value; '.' and absent mean "no phase set". */
  phaseSetId(value: string | undefined): number {
    if (value === undefined || value === '.' || value === '') return 0;
    let id = this.psIds.get(value);
    if (id === undefined) {
      id = this.psIds.size + 1;
      this.psIds.set(value, id);
    }
    return id;
  }

  /**
   * Merges one record's genotypes at a slot. `map` turns record allele indices into slot
   * codes; samples whose alleles the record cannot place (UNRELATED) are left alone.
   */
  merge(slot: number, g: GenotypeBlock, map: Int32Array, ps: Int32Array | null, onlyRef = false): void {
    this.bySample = null;
    const n = this.nSamples;
    const base = slot * n;
    for (let i = 0; i < n; i++) {
      if (g.ploidy[i] === 0) {
        this.put(base + i, NO_CALL, NO_CALL, false, 0);
        continue;
      }
      const x = code(g.a0[i]!, map);
      const y = g.a1[i] === ABSENT ? HAPLOID : code(g.a1[i]!, map);
      if (x === UNRELATED || y === UNRELATED) continue;
      if (onlyRef && !(x === 0 && (y === 0 || y === HAPLOID))) continue;
      this.put(base + i, x, y, g.phased[i] === 1, ps ? ps[i]! : 0);
    }
  }

  private put(k: number, x: number, y: number, phased: boolean, ps: number): void {
    const ox = this.a0[k]!;
    const oy = this.a1[k]!;
    if (ox === NOT_SEEN) {
      this.a0[k] = x;
      this.a1[k] = y;
      this.phased[k] = phased ? 1 : 0;
      this.ps[k] = ps;
      return;
    }
    let changed = false;
    if (rank(x) > rank(ox)) {
      this.a0[k] = x;
      changed = true;
    }
    if (y !== HAPLOID && rank(y) > rank(oy)) {
      this.a1[k] = y;
      changed = true;
    }
    if (changed && (x > 0 || y > 0)) {
      this.phased[k] = phased ? 1 : 0;
      this.ps[k] = ps;
    }
  }

  private bySample: { a0: Int16Array; a1: Int16Array; phased: Uint8Array; ps: Int32Array } | null = null;

  /**
   * Switches to sample-major order once reading is done: calling walks one sample's
   * slots at a time, which is sequential memory in this layout.
   */
  freeze(): void {
    if (this.bySample) return;
    const ns = this.nSamples;
    const nl = this.nSlots;
    const a0 = new Int16Array(ns * nl);
    const a1 = new Int16Array(ns * nl);
    const phased = new Uint8Array(ns * nl);
    const ps = new Int32Array(ns * nl);
    for (let slot = 0; slot < nl; slot++) {
      const src = slot * ns;
      for (let s = 0; s < ns; s++) {
        const d = s * nl + slot;
        a0[d] = this.a0[src + s]!;
        a1[d] = this.a1[src + s]!;
        phased[d] = this.phased[src + s]!;
        ps[d] = this.ps[src + s]!;
      }
    }
    this.bySample = { a0, a1, phased, ps };
  }

  /** A key identical for two samples exactly when their genotypes at these slots are. */
  signature(slots: Int32Array, sample: number): string {
    this.freeze();
    const t = this.bySample!;
    const base = sample * this.nSlots;
    let k = '';
    for (let j = 0; j < slots.length; j++) {
      const x = base + slots[j]!;
      const a = t.a0[x]!;
      const b = t.a1[x]!;
      // homozygous-reference entries are implied by their absence from the key
      if (a !== 0 || b !== 0) k += `${j}:${a},${b}${t.phased[x] ? `|${t.ps[x]}` : ''};`;
    }
    return k;
  }

  get(slot: number, sample: number): SlotGenotype {
    if (this.bySample) {
      const t = this.bySample;
      const x = sample * this.nSlots + slot;
      return { a: t.a0[x]!, b: t.a1[x]!, phased: t.phased[x] === 1, ps: t.ps[x]! };
    }
    const k = slot * this.nSamples + sample;
    return { a: this.a0[k]!, b: this.a1[k]!, phased: this.phased[k] === 1, ps: this.ps[k]! };
  }
}

function code(allele: number, map: Int32Array): number {
  if (allele === MISSING) return NO_CALL;
  if (allele < 0 || allele >= map.length) return UNRELATED;
  return map[allele]!;
}
