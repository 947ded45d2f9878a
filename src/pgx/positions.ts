import { contigKey } from '../vcf/index.js';
import type { GeneDefinition } from './data.js';

/**
 * One position the caller reads: a definition variant of a gene (or an extra, reported-only
 * position such as CYP2C9 rs12777823). `alleles[0]` is the definition's REF.
 */
export interface PgxSlot {
  readonly index: number;
  readonly gene: string;
  /** index into the gene's variants, or -1 for an extra position */
  readonly variant: number;
  readonly chrom: string;
  readonly chromKey: string;
  readonly pos: number;
  readonly rsid: string | null;
  readonly ref: string;
  readonly alleles: string[];
  /** last reference base covered by the definition's REF */
  readonly end: number;
  /** alleles seen in the input that the definition does not know, shared by all samples */
  readonly undocumented: string[];
}

/** Sorted per-contig lists of slots for overlap queries. */
export class SlotIndex {
  readonly slots: PgxSlot[] = [];
  private readonly byContig = new Map<string, PgxSlot[]>();
  private readonly byGene = new Map<string, PgxSlot[]>();
  private maxSpan = 1;

  constructor(genes: GeneDefinition[]) {
    for (const g of genes) {
      const list: PgxSlot[] = [];
      g.variants.forEach((v, i) => list.push(this.add(g.gene, i, g.chromosome, v.pos, v.rsid, v.ref, v.alts)));
      for (const x of g.extraPositions) list.push(this.add(g.gene, -1, g.chromosome, x.pos, x.rsid, x.ref, x.alts));
      this.byGene.set(g.gene, list);
    }
    for (const arr of this.byContig.values()) arr.sort((a, b) => a.pos - b.pos);
  }

  private add(gene: string, variant: number, chrom: string, pos: number, rsid: string | null, ref: string, alts: string[]): PgxSlot {
    const slot: PgxSlot = { index: this.slots.length, gene, variant, chrom, chromKey: contigKey(chrom), pos, rsid, ref, alleles: [ref, ...alts], end: pos + ref.length - 1, undocumented: [] };
    this.slots.push(slot);
    let arr = this.byContig.get(slot.chromKey);
    if (!arr) this.byContig.set(slot.chromKey, (arr = []));
    arr.push(slot);
    this.maxSpan = Math.max(this.maxSpan, ref.length);
    return slot;
  }

  geneSlots(gene: string): PgxSlot[] {
    return this.byGene.get(gene) ?? [];
  }

  contig(chromKey: string): PgxSlot[] | undefined {
    return this.byContig.get(chromKey);
  }

  /** Slots whose definition span overlaps [start, end] on a contig's sorted list. */
  overlapping(list: PgxSlot[], start: number, end: number): PgxSlot[] {
    let lo = 0;
    let hi = list.length;
    const from = start - this.maxSpan;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.pos < from) lo = mid + 1;
      else hi = mid;
    }
    const out: PgxSlot[] = [];
    for (let i = lo; i < list.length; i++) {
      const s = list[i]!;
      if (s.pos > end) break;
      if (s.end >= start) out.push(s);
    }
    return out;
  }

  /** Gene regions (min..max span of their slots), for tabix queries. */
  regions(pad = 0): { chrom: string; start: number; end: number }[] {
    const out: { chrom: string; start: number; end: number }[] = [];
    for (const list of this.byGene.values()) {
      if (list.length === 0) continue;
      const start = Math.min(...list.map((s) => s.pos));
      const end = Math.max(...list.map((s) => s.end));
      out.push({ chrom: list[0]!.chrom, start: Math.max(1, start - pad), end: end + pad });
    }
    return out;
  }
}
