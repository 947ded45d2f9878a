import type { PhenotypeRow, PhenotypeSource, PhenotypeTable } from './data.js';
import { compareAlleleNames } from './names.js';

export type PhenotypeTables = Partial<Record<PhenotypeSource, PhenotypeTable>>;

export interface Phenotype {
  phenotype: string | null;
  activityScore: string | null;
  /** the value guidelines are matched on, per guideline source */
  lookupKeys: { CPIC: string | null; DPWG: string | null };
  functions: (string | null)[];
}

/** CYP2D6 copy-number names: PharmCAT folds three or more copies into "x≥3". */
export function normaliseCopyNumber(name: string, table: PhenotypeTable | undefined): string {
  if (!table || table.alleles[name]) return name;
  // MT-RNR1 outside calls often omit the "m." prefix (PharmCAT's own example does)
  if (table.alleles[`m.${name}`]) return `m.${name}`;
  const m = /^(.+)x(\d+|N)$/.exec(name);
  if (!m) return name;
  const n = m[2] === 'N' ? 3 : Number(m[2]);
  const folded = `${m[1]}x≥3`;
  if (n >= 3 && table.alleles[folded]) return folded;
  return name;
}

function row(table: PhenotypeTable | undefined, alleles: string[]): PhenotypeRow | null {
  if (!table) return null;
  const names = alleles.map((a) => normaliseCopyNumber(a, table));
  const exc = table.exceptions[[...names].sort().join('/')];
  if (exc) return exc;
  const classes: string[] = [];
  for (const a of names) {
    const c = table.alleles[a];
    if (!c) return null;
    classes.push(`${c[0]}#${c[1]}`);
  }
  return table.rows[classes.sort().join('|')] ?? null;
}

/** Phenotype of a diplotype (two names) or a hemizygous haplotype (one name). */
export function phenotypeOf(tables: PhenotypeTables, alleles: string[]): Phenotype {
  const cur = row(tables.current, alleles);
  const cpic = row(tables.CPIC ?? tables.current, alleles) ?? cur;
  const dpwg = tables.DPWG ? row(tables.DPWG, alleles) : null;
  const fn = tables.current?.alleles ?? tables.CPIC?.alleles ?? {};
  return {
    phenotype: cur?.[0] ?? cpic?.[0] ?? null,
    activityScore: cur?.[2] ?? cpic?.[2] ?? null,
    lookupKeys: { CPIC: cpic?.[1] ?? null, DPWG: dpwg?.[1] ?? cur?.[1] ?? null },
    functions: alleles.map((a) => fn[normaliseCopyNumber(a, tables.current)]?.[0] ?? null),
  };
}

/** Activity value (or a function rank) of an allele, for picking the lowest-function ones. */
export function functionRank(tables: PhenotypeTables, allele: string): number {
  const t = tables.current ?? tables.CPIC;
  const c = t?.alleles[allele];
  if (!c) return Number.POSITIVE_INFINITY;
  if (c[1] !== null && c[1] !== 'n/a' && !Number.isNaN(Number(c[1]))) return Number(c[1]);
  const f = (c[0] ?? '').toLowerCase();
  if (f.includes('no function') || f.includes('malignant hyperthermia')) return 0;
  if (f.includes('decreased')) return 0.5;
  if (f.includes('uncertain') || f.includes('unknown')) return 0.9;
  return 1;
}

/** The two lowest-function alleles of a list, padded with the reference name. */
export function lowestTwo(tables: PhenotypeTables, found: string[], refName: string): [string, string] {
  const sorted = [...found].sort((a, b) => functionRank(tables, a) - functionRank(tables, b) || compareAlleleNames(a, b));
  return [sorted[0] ?? refName, sorted[1] ?? refName];
}
