import { MATCH_TYPES, type MatchDecision, type MatchType, type ScoreRow, type TargetAllele } from './types.js';

/**
 * Positional matching after pgsc_calc (pgscatalog.match `match.py`, `label.py`): a row
 * is compared with every ALT of every target record at its chromosome and position; the
 * best candidate is the one of lowest priority in MATCH_TYPES (ties keep the first and are
 * flagged); strand-ambiguous sites (complement(REF) = ALT) are excluded unless asked;
 * several rows of one score best-matching one target variant are all excluded (or the
 * first row is kept). Pure: no I/O, no genotypes.
 */
export interface MatchOptions {
  keepAmbiguous: boolean;
  keepFirstMatch: boolean;
  /** exclude matches on records with several ALTs, as pgsc_calc does without --keep_multiallelic */
  excludeMultiallelic?: boolean;
}

const COMPLEMENT: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A' };

/** Per-base complement of an ACGT string, without reversal, as pgsc_calc flips alleles. */
export function complement(allele: string): string {
  let out = '';
  for (const c of allele) out += COMPLEMENT[c] ?? c;
  return out;
}

/** `s.toUpperCase()`, without a new string when there is no lower case (alleles almost never have any). */
export function upperAllele(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

/** A/T or C/G: the two alleles of a SNP are each other's complement. */
export function isAmbiguous(ref: string, alt: string): boolean {
  if (ref.length === 1 && alt.length === 1) return COMPLEMENT[ref] === alt || (COMPLEMENT[ref] === undefined && ref === alt);
  return complement(ref) === alt;
}

interface Candidate {
  type: MatchType;
  priority: number;
  target: TargetAllele;
  effectIndex: number;
}

/**
 * The best candidate of one row against one target allele (the first type in priority
 * order that applies), or null. Complements are built only when no same-strand type applies.
 */
export function bestCandidate(row: ScoreRow, t: TargetAllele): Candidate | null {
  const ea = row.effectAllele;
  const oa = row.otherAllele;
  if (oa !== null) {
    if (ea === t.ref && oa === t.alt) return { type: 'refalt', priority: 0, target: t, effectIndex: 0 };
    if (ea === t.alt && oa === t.ref) return { type: 'altref', priority: 1, target: t, effectIndex: t.altIndex };
    const fe = complement(ea);
    const fo = complement(oa);
    if (fe === t.ref && fo === t.alt) return { type: 'refalt_flip', priority: 2, target: t, effectIndex: 0 };
    if (fe === t.alt && fo === t.ref) return { type: 'altref_flip', priority: 3, target: t, effectIndex: t.altIndex };
    return null;
  }
  if (ea === t.ref) return { type: 'no_oa_ref', priority: 4, target: t, effectIndex: 0 };
  if (ea === t.alt) return { type: 'no_oa_alt', priority: 5, target: t, effectIndex: t.altIndex };
  const fe = complement(ea);
  if (fe === t.ref) return { type: 'no_oa_ref_flip', priority: 6, target: t, effectIndex: 0 };
  if (fe === t.alt) return { type: 'no_oa_alt_flip', priority: 7, target: t, effectIndex: t.altIndex };
  return null;
}

/** All candidates of one row against one target allele, best first. */
export function candidateTypes(row: ScoreRow, t: TargetAllele): Candidate[] {
  const ea = row.effectAllele;
  const oa = row.otherAllele;
  const out: Candidate[] = [];
  const add = (type: MatchType, effectIndex: number): void => {
    out.push({ type, priority: MATCH_TYPES.indexOf(type), target: t, effectIndex });
  };
  if (oa !== null) {
    if (ea === t.ref && oa === t.alt) add('refalt', 0);
    if (ea === t.alt && oa === t.ref) add('altref', t.altIndex);
    const fe = complement(ea);
    const fo = complement(oa);
    if (fe === t.ref && fo === t.alt) add('refalt_flip', 0);
    if (fe === t.alt && fo === t.ref) add('altref_flip', t.altIndex);
  } else {
    if (ea === t.ref) add('no_oa_ref', 0);
    if (ea === t.alt) add('no_oa_alt', t.altIndex);
    const fe = complement(ea);
    if (fe === t.ref) add('no_oa_ref_flip', 0);
    if (fe === t.alt) add('no_oa_alt_flip', t.altIndex);
  }
  return out;
}

/** Target variant id as pgsc_calc builds it (`@:#:$r:$a`). */
export function targetId(chrom: string, pos: number, t: TargetAllele): string {
  return `${chrom}:${pos}:${t.ref}:${t.alt}`;
}

export function unmatchedDecision(row: ScoreRow, reason: MatchDecision['reason']): MatchDecision {
  return { row, status: 'unmatched', reason, matchType: null, target: null, effectIndex: -1, flipped: false, ambiguous: false, duplicateBestMatch: false };
}

/**
 * Decides every row at one position. `rows` are all scoring rows (any score) at the
 * position, `targets` every ALT of every record there, in file order.
 */
export function matchPosition(rows: readonly ScoreRow[], targets: readonly TargetAllele[], options: MatchOptions): MatchDecision[] {
  const decisions: MatchDecision[] = [];
  for (const row of rows) {
    if (row.unusable !== null) {
      decisions.push(unmatchedDecision(row, row.unusable));
      continue;
    }
    let best: Candidate | null = null;
    let tie = false;
    // a target's own lesser candidates can never tie with the overall best, so per-target bests suffice
    for (const t of targets) {
      const c = bestCandidate(row, t);
      if (c === null) continue;
      if (best === null || c.priority < best.priority) {
        best = c;
        tie = false;
      } else if (c.priority === best.priority) {
        tie = true;
      }
    }
    if (best === null) {
      decisions.push(unmatchedDecision(row, 'allele_mismatch'));
      continue;
    }
    const ambiguous = isAmbiguous(best.target.ref, best.target.alt);
    const excluded = ambiguous && !options.keepAmbiguous;
    const multiallelic = best.target.multiallelic && options.excludeMultiallelic === true;
    decisions.push({
      row,
      status: excluded || multiallelic ? 'excluded' : 'matched',
      reason: excluded ? 'ambiguous' : multiallelic ? 'multiallelic' : 'ok',
      matchType: best.type,
      target: best.target,
      effectIndex: best.effectIndex,
      flipped: best.type.endsWith('_flip'),
      ambiguous,
      duplicateBestMatch: tie,
    });
  }
  excludeDuplicateIds(decisions, options.keepFirstMatch);
  return decisions;
}

/** Whether two matched rows belong to one score (rare: rows at a position are usually from different scores). */
function sharesScore(decisions: MatchDecision[]): boolean {
  for (let i = 0; i < decisions.length; i++) {
    const a = decisions[i]!;
    if (a.target === null) continue;
    for (let j = i + 1; j < decisions.length; j++) {
      const b = decisions[j]!;
      if (b.target !== null && b.row.score === a.row.score) return true;
    }
  }
  return false;
}

/** Rows of one score that best-match the same target allele: pgsc_calc's duplicate_ID. */
function excludeDuplicateIds(decisions: MatchDecision[], keepFirst: boolean): void {
  if (decisions.length < 2) return;
  if (!sharesScore(decisions)) return;
  const groups = new Map<string, MatchDecision[]>();
  for (const d of decisions) {
    if (d.target === null) continue;
    const key = `${d.row.score}\t${d.target.record}\t${d.target.altIndex}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [d]);
    else g.push(d);
  }
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    let first = g[0]!;
    for (const d of g) if (d.row.rowNr < first.row.rowNr) first = d;
    for (const d of g) {
      if (keepFirst && d === first) continue;
      d.status = 'excluded';
      d.reason = 'duplicate_id';
    }
  }
}
