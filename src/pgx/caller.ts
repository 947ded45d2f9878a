import { hetBlocks, pairByAllele } from './pairing.js';
import { matchHaplotype, presentView, type GeneModel, type ScoredDiplotype } from './matcher.js';
import { compareAlleleNames } from './names.js';
import type { GeneInput } from './sample-input.js';

export type CallStatus = 'unique' | 'tied' | 'priority-picked' | 'partial' | 'not-called';

export interface MatchOptions {
  /** keep every candidate instead of the top-scoring ties */
  allMatches: boolean;
  /** research mode: name combinations and partial alleles when nothing matches exactly */
  combinations: boolean;
}

/** The result of the named-allele matcher for one sample and gene. */
export interface MatchResult {
  called: boolean;
  /** ranked diplotypes reported (top ties, or all with allMatches) */
  diplotypes: ScoredDiplotype[];
  /** every candidate, best first (for explanations) */
  candidates: ScoredDiplotype[];
  effectivelyPhased: boolean;
  status: CallStatus;
  reason?: string;
  /** the unphased-priority rule that fired */
  priorityRule?: string;
  /** hemizygous calls name one allele */
  hemizygous: boolean;
}

/** Diplotype call by PharmCAT's named-allele matcher semantics (not for DPYD/RYR1). */
export function matchDiplotypes(model: GeneModel, inp: GeneInput, opts: MatchOptions): MatchResult {
  const notCalled = (reason: string, phased = false): MatchResult => ({ called: false, diplotypes: [], candidates: [], effectivelyPhased: phased, status: 'not-called', reason, hemizygous: inp.hemizygous });
  const def = model.def;
  let nPresent = 0;
  for (let i = 0; i < inp.n; i++) nPresent += inp.present[i]!;
  if (nPresent === 0) return notCalled('no-data: none of the gene positions is in the input');
  const missingRequired = def.requiredPositions.filter((p) => inp.missing.some((i) => def.variants[i]!.pos === p));
  if (missingRequired.length > 0) return notCalled(`missing-required-position: ${missingRequired.join(', ')}`);
  if (inp.undocumented.length > 0 && inp.undocumented.some((u) => inp.a[u.variant]! >= 1000 || inp.b[u.variant]! >= 1000)) {
    const u = inp.undocumented[0]!;
    return notCalled(`undocumented-variant: ${u.allele} at ${def.variants[u.variant]!.pos}`);
  }
  const view = presentView(model, inp.present);
  if (inp.hemizygous) {
    const h = inp.a;
    const nr = nonRefOf(h, inp.present);
    const m = matchHaplotype(view, h, nr).sort((x, y) => y.score - x.score || compareAlleleNames(x.name, y.name));
    const cands = m.map((x) => ({ name: x.name, alleles: [x.name, x.name] as [string, string], score: x.score }));
    return finish(cands, true, opts, def.unphasedPriorities, true);
  }
  const hb = hetBlocks(inp);
  const candidates = pairByAllele(view, inp, hb);
  return finish(candidates, hb.nBlocks <= 1, opts, def.unphasedPriorities, false);
}

function nonRefOf(h: Int32Array, present: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < h.length; i++) if (present[i] && h[i] !== 0) out.push(i);
  return out;
}

function finish(candidates: ScoredDiplotype[], phased: boolean, opts: MatchOptions, priorities: { list: string[]; pick: string }[], hemi: boolean): MatchResult {
  const base = { candidates, effectivelyPhased: phased, hemizygous: hemi };
  if (candidates.length === 0) return { ...base, called: false, diplotypes: [], status: 'not-called', reason: 'no-match: no pair of defined alleles explains the genotypes' };
  if (!phased && candidates.length > 1 && priorities.length > 0) {
    const names = new Set(candidates.map((c) => c.name));
    for (const rule of priorities) {
      if (rule.list.every((d) => names.has(d))) {
        const pick = candidates.find((c) => c.name === rule.pick);
        if (pick) return { ...base, called: true, diplotypes: [pick], status: 'priority-picked', priorityRule: `${rule.list.join(' | ')} -> ${rule.pick}` };
      }
    }
  }
  const top = candidates[0]!.score;
  const diplotypes = opts.allMatches ? candidates : candidates.filter((c) => c.score === top);
  const nTop = candidates.filter((c) => c.score === top).length;
  return { ...base, called: true, diplotypes, status: nTop > 1 ? 'tied' : 'unique' };
}
