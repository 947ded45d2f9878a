import type { GenotypeBlock } from '../vcf/index.js';
import type { ConsequenceRecord, VariantAnnotation } from './annotation.js';
import { STANDARD_CODE, translate, type GeneticCode } from './codon.js';
import type { SoTerm } from './so-terms.js';

/**
 * Haplotype-aware codon combination, after bcftools csq: two SNVs in the same codon of
 * a transcript that some sample carries on the same phased haplotype (or as a haploid
 * call) change that codon together, so the combined amino acid is reported with both.
 * SNVs of one codon are combined (two or three of them, on a haplotype that carries them
 * all), also when an intron splits the codon (the record waits for its partner across
 * the intron). An indel and a variant next to it that change a codon together (bcftools
 * csq's `35750C>CAAAAGA+35751C>A`) are annotated as the one change they make (there: an
 * in-frame insertion, not a frameshift). Frame restoration by indels further apart is not
 * combined.
 */
export interface HaplotypeChange {
  /** the other variants on the haplotype, as `POS REF>ALT` */
  with: string[];
  terms: SoTerm[];
  codons: string;
  aminoAcids: string;
}

/**
 * Haplotypes carrying each ALT: keys sample*2+haplotype, from phased, haploid or
 * homozygous calls (an unphased 1/1 puts the ALT on both haplotypes: its phase is
 * known, as bcftools csq takes it too).
 */
export function haplotypesByAllele(g: GenotypeBlock, nAlts: number, nSamples: number): Set<number>[] {
  const out = Array.from({ length: nAlts }, () => new Set<number>());
  for (let i = 0; i < nSamples; i++) {
    const p = g.ploidy[i]!;
    if (p === 1) {
      const a = g.a0[i]!;
      if (a >= 1 && a <= nAlts) out[a - 1]!.add(i * 2);
    } else if (p === 2 && (g.phased[i] === 1 || g.a0[i] === g.a1[i])) {
      const a = g.a0[i]!;
      const b = g.a1[i]!;
      if (a >= 1 && a <= nAlts) out[a - 1]!.add(i * 2);
      if (b >= 1 && b <= nAlts) out[b - 1]!.add(i * 2 + 1);
    }
  }
  return out;
}

export interface PhasedRecord {
  annotations: VariantAnnotation[];
  /** per ALT: the haplotypes carrying it */
  haplotypes: Set<number>[];
  /** the record's POS (default: its first allele's) */
  pos?: number;
  /** the last genome position a partner may lie at, past its REF: the far part of a codon an intron splits */
  reach?: number;
}

/** The genetic code of the transcript of consequence `c` of `a`; undefined when precis does not carry it. */
export type CodeLookup = (a: VariantAnnotation, c: ConsequenceRecord) => GeneticCode | undefined;

/** The consequences of alleles carried together, as one change (Annotator.combinedConsequences); undefined when they cannot be worked out. */
export type CombinedLookup = (chrom: string, members: readonly { pos: number; ref: string; alt: string }[]) => VariantAnnotation | undefined;

/**
 * Records at most this many bases apart (past the first one's REF) may change one codon
 * or, one of them an indel, neighbouring codons together: two frameshifts 3 bp apart can
 * restore the frame. The annotate stage and --threads' job cuts keep such records together.
 */
export const LINKED_BASES = 5;

/** How far back (bp) a record's REF may start and still reach a later record: longer indels combine with nothing after them. */
const REACH = 50;

/**
 * Finds same-codon pairs on a shared haplotype within a group of nearby records and
 * annotates both, translating with each transcript's genetic code (`codeOf`). Pairs
 * whose second record is `from` or later are looked at (the earlier ones were, by a
 * previous call on the same group). Only records within LINKED_BASES of each other (past
 * an indel's REF) are tried, or a record and the far part of its split codon
 * (`reach`): in position order each record looks back over a short stretch and the few
 * split-codon records only, so a run of thousands of adjacent coding SNVs costs linear
 * time, not one try per pair (32,000 adjacent records took 40 s; 100,000 in reverse
 * order 25 s).
 */
export function combineSameCodon(group: PhasedRecord[], codeOf: CodeLookup = () => STANDARD_CODE, from = 1, combinedOf?: CombinedLookup): number {
  const pos = group.map((r) => r.pos ?? r.annotations[0]?.pos ?? Number.NaN);
  // the last base of each record's REF (its ALTs share it)
  const end = group.map((r, i) => pos[i]! + Math.max(1, r.annotations[0]?.ref.length ?? 1) - 1);
  let sorted = true;
  for (let i = 1; i < pos.length && sorted; i++) if (!(pos[i]! >= pos[i - 1]!)) sorted = false;
  // unsorted input is paired in position order (ties in file order), so it costs what sorted input does
  const ord = sorted ? undefined : group.map((_, i) => i).sort((x, y) => pos[x]! - pos[y]! || x - y);
  const at = (k: number): number => (ord === undefined ? k : ord[k]!);
  // records whose codon an intron splits reach past the look-back: few, so each is tried against every later record it reaches
  const far: number[] = [];
  for (let k = 0; k < group.length; k++) if ((group[at(k)]!.reach ?? 0) > end[at(k)]! + LINKED_BASES) far.push(k);
  let combined = 0;
  // pairs of records both before `from` were combined by an earlier call (sorted groups only)
  for (let k = sorted ? Math.max(from, 1) : 1; k < group.length; k++) {
    const y = at(k);
    let start = k;
    while (start > 0 && pos[at(start - 1)]! >= pos[y]! - LINKED_BASES - REACH) start--;
    for (const f of far) {
      if (f >= start) break;
      const x = at(f);
      if ((x >= from || y >= from) && pos[y]! <= group[x]!.reach!) combined += combinePair(group[x]!, group[y]!, codeOf, combinedOf);
    }
    // earlier records in position order: each record meets its partners in the order the
    // whole-group pass met them
    for (let j = start; j < k; j++) {
      const x = at(j);
      if (x < from && y < from) continue;
      if (pos[y]! > Math.max(end[x]!, group[x]!.reach ?? 0) + LINKED_BASES) continue;
      combined += combinePair(group[x]!, group[y]!, codeOf, combinedOf);
    }
  }
  return combined;
}

/**
 * What a combined consequence holds so far: the codon with all its members' changes, the
 * members (this allele included) and the haplotypes that carry every one of them. A third
 * SNV of the codon joins when it shares one of those haplotypes, so a three-base change
 * written as three records (as callers split MNVs) is translated whole.
 */
interface Joint {
  alt: string;
  members: { pos: number; label: string }[];
  haplotypes: Set<number>;
}
const JOINTS = new WeakMap<ConsequenceRecord, Joint>();

function combinePair(rx: PhasedRecord, ry: PhasedRecord, codeOf: CodeLookup, combinedOf: CombinedLookup | undefined): number {
  let combined = 0;
  rx.annotations.forEach((ax, kx) => {
    ry.annotations.forEach((ay, ky) => {
      const hx = rx.haplotypes[kx];
      const hy = ry.haplotypes[ky];
      if (!hx || !hy) return;
      const snvs = isSnv(ax) && isSnv(ay);
      if (!snvs && (combinedOf === undefined || !isSequence(ax) || !isSequence(ay))) return;
      const shared = intersect(hx, hy);
      if (shared.size === 0) return;
      if (!snvs) {
        combined += combineWithIndel(ax, ay, combinedOf!);
        return;
      }
      for (const cx of ax.consequences) {
        const cy = ay.consequences.find((c) => c.transcript === cx.transcript && c.proteinPosition === cx.proteinPosition);
        if (!cy || !cx.codons || !cy.codons || cx.proteinPosition === undefined) continue;
        const code = codeOf(ax, cx);
        if (code === undefined) continue;
        const [ref, altX] = cx.codons.split('/');
        const altY = cy.codons.split('/')[1];
        if (!ref || !altX || !altY || ref.length !== 3 || altX.length !== 3 || altY.length !== 3) continue;
        // each side's combination so far, where it lies on a haplotype of this pair; else the allele alone
        const x = jointOn(cx, altX, ax, shared);
        const y = jointOn(cy, altY, ay, shared);
        let haplotypes = intersect(x.haplotypes, y.haplotypes);
        let joint: Joint;
        if (haplotypes.size > 0) joint = { alt: mergeCodons(ref, x.alt, y.alt), members: unionMembers(x.members, y.members), haplotypes };
        else {
          haplotypes = shared;
          joint = { alt: mergeCodons(ref, altX, altY), members: unionMembers([labelOf(ax)], [labelOf(ay)]), haplotypes };
        }
        const change = changeOf(ref, joint.alt, cx.proteinPosition, code);
        for (const [c, a] of [[cx, ax], [cy, ay]] as const) {
          JOINTS.set(c, joint);
          const own = labelOf(a).label;
          c.haplotype = { ...change, with: joint.members.filter((m) => m.label !== own).map((m) => m.label) };
        }
        combined++;
      }
    });
  });
  return combined;
}

/**
 * An indel and its neighbour on one haplotype: on each transcript where both change a
 * codon and their protein positions meet (or lie side by side, next to a frameshift),
 * both are given the consequence of the one allele they make together. Pairs only: a
 * consequence already combined is left as it is.
 */
function combineWithIndel(ax: VariantAnnotation, ay: VariantAnnotation, combinedOf: CombinedLookup): number {
  const [a1, a2] = ax.pos <= ay.pos ? [ax, ay] : [ay, ax];
  // a REF the FASTA disagrees with makes no allele to join; nor do records further apart
  // (an SNV whose split codon reaches across an intron meets the records there too)
  if (a1.refMismatch || a2.refMismatch || a2.pos > a1.pos + a1.ref.length - 1 + LINKED_BASES) return 0;
  let joint: VariantAnnotation | undefined | null = null;
  let combined = 0;
  for (const c1 of a1.consequences) {
    if (c1.haplotype !== undefined || rangeOf(c1.proteinPosition) === undefined) continue;
    const c2 = a2.consequences.find((c) => c.transcript === c1.transcript && c.haplotype === undefined && meets(c1.proteinPosition, c.proteinPosition, shifts(c1) || shifts(c)));
    if (c2 === undefined) continue;
    // worked out once, for the first transcript that needs it
    if (joint === null) joint = combinedOf(a1.chrom, [a1, a2]);
    if (joint === undefined) return combined;
    const j = joint.consequences.find((c) => c.transcript === c1.transcript);
    if (j === undefined || j.terms.length === 0) continue;
    const change = { terms: [...j.terms], codons: j.codons ?? '', aminoAcids: j.aminoAcids ?? '' };
    c1.haplotype = { ...change, with: [labelOf(a2).label] };
    c2.haplotype = { ...change, with: [labelOf(a1).label] };
    combined++;
  }
  return combined;
}

/** Whether protein positions `p` and `q` (`353`, `353-354`, `?-354`) share a residue, or (`adjacent`) lie side by side. */
function meets(p: string | undefined, q: string | undefined, adjacent: boolean): boolean {
  const a = rangeOf(p);
  const b = rangeOf(q);
  const d = adjacent ? 1 : 0;
  return a !== undefined && b !== undefined && a[0] <= b[1] + d && b[0] <= a[1] + d;
}

/** A frameshift alone reads every codon after it anew: its neighbour in the next codon is part of the change. */
function shifts(c: ConsequenceRecord): boolean {
  return c.terms.includes('frameshift_variant');
}

function rangeOf(p: string | undefined): [number, number] | undefined {
  if (p === undefined) return undefined;
  const m = /^(\d+|\?)(?:-(\d+|\?))?$/.exec(p);
  if (m === null) return undefined;
  const s = m[1] === '?' ? Number.NaN : Number(m[1]);
  const e = m[2] === undefined ? s : m[2] === '?' ? Number.NaN : Number(m[2]);
  const lo = Number.isNaN(s) ? e : s;
  const hi = Number.isNaN(e) ? s : e;
  return Number.isNaN(lo) || Number.isNaN(hi) ? undefined : [lo, hi];
}

function labelOf(a: VariantAnnotation): { pos: number; label: string } {
  return { pos: a.pos, label: `${a.pos} ${a.ref}>${a.alt}` };
}

function jointOn(c: ConsequenceRecord, alt: string, a: VariantAnnotation, shared: Set<number>): Joint {
  const j = JOINTS.get(c);
  if (j !== undefined && c.haplotype !== undefined) {
    const on = intersect(j.haplotypes, shared);
    if (on.size > 0) return { alt: j.alt, members: j.members, haplotypes: on };
  }
  return { alt, members: [labelOf(a)], haplotypes: shared };
}

function intersect(a: Set<number>, b: Set<number>): Set<number> {
  const out = new Set<number>();
  for (const h of a) if (b.has(h)) out.add(h);
  return out;
}

function unionMembers(a: readonly { pos: number; label: string }[], b: readonly { pos: number; label: string }[]): { pos: number; label: string }[] {
  const out = [...a];
  for (const m of b) if (!out.some((o) => o.label === m.label)) out.push(m);
  return out.sort((p, q) => p.pos - q.pos);
}

/** Two alternative codons of one reference codon merged: a base changed in either (upper case, VEP-style) is changed. */
function mergeCodons(ref: string, a: string, b: string): string {
  let alt = '';
  for (let j = 0; j < 3; j++) {
    const x = a[j]!;
    const y = b[j]!;
    alt += x === x.toUpperCase() ? x : y === y.toUpperCase() ? y : ref[j]!.toLowerCase();
  }
  return alt;
}

/** The terms, amino acids and codons of reference codon `ref` changed to `alt`. */
function changeOf(ref: string, alt: string, proteinPosition: string, code: GeneticCode): Omit<HaplotypeChange, 'with'> {
  const r = translate(ref.toUpperCase(), code);
  const a = translate(alt.toUpperCase(), code);
  let term: SoTerm;
  if (r === a) term = r === '*' ? 'stop_retained_variant' : 'synonymous_variant';
  else if (a === '*') term = 'stop_gained';
  else if (r === '*') term = 'stop_lost';
  else if (r === 'M' && proteinPosition === '1') term = 'start_lost';
  else term = 'missense_variant';
  return { terms: [term], codons: `${ref.toLowerCase()}/${alt}`, aminoAcids: r === a ? r : `${r}/${a}` };
}

/**
 * Whether `a` can take part in a combination at all: an SNV with a codon on some
 * transcript, or an indel or MNV with a protein position on one. Only such alleles need their haplotypes read and their record held back
 * for the next ones (`combineSameCodon` looks at no other).
 */
export function mayCombine(a: VariantAnnotation): boolean {
  // asked of every record with samples: the protein position first (most alleles have none), the pattern tests last
  for (const c of a.consequences) if (c.proteinPosition !== undefined && (c.codons || !isSnv(a))) return isSequence(a);
  return false;
}

function isSnv(a: VariantAnnotation): boolean {
  return a.ref.length === 1 && a.alt.length === 1 && /^[ACGT]$/i.test(a.alt);
}

/** An allele written in bases (no symbolic ALT, no `*`, not REF itself): one a haplotype can spell out. */
function isSequence(a: VariantAnnotation): boolean {
  return a.ref !== a.alt && /^[ACGTN]+$/i.test(a.ref) && /^[ACGTN]+$/i.test(a.alt);
}
