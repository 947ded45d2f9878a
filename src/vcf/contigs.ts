/**
 * Contig naming: `chr1`/`1`, `chrX`/`X`, `chrM`/`MT`/`M` name one contig everywhere
 * (regions, data lookups), and so do the RefSeq and GenBank accessions of the human
 * chromosomes (`NC_000001.11`, `CM000663.2`; GRCh37's `NC_000001.10`, `CM000663.1`) that
 * RefSeq GFFs and some callers use, and `Chromosome1`/`chromosome_X` (some Ensembl
 * genomes' GFFs; the name bcftools csq's --unify-chr-names exists for). A synonym table
 * (`useContigSynonyms`) adds names no rule covers. Comparisons go through `contigKey`;
 * output keeps the input's own spelling.
 */
export function contigKey(name: string): string {
  let n = synonyms === undefined ? name : (synonyms.get(name) ?? name);
  if (n.length > 3 && (n.charCodeAt(0) | 32) === 99 && (n.charCodeAt(1) | 32) === 104 && (n.charCodeAt(2) | 32) === 114) {
    // a bare `Chromosome` (one-replicon genomes) stays what it is
    const long = n.length > 10 ? CHROMOSOME.exec(n) : null;
    n = long !== null ? long[1]! : n.slice(3);
  }
  const u = n.toUpperCase();
  if (u === 'M' || u === 'MT') return 'MT';
  if (u === 'X' || u === 'Y') return u;
  if (n.length >= 10 && (n.charCodeAt(0) === 78 || n.charCodeAt(0) === 67)) return accessionKey(n) ?? n;
  return n;
}

/** Names a synonym table (`--synonyms`) makes one contig, each to its line's first name. */
let synonyms: Map<string, string> | undefined;
/** Bumped with every new table: resolvers built under an older one rebuild their keys. */
let synonymsVersion = 0;

/**
 * Makes the names on each line of `lines` (`[name, name, ...]`, VEP's --synonyms file:
 * `KI270721.1	chr11_KI270721v1_random`) one contig, beyond the built-in rules; undefined
 * or empty clears the table. A name on two lines joins them.
 */
export function useContigSynonyms(lines: readonly (readonly string[])[] | undefined): void {
  synonyms = undefined;
  synonymsVersion++;
  if (lines === undefined || lines.length === 0) return;
  // union-find over names: every name of a group maps to one spelling of it
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const names of lines) {
    for (const n of names) if (!parent.has(n)) parent.set(n, n);
    for (let i = 1; i < names.length; i++) {
      const a = root(names[0]!);
      const b = root(names[i]!);
      if (a !== b) parent.set(b, a);
    }
  }
  const m = new Map<string, string>();
  for (const n of parent.keys()) {
    const r = root(n);
    if (r !== n) m.set(n, r);
  }
  synonyms = m;
}

/** `Chromosome` before a chromosome's number or letter, with or without `_`. */
const CHROMOSOME = /^chromosome_?([0-9]+|[XYWZM]|MT)$/i;

/** Human chromosomes 1-22, X, Y by their place in the accession series (NC_000001-24, CM000663-86), any version. */
const NUMBERED = /^(?:NC_0000(\d\d)|CM0006(\d\d))\.\d+$/;

/** The plain name of a human chromosome accession, or undefined for any other name. */
function accessionKey(n: string): string | undefined {
  if (n === 'NC_012920.1') return 'MT';
  const m = NUMBERED.exec(n);
  if (m === null) return undefined;
  const k = m[1] !== undefined ? Number(m[1]) : Number(m[2]) - 62;
  if (k < 1 || k > 24) return undefined;
  return k === 23 ? 'X' : k === 24 ? 'Y' : String(k);
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

/**
 * `resolveContig` over a fixed set of names by two lookups instead of a scan: a FASTA or
 * index of 50,000 scaffolds made each record scan (and key) every name, 134 s for
 * 50,000 records.
 */
export class ContigNames {
  private readonly exact: Set<string>;
  private byKey = new Map<string, string>();
  private version = -1;

  constructor(names: Iterable<string>) {
    this.exact = new Set(names);
  }

  resolve(wanted: string): string | undefined {
    if (this.exact.has(wanted)) return wanted;
    if (this.version !== synonymsVersion) {
      this.version = synonymsVersion;
      this.byKey = new Map();
      // the first name of a key wins, as in resolveContig
      for (const n of this.exact) {
        const k = contigKey(n);
        if (!this.byKey.has(k)) this.byKey.set(k, n);
      }
    }
    return this.byKey.get(contigKey(wanted));
  }
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
