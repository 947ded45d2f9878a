import { orientations } from './haplotypes.js';
import { presentView, type GeneModel } from './matcher.js';
import { compareAlleleNames, diplotypeName } from './names.js';
import type { GeneInput } from './sample-input.js';

/** Above this many heterozygous blocks the research mode gives up (2^(k-1) strand pairs). */
const MAX_COMBINATION_BLOCKS = 10;

/**
 * Research mode for samples no diplotype explains: each strand is named by the
 * non-overlapping named alleles it fully carries (largest first) plus the leftover
 * variants as partials, e.g. "[*6 + *14]" or "[*2 + g.94781859G>A]". Alleles that are
 * themselves combinations ("*80+*28") are not used. Results are unscored; fewer parts first.
 */
export function combinationCalls(model: GeneModel, inp: GeneInput): string[] {
  const o = orientations(inp);
  if (o === null || o.nBlocks > MAX_COMBINATION_BLOCKS) return [];
  const view = presentView(model, inp.present);
  const refName = model.alleles.find((a) => a.reference)?.name ?? 'Reference';
  const usable = view.alleles.filter((a) => !a.allele.reference && !a.allele.name.includes('+') && a.defining.length > 0).sort((a, b) => b.defining.length - a.defining.length || compareAlleleNames(a.allele.name, b.allele.name));
  const parts = new Map<string, number>();
  const strand = (h: Int32Array, nonRef: number[]): { name: string; n: number } => {
    if (nonRef.length === 0) return { name: refName, n: 0 };
    const left = new Set(nonRef);
    const names: string[] = [];
    for (const a of usable) {
      if (!a.defining.every((i) => left.has(i) && (a.allele.masks[i]! & (1 << h[i]!)) !== 0)) continue;
      names.push(a.allele.name);
      for (const i of a.defining) left.delete(i);
    }
    const partials = [...left].sort((x, y) => x - y).map((i) => partialName(model, i, h[i]!));
    const all = [...names.sort(compareAlleleNames), ...partials];
    return { name: all.length === 1 && partials.length === 0 ? all[0]! : `[${all.join(' + ')}]`, n: all.length };
  };
  for (const p of o.pairs) {
    const a = strand(p.h1, p.nonRef1);
    const b = strand(p.h2, p.nonRef2);
    const d = diplotypeName(a.name, b.name);
    const n = a.n + b.n;
    if (!parts.has(d) || parts.get(d)! > n) parts.set(d, n);
  }
  return [...parts.entries()].sort((x, y) => x[1] - y[1] || compareAlleleNames(x[0], y[0])).map(([d]) => d);
}

function partialName(model: GeneModel, i: number, code: number): string {
  const v = model.def.variants[i]!;
  const alt = [v.ref, ...v.alts][code] ?? '?';
  return v.ref.length === 1 && alt.length === 1 ? `g.${v.pos}${v.ref}>${alt}` : `g.${v.pos}${v.ref}>${alt}`;
}
