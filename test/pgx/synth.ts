import type { GeneDefinition } from '../../src/pgx/data.js';

const IUPAC: Record<string, string> = { R: 'AG', Y: 'CT', S: 'CG', W: 'AT', K: 'GT', M: 'AC', B: 'CGT', D: 'AGT', H: 'ACT', V: 'ACG', N: 'ACGT' };

/** Allele index (into [ref, ...alts]) that a named allele carries at each variant; wobbles take a non-reference base. */
export function alleleCodes(def: GeneDefinition, name: string): number[] {
  const refRow = def.alleles.find((a) => a.reference)!;
  const row = def.alleles.find((a) => a.name === name)!;
  return def.variants.map((v, i) => {
    const cell = row.cells[i] ?? refRow.cells[i] ?? v.ref;
    const codes = [v.ref, ...v.alts];
    const k = codes.indexOf(cell);
    if (k >= 0) return k;
    const bases = IUPAC[cell] ?? '';
    const alt = codes.findIndex((c, j) => j > 0 && bases.includes(c));
    return alt >= 0 ? alt : 0;
  });
}

export interface SynthSample {
  name: string;
  /** per variant: [allele code, allele code] or [code] for haploid */
  gts: number[][];
  phased: boolean;
}

/** A VCF (definition representation, GRCh38 chr names) for one gene and many samples. */
export function geneVcf(def: GeneDefinition, samples: SynthSample[]): string {
  const lines = ['##fileformat=VCFv4.2', `##contig=<ID=${def.chromosome}>`, '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">'];
  lines.push(['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...samples.map((s) => s.name)].join('\t'));
  const order = def.variants.map((v, i) => ({ v, i })).sort((a, b) => a.v.pos - b.v.pos);
  for (const { v, i } of order) {
    const cols = samples.map((s) => s.gts[i]!.join(s.phased ? '|' : '/'));
    lines.push([def.chromosome, v.pos, v.rsid ?? '.', v.ref, v.alts.join(',') || '.', '.', 'PASS', '.', 'GT', ...cols].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Edit {
  gt: string;
  ref?: string;
  alt?: string;
  format?: string;
  /** remove the record */
  drop?: boolean;
}

/**
 * A single-sample VCF with every definition position of the given genes at 0/0 (the
 * definition's REF/ALT), with edits keyed by POS. `chrPrefix: false` writes "7" for "chr7".
 */
export function referenceVcf(defs: GeneDefinition[], edits: Record<number, Edit> = {}, opts: { chrPrefix?: boolean; extraLines?: string[] } = {}): string {
  const lines = ['##fileformat=VCFv4.2', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">'];
  lines.push(['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', 'S1'].join('\t'));
  const recs: string[][] = [];
  for (const def of defs) {
    const chrom = opts.chrPrefix === false ? def.chromosome.replace(/^chr/, '') : def.chromosome;
    for (const v of def.variants) {
      const e = edits[v.pos];
      if (e?.drop) continue;
      recs.push([chrom, String(v.pos), v.rsid ?? '.', e?.ref ?? v.ref, e?.alt ?? (v.alts.join(',') || '.'), '.', 'PASS', '.', e?.format ?? 'GT', e?.gt ?? '0/0']);
    }
  }
  recs.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : Number(a[1]) - Number(b[1])));
  for (const r of recs) lines.push(r.join('\t'));
  for (const l of opts.extraLines ?? []) lines.push(l);
  return `${lines.join('\n')}\n`;
}
