import type { GeneDefinition } from './data.js';
import { compareAlleleNames, diplotypeName } from './names.js';

const IUPAC: Record<string, string> = {
  R: 'AG', Y: 'CT', S: 'CG', W: 'AT', K: 'GT', M: 'AC', B: 'CGT', D: 'AGT', H: 'ACT', V: 'ACG', N: 'ACGT',
};

/** A named allele compiled against a gene's position list. */
interface CompiledAllele {
  name: string;
  reference: boolean;
  /** allowed slot-allele codes per variant, as a bitmask (blank cells take the reference row's) */
  masks: Int32Array;
  /** variants where the allele is not plain reference, in order */
  defining: number[];
  /** whether each variant's cell is explicitly set (counts toward the score) */
  explicit: Uint8Array;
  wobble: Uint8Array;
}

export interface GeneModel {
  def: GeneDefinition;
  alleles: CompiledAllele[];
  ignored: Uint8Array;
  nVariants: number;
}

/** Compiles a gene's definition table into bitmask form. */
export function compileGene(def: GeneDefinition): GeneModel {
  const n = def.variants.length;
  const refRow = def.alleles.find((a) => a.reference) ?? def.alleles[0]!;
  const ignoredAlleles = new Set(def.ignoredAlleles.map((x) => x.toLowerCase()));
  const ignored = new Uint8Array(n);
  def.variants.forEach((v, i) => {
    if (def.ignoredPositions.some((x) => x.pos === v.pos && x.ref === v.ref)) ignored[i] = 1;
  });
  const codes = def.variants.map((v) => [v.ref, ...v.alts]);
  const maskOf = (i: number, cell: string): { mask: number; wobble: boolean } => {
    const all = codes[i]!;
    const exact = all.indexOf(cell);
    if (exact >= 0) return { mask: 1 << exact, wobble: false };
    const bases = cell.length === 1 ? IUPAC[cell] : undefined;
    if (bases === undefined) return { mask: 0, wobble: false };
    let mask = 0;
    all.forEach((c, k) => {
      if (c.length === 1 && bases.includes(c)) mask |= 1 << k;
    });
    return { mask, wobble: true };
  };
  // a blank cell takes the reference row's value: compile that row once
  const refMasks = new Int32Array(n);
  const refWobble = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const m = maskOf(i, refRow.cells[i] ?? def.variants[i]!.ref);
    refMasks[i] = m.mask;
    refWobble[i] = m.wobble ? 1 : 0;
  }
  const alleles: CompiledAllele[] = [];
  for (const a of def.alleles) {
    if (ignoredAlleles.has(a.name.toLowerCase())) continue;
    const isRef = a === refRow;
    const masks = refMasks.slice();
    const wobble = refWobble.slice();
    const explicit = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const own = a.cells[i];
      if (own === null || own === undefined) {
        if (isRef) explicit[i] = 1;
        continue;
      }
      const m = maskOf(i, own);
      masks[i] = m.mask;
      wobble[i] = m.wobble ? 1 : 0;
      explicit[i] = 1;
    }
    const defining: number[] = [];
    for (let i = 0; i < n; i++) if (masks[i] !== 1) defining.push(i);
    alleles.push({ name: a.name, reference: isRef, masks, defining, explicit, wobble });
  }
  return { def, alleles, ignored, nVariants: n };
}

/** The alleles usable for one sample: definitions restricted to the positions it has. */
export interface PresentView {
  model: GeneModel;
  present: Uint8Array;
  alleles: { allele: CompiledAllele; score: number; defining: number[] }[];
}

const viewCache = new WeakMap<GeneModel, Map<string, PresentView>>();

/**
 * Removes missing positions from every definition (PharmCAT's rule: a position absent
 * from the input is never assumed reference), drops alleles left without a defining cell
 * and rescores. Cached per presence pattern: a cohort shares few patterns.
 */
export function presentView(model: GeneModel, present: Uint8Array): PresentView {
  let cache = viewCache.get(model);
  if (!cache) viewCache.set(model, (cache = new Map()));
  // key: the absent variants (usually none or few)
  let key = '';
  for (let i = 0; i < present.length; i++) if (!present[i]) key += `${i},`;
  const hit = cache.get(key);
  if (hit) return hit;
  const alleles: PresentView['alleles'] = [];
  for (const a of model.alleles) {
    let score = 0;
    for (let i = 0; i < model.nVariants; i++) if (present[i] && a.explicit[i]) score++;
    if (score === 0) continue;
    alleles.push({ allele: a, score, defining: a.defining.filter((i) => present[i] === 1) });
  }
  const view: PresentView = { model, present: present.slice(), alleles };
  if (cache.size < 4096) cache.set(key, view);
  return view;
}

export interface HaplotypeMatch {
  name: string;
  score: number;
  reference: boolean;
}

/**
 * Alleles matching one haplotype (a slot code per variant; only present variants are
 * read). A wobble cell that the haplotype meets with the reference base does not score.
 */
export function matchHaplotype(view: PresentView, hap: Int32Array, nonRef: number[]): HaplotypeMatch[] {
  const out: HaplotypeMatch[] = [];
  for (const { allele, score, defining } of view.alleles) {
    let ok = true;
    for (const i of nonRef) {
      if ((allele.masks[i]! & bit(hap[i]!)) === 0) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    let s = score;
    for (const i of defining) {
      const b = bit(hap[i]!);
      if ((allele.masks[i]! & b) === 0) {
        ok = false;
        break;
      }
      if (allele.wobble[i] && hap[i] === 0) s--;
    }
    if (ok) out.push({ name: allele.name, score: s, reference: allele.reference });
  }
  return out;
}

const bit = (code: number): number => (code >= 0 && code < 31 ? 1 << code : 0);

export interface ScoredDiplotype {
  name: string;
  alleles: [string, string];
  score: number;
}

/** Every diplotype formed by pairing the alleles of complementary haplotypes, best first. */
export function pairDiplotypes(pairs: [HaplotypeMatch[], HaplotypeMatch[]][]): ScoredDiplotype[] {
  const best = new Map<string, ScoredDiplotype>();
  for (const [m1, m2] of pairs) {
    for (const x of m1) {
      for (const y of m2) {
        const name = diplotypeName(x.name, y.name);
        const score = x.score + y.score;
        const prev = best.get(name);
        if (!prev || prev.score < score) {
          const al: [string, string] = compareAlleleNames(x.name, y.name) <= 0 ? [x.name, y.name] : [y.name, x.name];
          best.set(name, { name, alleles: al, score });
        }
      }
    }
  }
  return [...best.values()].sort(compareDiplotypes);
}

export function compareDiplotypes(a: ScoredDiplotype, b: ScoredDiplotype): number {
  if (a.score !== b.score) return b.score - a.score;
  return compareAlleleNames(a.alleles[0], b.alleles[0]) || compareAlleleNames(a.alleles[1], b.alleles[1]);
}
