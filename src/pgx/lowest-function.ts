import { orientations } from './haplotypes.js';
import { presentView, type GeneModel, type PresentView } from './matcher.js';
import { compareAlleleNames } from './names.js';
import type { GeneInput } from './sample-input.js';

/** Genes called variant by variant, where the lowest-function alleles set the phenotype. */
export const LOWEST_FUNCTION_GENES = new Set(['DPYD', 'RYR1']);

export interface LowestFunctionCall {
  called: boolean;
  reason?: string;
  effectivelyPhased: boolean;
  /** phased: one diplotype "[a + b]/Reference"; unphased: none */
  diplotype: string | null;
  /** the alleles found on each strand (phased) */
  strands: [string[], string[]] | null;
  /** every allele found, twice when homozygous (the unphased listing) */
  found: string[];
}

/**
 * DPYD/RYR1: the named alleles found in the sample are listed rather than paired. With
 * known strands each strand lists its alleles ("[a + b]", or the reference name when
 * none); otherwise the alleles are listed and the phenotype is taken from the two
 * lowest-function ones.
 */
export function callLowestFunction(model: GeneModel, inp: GeneInput): LowestFunctionCall {
  let nPresent = 0;
  for (let i = 0; i < inp.n; i++) nPresent += inp.present[i]!;
  const refName = model.alleles.find((a) => a.reference)?.name ?? 'Reference';
  if (nPresent === 0) return { called: false, reason: 'no-data: none of the gene positions is in the input', effectivelyPhased: false, diplotype: null, strands: null, found: [] };
  const view = presentView(model, inp.present);
  const o = orientations(inp);
  const phased = o !== null && o.effectivelyPhased;
  if (phased && o) {
    const p = o.pairs[0]!;
    const s1 = allelesOn(view, p.h1, p.nonRef1);
    const s2 = allelesOn(view, p.h2, p.nonRef2);
    if (s1 === null || s2 === null) return { called: false, reason: 'no-match: a non-reference position is not part of any allele', effectivelyPhased: true, diplotype: null, strands: null, found: [] };
    const n1 = strandName(s1, refName);
    const n2 = strandName(s2, refName);
    const diplotype = compareAlleleNames(n1, n2) <= 0 ? `${n1}/${n2}` : `${n2}/${n1}`;
    return { called: true, effectivelyPhased: true, diplotype, strands: [s1, s2], found: [...s1, ...s2].sort(compareAlleleNames) };
  }
  // Unphased: an allele is present when every defining position carries its allele on
  // either chromosome; homozygous when on both.
  const found: string[] = [];
  const index = byFirstPosition(view);
  const candidates: PresentView['alleles'] = [];
  for (let i = 0; i < inp.n; i++) if (inp.present[i] && (inp.a[i] !== 0 || inp.b[i] !== 0)) candidates.push(...(index.get(i) ?? []));
  for (const { allele, defining } of candidates) {
    let onA = true;
    let onB = true;
    let onEither = true;
    for (const i of defining) {
      const ma = (allele.masks[i]! & (1 << inp.a[i]!)) !== 0 && inp.a[i]! >= 0;
      const mb = (allele.masks[i]! & (1 << inp.b[i]!)) !== 0 && inp.b[i]! >= 0;
      onA &&= ma;
      onB &&= mb;
      onEither &&= ma || mb;
    }
    if (!onEither) continue;
    found.push(allele.name);
    if (onA && onB) found.push(allele.name);
  }
  const pruned = pruneSubsumed(view, found);
  return { called: true, effectivelyPhased: false, diplotype: null, strands: null, found: pruned.sort(compareAlleleNames) };
}

/** Non-reference alleles lying on one strand; null when a variant is left unexplained. */
function allelesOn(view: PresentView, h: Int32Array, nonRef: number[]): string[] | null {
  const hits: string[] = [];
  const covered = new Set<number>();
  if (nonRef.length === 0) return hits;
  const index = byFirstPosition(view);
  // an allele on this strand has all its defining positions non-reference here
  for (const { allele, defining } of nonRef.flatMap((i) => index.get(i) ?? [])) {
    if (defining.every((i) => h[i]! > 0 && (allele.masks[i]! & (1 << h[i]!)) !== 0)) {
      hits.push(allele.name);
      for (const i of defining) covered.add(i);
    }
  }
  // A non-reference position no allele explains (e.g. the DPYD HapB3 exonic tag c.1236G>A
  // without the causal intronic c.1129-5923C>G) does not name an allele by itself.
  // These are reported among the sample's non-reference positions, not as alleles.
  return pruneSubsumed(view, hits);
}

/** Drops an allele whose defining positions are a strict subset of another found allele's. */
const definingCache = new WeakMap<PresentView, Map<string, number[]>>();
const sizeCache = new WeakMap<PresentView, Map<string, number>>();
const byPositionCache = new WeakMap<PresentView, Map<number, PresentView['alleles']>>();

/** Non-reference alleles of a view indexed by their first defining position. */
function byFirstPosition(view: PresentView): Map<number, PresentView['alleles']> {
  let m = byPositionCache.get(view);
  if (!m) {
    m = new Map();
    for (const e of view.alleles) {
      if (e.allele.reference || e.defining.length === 0) continue;
      const k = e.defining[0]!;
      let list = m.get(k);
      if (!list) m.set(k, (list = []));
      list.push(e);
    }
    byPositionCache.set(view, m);
  }
  return m;
}

function pruneSubsumed(view: PresentView, names: string[]): string[] {
  if (names.length < 2) return names;
  let def = definingCache.get(view);
  if (!def) definingCache.set(view, (def = new Map(view.alleles.map((a) => [a.allele.name, a.defining]))));
  let size = sizeCache.get(view);
  if (!size) sizeCache.set(view, (size = new Map(view.alleles.map((a) => [a.allele.name, a.allele.explicit.reduce((n, x) => n + x, 0)]))));
  const uniq = [...new Set(names)];
  const drop = new Set<string>();
  for (const x of uniq) {
    const dx = def.get(x)!;
    for (const y of uniq) {
      if (x === y) continue;
      const dy = def.get(y)!;
      if (dy.length > dx.length && dx.every((i) => dy.includes(i))) drop.add(x);
      // same positions left (the rest missing): keep the allele with the fuller definition
      else if (dy.length === dx.length && dx.every((i) => dy.includes(i)) && (size.get(y) ?? 0) > (size.get(x) ?? 0)) drop.add(x);
    }
  }
  return names.filter((n) => !drop.has(n));
}

function strandName(alleles: string[], refName: string): string {
  if (alleles.length === 0) return refName;
  if (alleles.length === 1) return alleles[0]!;
  return `[${[...alleles].sort(compareAlleleNames).join(' + ')}]`;
}
