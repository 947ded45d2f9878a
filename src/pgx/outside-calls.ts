import type { PgxData } from './data.js';
import { readFileSync } from 'node:fs';
import { PrecisError, ioError } from '../util/errors.js';

/** One line of a PharmCAT outside-call file: GENE, DIPLOTYPE, PHENOTYPE, ACTIVITY SCORE. */
export interface OutsideCall {
  gene: string;
  diplotype: string | null;
  phenotype: string | null;
  activityScore: string | null;
  line: number;
}

/**
 * Reads an outside-call TSV (PharmCAT's format). Comment (#) and blank lines are skipped;
 * an unknown gene, a line without a call, a bad column count or two lines for one gene
 * are errors naming the line.
 */
export function readOutsideCalls(path: string, knownGenes: ReadonlySet<string>): Map<string, OutsideCall> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw ioError(e, path);
  }
  return parseOutsideCalls(text, path, knownGenes);
}

export function parseOutsideCalls(text: string, file: string, knownGenes: ReadonlySet<string>): Map<string, OutsideCall> {
  const calls = new Map<string, OutsideCall>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, k) => {
    const line = k + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const cols = raw.split('\t').map((c) => c.trim());
    if (cols.length > 4) throw new PrecisError('BAD_DATA', `expected at most 4 tab-separated columns (gene, diplotype, phenotype, activity score), found ${cols.length}`, { file, line });
    const gene = (cols[0] ?? '').toUpperCase().replace(/^MT_RNR1$/, 'MT-RNR1');
    if (gene === '') throw new PrecisError('BAD_DATA', 'empty gene column', { file, line });
    if (!knownGenes.has(gene)) {
      throw new PrecisError('BAD_DATA', `unknown gene "${cols[0]}" in outside calls`, { file, line, hint: `known genes: ${[...knownGenes].sort().join(', ')}` });
    }
    const diplotype = cols[1] || null;
    const phenotype = cols[2] || null;
    const activityScore = cols[3] || null;
    if (diplotype === null && phenotype === null && activityScore === null) {
      throw new PrecisError('BAD_DATA', `outside call for ${gene} has no diplotype, phenotype or activity score`, { file, line });
    }
    if (diplotype !== null && diplotype.split('/').length > 2) throw new PrecisError('BAD_DATA', `diplotype "${diplotype}" has more than two alleles`, { file, line });
    if (activityScore !== null && !/^[≥>]?\d+(\.\d+)?$/.test(activityScore)) throw new PrecisError('BAD_DATA', `activity score "${activityScore}" is not a number`, { file, line });
    const prev = calls.get(gene);
    if (prev) throw new PrecisError('BAD_DATA', `conflicting outside calls for ${gene} (lines ${prev.line} and ${line})`, { file, line, hint: 'give one call per gene' });
    calls.set(gene, { gene, diplotype, phenotype, activityScore, line });
  });
  return calls;
}

/** Genes an outside-call file may name: every defined gene plus those only called elsewhere (HLA typing, MT-RNR1). */
export function outsideCallGenes(data: Pick<PgxData, 'genes'>): Set<string> {
  return new Set([...data.genes.map((g) => g.gene), 'HLA-A', 'HLA-B', 'MT-RNR1']);
}
