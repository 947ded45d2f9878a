/**
 * Contig naming: `chr1`/`1`, `chrX`/`X`, `chrM`/`MT`/`M` name one contig everywhere
 * (regions, data lookups). Comparisons go through `contigKey`; output keeps the input's
 * own spelling.
 */
export function contigKey(name: string): string {
  let n = name;
  if (n.length > 3 && (n.charCodeAt(0) | 32) === 99 && (n.charCodeAt(1) | 32) === 104 && (n.charCodeAt(2) | 32) === 114) {
    n = n.slice(3);
  }
  const u = n.toUpperCase();
  if (u === 'M' || u === 'MT') return 'MT';
  if (u === 'X' || u === 'Y') return u;
  return n;
}

export function sameContig(a: string, b: string): boolean {
  return a === b || contigKey(a) === contigKey(b);
}

/** Finds the spelling of `wanted` used by a set of names (a file's contigs), or undefined. */
export function resolveContig(wanted: string, available: Iterable<string>): string | undefined {
  const key = contigKey(wanted);
  let found: string | undefined;
  for (const a of available) {
    if (a === wanted) return a;
    if (found === undefined && contigKey(a) === key) found = a;
  }
  return found;
}

/** Sort rank for the human contigs 1..22, X, Y, MT; others after, by name. */
export function contigRank(name: string): number {
  const k = contigKey(name);
  const n = Number(k);
  if (Number.isInteger(n) && n >= 1 && n <= 22) return n;
  if (k === 'X') return 23;
  if (k === 'Y') return 24;
  if (k === 'MT') return 25;
  return 1000;
}

/** chrX/chrY, where a male genotype is haploid outside the pseudo-autosomal regions. */
export function isSexChromosome(name: string): 'X' | 'Y' | undefined {
  const k = contigKey(name);
  return k === 'X' || k === 'Y' ? k : undefined;
}
