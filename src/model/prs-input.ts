import { readFileSync } from 'node:fs';
import { ioError, PrecisError } from '../util/errors.js';

/** One variant's share of a sample's score: weight x dosage. */
export interface VariantContribution {
  variant: string;
  contribution: number;
  /** contribution − its expectation at the allele frequency, when the PRS result gives it. */
  deviation?: number;
}

/** The variants a PRS result does not list individually, summed. */
export interface RemainingContribution {
  variants: number;
  contribution: number;
  deviation?: number;
}

/** One sample's value of one polygenic score, as `precis prs -O json` reports it. */
export interface PrsSampleScore {
  sample: string;
  score: string;
  sum: number;
  z: number;
  contributions?: VariantContribution[];
  rest?: RemainingContribution;
  expectedSum?: number;
}

/**
 * Reads the sample x score results out of a `precis prs -O json` document. The reader
 * looks for objects holding numeric `sum` and `z`, taking the sample id and score id from
 * the object or its enclosing objects (`sample`/`id`, `score`/`pgs_id`/`id`/`name`), so
 * both per-sample and per-score layouts work. Per-variant `contributions` are kept when
 * present: either `explanation: {contributions, rest, expectedSum}` (the top variants by
 * deviation plus the remainder) or a flat `contributions` array / object variant → number.
 */
export function readPrsJson(file: string): PrsSampleScore[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) throw new PrecisError('BAD_DATA', `not valid JSON: ${e.message}`, { file });
    throw ioError(e, file);
  }
  return prsScoresFromDocument(doc, file);
}

export function prsScoresFromDocument(doc: unknown, file = '<prs>'): PrsSampleScore[] {
  const out: PrsSampleScore[] = [];
  walk(doc, { sample: undefined, score: undefined }, out, file);
  if (out.length === 0) {
    throw new PrecisError('BAD_DATA', 'no per-sample scores (objects with numeric "sum" and "z") found', { file, hint: 'expected the JSON written by `precis prs -O json`' });
  }
  return out;
}

interface Ctx {
  sample: string | undefined;
  score: string | undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function walk(node: unknown, ctx: Ctx, out: PrsSampleScore[], file: string): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, ctx, out, file);
    return;
  }
  if (!isObj(node)) return;
  const hasSample = str(node.sample) !== undefined;
  const sample = str(node.sample) ?? ctx.sample;
  const scoreHere = str(node.score) ?? str(node.pgs_id) ?? str(node.scoreId) ?? (hasSample ? undefined : str(node.id) ?? str(node.name));
  const score = scoreHere ?? ctx.score;
  if (typeof node.sum === 'number' && hasSample && sample !== undefined) {
    if (typeof node.z !== 'number' || !Number.isFinite(node.z)) {
      throw new PrecisError('BAD_DATA', `score ${score ?? '?'} for sample ${sample} has no z value`, { file, hint: 'run precis prs with a reference distribution so it reports z' });
    }
    const ex = isObj(node.explanation) ? node.explanation : undefined;
    const entry: PrsSampleScore = { sample, score: score ?? 'PRS', sum: node.sum, z: node.z };
    const contributions = parseContributions(ex ? ex.contributions : node.contributions ?? node.variants, file);
    if (contributions) entry.contributions = contributions;
    const rest = ex && isObj(ex.rest) ? ex.rest : undefined;
    if (rest && typeof rest.contribution === 'number') {
      entry.rest = { variants: typeof rest.variants === 'number' ? rest.variants : 0, contribution: rest.contribution };
      if (typeof rest.deviation === 'number') entry.rest.deviation = rest.deviation;
    }
    if (ex && typeof ex.expectedSum === 'number') entry.expectedSum = ex.expectedSum;
    out.push(entry);
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'contributions') continue;
    walk(v, { sample, score }, out, file);
  }
}

function parseContributions(v: unknown, file: string): VariantContribution[] | undefined {
  if (v === undefined || v === null) return undefined;
  const out: VariantContribution[] = [];
  if (Array.isArray(v)) {
    for (const c of v) {
      if (!isObj(c)) continue;
      const id = str(c.variant) ?? str(c.id) ?? str(c.rsid) ?? (c.chrom !== undefined ? `${String(c.chrom)}:${String(c.pos)}:${String(c.effect_allele ?? c.allele ?? '')}` : undefined);
      const val = typeof c.contribution === 'number' ? c.contribution : typeof c.value === 'number' ? c.value : undefined;
      if (id === undefined || val === undefined) throw new PrecisError('BAD_DATA', 'a PRS contribution lacks a variant id or a numeric contribution', { file });
      out.push(typeof c.deviation === 'number' ? { variant: id, contribution: val, deviation: c.deviation } : { variant: id, contribution: val });
    }
  } else if (isObj(v)) {
    for (const [id, val] of Object.entries(v)) if (typeof val === 'number') out.push({ variant: id, contribution: val });
  }
  return out;
}

/** Picks one score per sample: the named one, or the only one present. */
export function selectPrsScore(scores: PrsSampleScore[], scoreId: string | undefined, file: string): Map<string, PrsSampleScore> {
  const ids = [...new Set(scores.map((s) => s.score))];
  let pick = scoreId;
  if (pick === undefined) {
    if (ids.length > 1) throw new PrecisError('USAGE', `${file} holds ${ids.length} scores (${ids.slice(0, 5).join(', ')}); choose one with --prs-score`);
    pick = ids[0];
  } else if (!ids.includes(pick)) {
    throw new PrecisError('USAGE', `score "${pick}" is not in ${file} (it has ${ids.slice(0, 5).join(', ')})`);
  }
  const out = new Map<string, PrsSampleScore>();
  for (const s of scores) if (s.score === pick) out.set(s.sample, s);
  return out;
}
