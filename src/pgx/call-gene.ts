import { matchDiplotypes, type MatchOptions, type MatchResult } from './caller.js';
import { combinationCalls } from './combinations.js';
import type { GeneDefinition } from './data.js';
import type { GeneExplanation, GeneReport, MissingPosition, PositionGenotype } from './gene-report.js';
import { callLowestFunction, LOWEST_FUNCTION_GENES } from './lowest-function.js';
import type { GeneModel } from './matcher.js';
import { lowestTwo, phenotypeOf, type PhenotypeTables } from './phenotype.js';
import type { PgxSlot } from './positions.js';
import { alleleText } from './representation.js';
import type { GeneInput } from './sample-input.js';

export interface GeneCallOptions extends MatchOptions {
  /** evaluate at most this many missing positions for "could change the call" */
  maxMissingChecks: number;
  /** list every position used with its genotype, not only the non-reference ones */
  listAllPositions?: boolean;
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

const slotMaps = new WeakMap<PgxSlot[], Map<number, PgxSlot>>();
function slotsByVariant(slots: PgxSlot[]): Map<number, PgxSlot> {
  let m = slotMaps.get(slots);
  if (!m) slotMaps.set(slots, (m = new Map(slots.filter((s) => s.variant >= 0).map((s) => [s.variant, s]))));
  return m;
}

/** Calls one gene for one sample from its cleaned genotypes, with phenotypes and explanation. */
export function callGene(model: GeneModel, slots: PgxSlot[], inp: GeneInput, opts: GeneCallOptions): GeneReport {
  const def = model.def;
  const tables = def.phenotypes as PhenotypeTables;
  const bySlot = slotsByVariant(slots);
  const positions: PositionGenotype[] = [];
  let used = 0;
  for (let i = 0; i < inp.n; i++) {
    if (!inp.present[i]) continue;
    used++;
    if (inp.a[i] === 0 && inp.b[i] === 0 && !opts.listAllPositions) continue;
    const s = bySlot.get(i)!;
    const sep = inp.phased[i] ? '|' : '/';
    positions.push({ position: s.pos, rsid: s.rsid, genotype: inp.hemizygous ? alleleText(s, inp.a[i]!) : `${alleleText(s, inp.a[i]!)}${sep}${alleleText(s, inp.b[i]!)}` });
  }
  let inputPhased = used > 0;
  for (let i = 0; i < inp.n; i++) if (inp.present[i] && !inp.phased[i]) inputPhased = false;
  const notes: string[] = [];
  if (inp.inferredReference.length > 0) notes.push(`${inp.inferredReference.length} absent position(s) read as reference (--absent-as-ref)`);
  if (inp.partialCalls.length > 0) notes.push(`partial genotype calls (one allele missing) at ${inp.partialCalls.map((i) => def.variants[i]!.pos).join(', ')}`);
  for (const u of inp.undocumented) notes.push(`undocumented allele ${u.allele} at ${def.variants[u.variant]!.pos}${inp.a[u.variant]! < 1000 && inp.b[u.variant]! < 1000 ? ' read as reference' : ''}`);
  const missingPositions = inp.missing.map((i) => def.variants[i]!.pos);
  const amp1 = missingPositions.filter((p) => def.amp1Positions.includes(p));
  if (amp1.length > 0) notes.push(`AMP tier-1 position(s) missing: ${amp1.join(', ')}`);
  const explanation: GeneExplanation = { positionsDefined: def.variants.length, positionsUsed: used, positions, missing: [], candidates: [], runnerUp: null, why: '', notes };
  const base = { gene: def.gene, callSource: 'vcf' as const, phased: inputPhased, missingPositions, explanation };

  if (LOWEST_FUNCTION_GENES.has(def.gene)) {
    const lf = callLowestFunction(model, inp);
    const refName = def.alleles.find((a) => a.reference)?.name ?? 'Reference';
    // any allele defined at a missing position would be listed if present there
    explanation.missing = describeMissing(def, inp, null).map((mp) => (mp.alleles.length > 0 ? { ...mp, couldChangeCall: true, alternatives: mp.alleles.map((a) => `+ ${a}`) } : mp));
    if (!lf.called) {
      explanation.why = lf.reason ?? 'not called';
      return { ...base, called: false, effectivelyPhased: lf.effectivelyPhased, diplotypes: [], recommendationDiplotypes: [], phenotypes: [], activityScore: null, lookupKeys: { CPIC: [], DPWG: [] }, status: 'not-called', reason: lf.reason };
    }
    const rec = lf.strands ? [lowestTwo(tables, lf.strands[0], refName)[0], lowestTwo(tables, lf.strands[1], refName)[0]] : lowestTwo(tables, lf.found, refName);
    const ph = phenotypeOf(tables, rec);
    explanation.why = lf.strands
      ? 'strands known: each strand lists the alleles found on it; the phenotype uses the lowest-function allele of each strand'
      : `no phase: ${lf.found.length} allele(s) found; the phenotype uses the two lowest-function alleles (${rec.join(', ')})`;
    return {
      ...base,
      called: true,
      effectivelyPhased: lf.effectivelyPhased,
      diplotypes: lf.diplotype ? [lf.diplotype] : [],
      recommendationDiplotypes: [rec],
      ...(lf.diplotype ? {} : { haplotypes: lf.found }),
      phenotypes: ph.phenotype ? [ph.phenotype] : [],
      activityScore: ph.activityScore,
      lookupKeys: { CPIC: ph.lookupKeys.CPIC ? [ph.lookupKeys.CPIC] : [], DPWG: ph.lookupKeys.DPWG ? [ph.lookupKeys.DPWG] : [] },
      status: missingPositions.length > 0 ? 'partial' : 'unique',
    };
  }

  let m = matchDiplotypes(model, inp, opts);
  let combos: string[] = [];
  if (!m.called && opts.combinations && !inp.undocumented.some((u) => inp.a[u.variant]! >= 1000 || inp.b[u.variant]! >= 1000)) combos = combinationCalls(model, inp);
  let fallback: string[] | null = null;
  if (!m.called && def.gene === 'SLCO1B1') fallback = slco1b1Fallback(def, inp);
  explanation.candidates = m.candidates.slice(0, opts.allMatches ? undefined : 10).map((c) => ({ diplotype: c.name, score: c.score }));
  const top = m.candidates[0];
  const runner = top ? m.candidates.find((c) => c.score < top.score) ?? null : null;
  explanation.runnerUp = runner ? { diplotype: runner.name, score: runner.score } : null;
  explanation.missing = describeMissing(def, inp, m.called ? { model, opts, top: m.diplotypes.map((d) => d.name) } : null);
  explanation.why = whyText(m, runner?.score ?? null);

  const recDips: string[][] = m.called ? m.diplotypes.map((d) => (m.hemizygous ? [d.alleles[0]] : [...d.alleles])) : fallback ? [fallback] : [];
  const phs = recDips.map((d) => phenotypeOf(tables, d));
  if (fallback) {
    explanation.why = `no diplotype matched; recommendation from rs4149056 (c.521T>C) alone as ${fallback.join('/')}`;
    m = { ...m, status: 'partial' };
  }
  let status = m.status;
  if (m.called && status === 'unique' && missingPositions.length > 0) status = 'partial';
  if (combos.length > 0) {
    explanation.why = `no diplotype matched; research mode names the strands by the alleles they carry plus leftover variants (${combos.length} arrangement(s), fewest parts first)`;
    return {
      ...base,
      called: true,
      effectivelyPhased: m.effectivelyPhased,
      diplotypes: combos,
      recommendationDiplotypes: [],
      phenotypes: [],
      activityScore: null,
      lookupKeys: { CPIC: [], DPWG: [] },
      status: 'partial',
      reason: 'combination: research-mode call, not used for recommendations',
    };
  }
  return {
    ...base,
    called: m.called,
    effectivelyPhased: m.effectivelyPhased,
    diplotypes: m.diplotypes.map((d) => (m.hemizygous ? d.alleles[0] : d.name)),
    recommendationDiplotypes: recDips,
    phenotypes: uniq(phs.map((p) => p.phenotype).filter((x): x is string => x !== null)),
    activityScore: uniq(phs.map((p) => p.activityScore).filter((x): x is string => x !== null)).join(' or ') || null,
    lookupKeys: {
      CPIC: uniq(phs.map((p) => p.lookupKeys.CPIC).filter((x): x is string => x !== null)),
      DPWG: uniq(phs.map((p) => p.lookupKeys.DPWG).filter((x): x is string => x !== null)),
    },
    status,
    ...(m.called ? {} : { reason: m.reason }),
  };
}

function whyText(m: MatchResult, runnerScore: number | null): string {
  if (!m.called) return m.reason ?? 'not called';
  const top = m.candidates[0]!;
  if (m.status === 'priority-picked') return `unphased genotypes fit several diplotypes; the population-frequency priority rule ${m.priorityRule} picked ${m.diplotypes[0]!.name}`;
  const n = m.candidates.filter((c) => c.score === top.score).length;
  const lead = n > 1 ? `${n} diplotypes tie at score ${top.score} (the data cannot tell them apart${m.effectivelyPhased ? '' : ' without phase'})` : `${top.name} scores ${top.score} (defined positions matched)`;
  return runnerScore === null ? `${lead}; no other diplotype fits` : `${lead}; the next candidate scores ${runnerScore}, so it explains fewer defined positions`;
}

/** SLCO1B1 without a star call: PharmCAT falls back to the rs4149056 genotype. */
function slco1b1Fallback(def: GeneDefinition, inp: GeneInput): string[] | null {
  const i = def.variants.findIndex((v) => v.rsid === 'rs4149056');
  if (i < 0 || !inp.present[i]) return null;
  const n = (inp.a[i]! > 0 ? 1 : 0) + (inp.b[i]! > 0 ? 1 : 0);
  return n === 0 ? ['*1', '*1'] : n === 1 ? ['*1', '*5'] : ['*5', '*5'];
}

/**
 * For each missing position: which alleles it defines, and whether a heterozygous variant
 * there would change the call (recomputed with that genotype filled in).
 */
function describeMissing(def: GeneDefinition, inp: GeneInput, recheck: { model: GeneModel; opts: GeneCallOptions; top: string[] } | null): MissingPosition[] {
  const out: MissingPosition[] = [];
  let checks = 0;
  for (const i of inp.missing) {
    const v = def.variants[i]!;
    const alleles = allelesAt(def, i);
    const mp: MissingPosition = { position: v.pos, rsid: v.rsid, alleles, couldChangeCall: alleles.length === 0 ? false : null };
    if (recheck && alleles.length > 0 && checks < recheck.opts.maxMissingChecks) {
      checks++;
      const alt = new Set<string>();
      for (let k = 1; k <= v.alts.length; k++) {
        const trial = withGenotype(inp, i, k);
        const r = matchDiplotypes(recheck.model, trial, { ...recheck.opts, allMatches: false });
        for (const d of r.diplotypes) alt.add(d.name);
        if (!r.called) alt.add('(not called)');
      }
      const same = alt.size === recheck.top.length && recheck.top.every((d) => alt.has(d));
      mp.couldChangeCall = !same;
      if (!same) {
        mp.alternatives = [...alt];
        const tables = def.phenotypes as PhenotypeTables;
        mp.alternativePhenotypes = mp.alternatives.map((d) => (d.startsWith('(') ? null : phenotypeOf(tables, d.split('/')).phenotype));
      }
    }
    out.push(mp);
  }
  return out;
}

const allelesAtCache = new WeakMap<GeneDefinition, string[][]>();
/** Names of the non-reference alleles defined at each variant of a gene. */
function allelesAt(def: GeneDefinition, i: number): string[] {
  let t = allelesAtCache.get(def);
  if (!t) {
    t = def.variants.map(() => []);
    for (const a of def.alleles) if (!a.reference) a.cells.forEach((c, k) => c !== null && t![k]!.push(a.name));
    allelesAtCache.set(def, t);
  }
  return t[i]!;
}

function withGenotype(inp: GeneInput, i: number, altCode: number): GeneInput {
  const t: GeneInput = { ...inp, a: inp.a.slice(), b: inp.b.slice(), present: inp.present.slice(), phased: inp.phased.slice(), missing: inp.missing.filter((x) => x !== i) };
  t.present[i] = 1;
  t.a[i] = 0;
  t.b[i] = altCode;
  t.phased[i] = 0;
  return t;
}
