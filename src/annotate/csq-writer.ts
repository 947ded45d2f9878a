import { blankConsequenceRecord, type ConsequenceRecord, type VariantAnnotation } from './annotation.js';
import { ALL_CSQ_FIELDS, escapeCsq, flagsOf, GETTERS, hgvsOffset, type FieldGetter } from './csq-format.js';
import { TextBytes } from './text-bytes.js';
import { csqAlleleOf, csqStripsFirstBase } from './variant-allele.js';

/**
 * Writes CSQ values as bytes. Runs of neighbouring fields whose value depends on the
 * transcript and term list alone (Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|
 * BIOTYPE, STRAND, CANONICAL|MANE) or on the allele alone (Allele, Existing_variation,
 * CLIN_*, AF..., custom sources) are composed once and copied into every entry; the
 * others are written field by field. All go through `writeField`, so a cached run is
 * the text it stands for.
 * On the first 200,000 records of bench/annotate (35 MB of CSQ) this took writing from
 * 0.70 to 0.49 µs per record.
 */

// the entry written for alleles annotated from sources only (--no-consequences), and the one
// allele-level fields are written with; of the pool records' shape, so the field writers
// see one object shape, not two
const NO_CONSEQUENCE: ConsequenceRecord = blankConsequenceRecord();
const NO_CONSEQUENCES: readonly ConsequenceRecord[] = [NO_CONSEQUENCE];

/** What a field's value depends on (field codes = index in ALL_CSQ_FIELDS, -1 custom). */
const enum Kind {
  /** the consequence entry itself */
  Entry,
  /** the transcript and the term list (the same for many entries) */
  Static,
  /** the ALT allele (the same for all its entries) */
  Allele,
}
function kindOf(code: number): Kind {
  switch (code) {
    // 32-35, 37-38: TSL, APPRIS, CCDS, ENSP, HGNC_ID, SYMBOL_SOURCE (the transcript's own); 36 VARIANT_CLASS per entry
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 19: case 22: case 23: case 32: case 33: case 34: case 35: case 37: case 38: return Kind.Static;
    case 0: case 17: case 26: case 27: case 28: case 29: case 30: case 31: case -1: return Kind.Allele;
    default: return Kind.Entry;
  }
}

/** Consecutive fields [from, to] of one kind, written together. */
interface Segment {
  kind: Kind;
  from: number;
  to: number;
  /** holds the Allele field */
  hasAllele: boolean;
  /** an Entry segment of consecutive default fields from EXON on: written by `entryRun` */
  run: boolean;
}

/** The static runs of one transcript and term list, valid while the entry's transcript fields are these. */
interface StaticRuns {
  transcript: string | null;
  terms: readonly string[];
  impact: string;
  gene: string;
  geneId: string;
  biotype: string;
  strand: 1 | -1 | null;
  mane: string | null;
  canonical: boolean;
  flags: string | undefined;
  runs: (Uint8Array | undefined)[];
  /** the plan's tail for an entry of this transcript with no entry values in it, by `tailKey` */
  tails: (Uint8Array | undefined)[];
}

const CACHE_LIMIT = 100_000;

/** A field list made ready for writing, with its caches. */
class Plan {
  readonly codes: number[];
  readonly getters: (FieldGetter | undefined)[];
  readonly names: readonly string[];
  readonly segments: Segment[];
  readonly hasStatic: boolean;
  /**
   * First segment of the tail: the segments from here on hold only static runs,
   * allele-level source fields and the entry fields DISTANCE, FLAGS, PICK, HGVS_OFFSET
   * and HAPLOTYPE. When those entry fields are empty or flags, and the allele matched no
   * source, the tail is the same text for every entry of a transcript and term list
   * (most intronic entries): it is composed once and copied whole. `segments.length`
   * when no tail applies.
   */
  readonly tailFrom: number;
  private readonly byTranscript = new Map<string, Map<readonly string[], StaticRuns>>();
  /** the runs of the previous record's entry at each index (sorted input repeats them) */
  private readonly recent: (StaticRuns | undefined)[] = [];
  /** the current allele's runs, one slice of `alleleText` per segment */
  readonly alleleText = new TextBytes(1024);
  readonly alleleFrom: number[];
  readonly alleleTo: number[];
  private readonly scratch = new TextBytes(1024);
  // apart from `scratch`: composing a tail composes static runs
  private readonly tailScratch = new TextBytes(1024);

  constructor(fields: readonly string[]) {
    // custom source names read `custom` (no getter)
    this.getters = fields.map((f) => GETTERS[f]);
    this.names = fields;
    this.codes = fields.map((f) => (Object.hasOwn(GETTERS, f) ? ALL_CSQ_FIELDS.indexOf(f) : -1));
    this.segments = [];
    for (let i = 0; i < this.codes.length; i++) {
      const kind = kindOf(this.codes[i]!);
      const last = this.segments[this.segments.length - 1];
      if (last && last.kind === kind) last.to = i;
      else this.segments.push({ kind, from: i, to: i, hasAllele: false, run: false });
      if (this.codes[i] === 0) this.segments[this.segments.length - 1]!.hasAllele = true;
    }
    for (const seg of this.segments) {
      seg.run = seg.kind === Kind.Entry;
      for (let i = seg.from; i <= seg.to; i++) {
        const code = this.codes[i]!;
        if (code < 8 || code > 25 || (i > seg.from && code !== this.codes[i - 1]! + 1)) seg.run = false;
      }
    }
    this.hasStatic = this.segments.some((s) => s.kind === Kind.Static);
    let tail = this.segments.length;
    while (tail > 0 && tailSegment(this.segments[tail - 1]!, this.codes)) tail--;
    // a tail of one segment saves nothing; one without a static run has nothing to cache by
    const tailSegs = this.segments.slice(tail);
    this.tailFrom = this.hasStatic && tailSegs.length > 1 && tailSegs.some((s) => s.kind === Kind.Static) ? tail : this.segments.length;
    this.alleleFrom = this.segments.map(() => 0);
    this.alleleTo = this.segments.map(() => 0);
  }

  /** Fields [from, to] of a segment, separators included. */
  fields(out: TextBytes, s: Segment, a: VariantAnnotation, c: ConsequenceRecord, allele: string): void {
    if (s.run) return entryRun(out, this.codes[s.from]!, this.codes[s.to]!, a, c);
    for (let i = s.from; i <= s.to; i++) {
      if (i > s.from) out.byte(124); // |
      writeField(out, this.codes[i]!, this.getters[i], this.names[i]!, a, c, allele);
    }
  }

  /**
   * Composes the allele-level runs of `a` into `alleleText`. Besides Allele, allele-level
   * fields come from the sources: without a match (`matched` false) they are empty.
   */
  setAllele(a: VariantAnnotation, allele: string, matched: boolean): void {
    const t = this.alleleText;
    t.len = 0;
    const segs = this.segments;
    for (let k = 0; k < segs.length; k++) {
      const s = segs[k]!;
      if (s.kind !== Kind.Allele) continue;
      this.alleleFrom[k] = t.len;
      if (matched || s.hasAllele) this.fields(t, s, a, NO_CONSEQUENCE, allele);
      else for (let i = s.from; i < s.to; i++) t.byte(124); // |
      this.alleleTo[k] = t.len;
    }
  }

  /**
   * The static runs for the record's entry `j`, `c`: usually those of the previous
   * record's entry `j` (neighbouring records see the same transcripts in the same order).
   */
  staticRuns(c: ConsequenceRecord, j: number): StaticRuns {
    const l = this.recent[j];
    if (l !== undefined && l.transcript === c.transcript && l.terms === c.terms && sameFields(l, c)) return l;
    const key = c.transcript ?? '';
    let byTerms = this.byTranscript.get(key);
    if (byTerms === undefined) {
      if (this.byTranscript.size >= CACHE_LIMIT) this.byTranscript.clear();
      this.byTranscript.set(key, (byTerms = new Map()));
    }
    let e = byTerms.get(c.terms);
    if (e === undefined || !sameFields(e, c)) {
      e = { transcript: c.transcript, terms: c.terms, impact: c.impact, gene: c.gene, geneId: c.geneId, biotype: c.biotype, strand: c.strand, mane: c.mane, canonical: c.canonical, flags: c.flags, runs: [], tails: [] };
      byTerms.set(c.terms, e);
    }
    this.recent[j] = e;
    return e;
  }

  /** The tail of entry `c` (see `tailFrom`) under `key`, composed on first use; its leading `|` included unless it starts the entry. */
  tail(e: StaticRuns, key: number, a: VariantAnnotation, c: ConsequenceRecord, allele: string): Uint8Array {
    let r = e.tails[key];
    if (r === undefined) {
      const out = this.tailScratch;
      out.len = 0;
      for (let i = this.tailFrom; i < this.segments.length; i++) {
        // a tail that is the whole entry (every field static or tail-able) starts with no separator
        if (i > 0) out.byte(124); // |
        this.segment(out, i, e, a, c, allele);
      }
      r = e.tails[key] = Uint8Array.prototype.slice.call(out.buf, 0, out.len);
    }
    return r;
  }

  /** Segment `i` of entry `c`: its static run, the allele's run, or its entry fields. */
  segment(out: TextBytes, i: number, e: StaticRuns | undefined, a: VariantAnnotation, c: ConsequenceRecord, allele: string): void {
    const s = this.segments[i]!;
    if (s.kind === Kind.Static) out.all(this.staticRun(e!, i, a, c, allele));
    else if (s.kind === Kind.Allele) out.bytes(this.alleleText.buf, this.alleleFrom[i], this.alleleTo[i]);
    else this.fields(out, s, a, c, allele);
  }

  /** Static segment `k` of entry `c`, composed on first use. */
  staticRun(e: StaticRuns, k: number, a: VariantAnnotation, c: ConsequenceRecord, allele: string): Uint8Array {
    let r = e.runs[k];
    if (r === undefined) {
      const out = this.scratch;
      out.len = 0;
      this.fields(out, this.segments[k]!, a, c, allele);
      // a copy: the scratch buffer is reused
      r = e.runs[k] = Uint8Array.prototype.slice.call(out.buf, 0, out.len);
    }
    return r;
  }
}

/** A segment a tail can hold (see `Plan.tailFrom`). */
function tailSegment(s: Segment, codes: readonly number[]): boolean {
  if (s.kind === Kind.Static) return true;
  if (s.kind === Kind.Allele) return !s.hasAllele;
  for (let i = s.from; i <= s.to; i++) {
    const c = codes[i]!;
    if (c !== 18 && c !== 20 && c !== 21 && c !== 24 && c !== 25) return false;
  }
  return true;
}

/**
 * The tail's cache slot for an entry: 0-2 by PICK and FLAGS, or -1 when a value of the
 * tail is the entry's own (a distance, a shift, a haplotype) or the allele matched a source.
 */
function tailKey(a: VariantAnnotation, c: ConsequenceRecord, matched: boolean): number {
  if (matched || c.distance !== undefined || c.hgvsShift !== undefined || c.haplotype) return -1;
  return c.picked ? (a.mostSevereNotPicked ? 2 : 1) : 0;
}

function sameFields(e: StaticRuns, c: ConsequenceRecord): boolean {
  return e.impact === c.impact && e.gene === c.gene && e.geneId === c.geneId && e.biotype === c.biotype && e.strand === c.strand && e.mane === c.mane && e.canonical === c.canonical && e.flags === c.flags;
}

function sourceMatched(a: VariantAnnotation): boolean {
  return a.existing !== undefined || a.clinvar !== undefined || a.frequencies !== undefined || a.custom !== undefined;
}

let lastFields: readonly string[] | undefined;
let lastPlan: Plan | undefined;
function planFor(fields: readonly string[]): Plan {
  if (fields !== lastFields || lastPlan === undefined) {
    lastFields = fields;
    lastPlan = new Plan(fields);
  }
  return lastPlan;
}

/** The CSQ value for all ALT alleles of one record (one comma-separated entry per allele and consequence). */
export function formatCsq(annotations: readonly VariantAnnotation[], fields: readonly string[]): string {
  const out = scratch;
  out.len = 0;
  writeCsq(out, annotations, fields);
  return out.toString();
}
const scratch = new TextBytes();

/** `formatCsq` written as UTF-8 bytes into `out` (the VCF writers compose whole lines this way). */
export function writeCsq(out: TextBytes, annotations: readonly VariantAnnotation[], fields: readonly string[]): void {
  const count = annotations.length;
  const plan = planFor(fields);
  const segs = plan.segments;
  const from = out.len;
  let entry = 0;
  // one answer for the record's ALTs (they share its REF), asked only past an SNV
  let strip: boolean | undefined;
  for (let k = 0; k < count; k++) {
    const a = annotations[k]!;
    const allele = a.alt.length === 1 && a.ref.length === 1 ? a.alt : csqAlleleOf(a.alt, (strip ??= csqStripsFirstBase(a.ref, annotations)));
    const matched = sourceMatched(a);
    plan.setAllele(a, allele, matched);
    const cons = a.consequences.length > 0 ? a.consequences : NO_CONSEQUENCES;
    for (let j = 0; j < cons.length; j++) {
      // an entry whose fields are all empty (one field asked for) leaves no trace, not even its comma
      if (out.len > from) out.byte(44); // ,
      const c = cons[j]!;
      const runs = plan.hasStatic ? plan.staticRuns(c, entry++) : undefined;
      const key = plan.tailFrom < segs.length ? tailKey(a, c, matched) : -1;
      const end = key >= 0 ? plan.tailFrom : segs.length;
      for (let i = 0; i < end; i++) {
        if (i > 0) out.byte(124); // |
        plan.segment(out, i, runs, a, c, allele);
      }
      if (key >= 0) out.all(plan.tail(runs!, key, a, c, allele));
    }
  }
}

// The common fields are read in one switch: calling a different getter closure per field
// cost more than the values themselves. `GETTERS` says the same for the others.
function writeField(out: TextBytes, code: number, get: FieldGetter | undefined, name: string, a: VariantAnnotation, c: ConsequenceRecord, allele: string): void {
  switch (code) {
    case 0: return escaped(out, allele);
    case 1: {
      const t = c.terms;
      for (let i = 0; i < t.length; i++) {
        if (i > 0) out.byte(38); // &
        out.text(t[i]!);
      }
      return;
    }
    case 2: if (c.terms.length > 0) out.text(c.impact); return;
    case 3: return escaped(out, c.gene);
    case 4: return escaped(out, c.geneId);
    case 5: if (c.transcript) out.text('Transcript'); return;
    case 6: if (c.transcript) escaped(out, c.transcript); return;
    case 7: return escaped(out, c.biotype);
    // values precis composes from SO terms, digits, amino acids and bases never need escaping
    case 8: if (c.exon) out.text(c.exon); return;
    case 9: if (c.intron) out.text(c.intron); return;
    case 10: if (c.hgvsc) escaped(out, c.hgvsc); return;
    case 11: if (c.hgvsp) escaped(out, c.hgvsp); return;
    case 12: if (c.cdnaPosition) out.text(c.cdnaPosition); return;
    case 13: if (c.cdsPosition) out.text(c.cdsPosition); return;
    case 14: if (c.proteinPosition) out.text(c.proteinPosition); return;
    case 15: if (c.aminoAcids) out.text(c.aminoAcids); return;
    case 16: if (c.codons) out.text(c.codons); return;
    case 18: if (c.distance !== undefined) out.number(c.distance); return;
    case 20: return writeFlags(out, a, c);
    case 19: if (c.strand) out.int(c.strand); return;
    case 21: if (c.picked) out.byte(49); return; // 1
    case 22: if (c.canonical) out.text('YES'); return;
    case 23: if (c.mane) escaped(out, c.mane); return;
    case 24: if (c.hgvsShift !== undefined) out.number(hgvsOffset(c)!); return;
    case 25: if (c.haplotype) escaped(out, String(get!(a, c, allele))); return;
    default: {
      const x = get === undefined ? a.custom?.[name] : get(a, c, allele);
      if (x === undefined || x === null || x === '') return;
      if (typeof x === 'number') out.number(x);
      else escaped(out, typeof x === 'string' ? x : String(x));
    }
  }
}

/**
 * Entry fields `first` to `last` (consecutive codes of ALL_CSQ_FIELDS), separators
 * included, as `writeField` writes them: one pass falling through the cases, instead of
 * a loop and a dispatch per field (most of them are empty; 9% of CSQ writing).
 */
function entryRun(out: TextBytes, first: number, last: number, a: VariantAnnotation, c: ConsequenceRecord): void {
  // Entry runs lie within EXON..Codons, DISTANCE, FLAGS..PICK or HGVS_OFFSET..HAPLOTYPE
  if (first <= 8) {
    if (c.exon) out.text(c.exon);
    if (last === 8) return;
    out.byte(124);
  }
  if (first <= 9) {
    if (c.intron) out.text(c.intron);
    if (last === 9) return;
    out.byte(124);
  }
  if (first <= 10) {
    if (c.hgvsc) escaped(out, c.hgvsc);
    if (last === 10) return;
    out.byte(124);
  }
  if (first <= 11) {
    if (c.hgvsp) escaped(out, c.hgvsp);
    if (last === 11) return;
    out.byte(124);
  }
  if (first <= 12) {
    if (c.cdnaPosition) out.text(c.cdnaPosition);
    if (last === 12) return;
    out.byte(124);
  }
  if (first <= 13) {
    if (c.cdsPosition) out.text(c.cdsPosition);
    if (last === 13) return;
    out.byte(124);
  }
  if (first <= 14) {
    if (c.proteinPosition) out.text(c.proteinPosition);
    if (last === 14) return;
    out.byte(124);
  }
  if (first <= 15) {
    if (c.aminoAcids) out.text(c.aminoAcids);
    if (last === 15) return;
    out.byte(124);
  }
  if (first <= 16) {
    if (c.codons) out.text(c.codons);
    return;
  }
  if (first === 18) {
    if (c.distance !== undefined) out.number(c.distance);
    return;
  }
  if (first === 20) {
    writeFlags(out, a, c);
    if (last === 20) return;
    out.byte(124);
  }
  if (first <= 21) {
    if (c.picked) out.byte(49); // 1
    return;
  }
  if (first === 24) {
    if (c.hgvsShift !== undefined) out.number(hgvsOffset(c)!);
    if (last === 24) return;
    out.byte(124);
  }
  if (c.haplotype) escaped(out, String(GETTERS.HAPLOTYPE!(a, c, '')));
}

/** FLAGS (names that never need escaping); entries of one transcript share them in the cached tail. */
function writeFlags(out: TextBytes, a: VariantAnnotation, c: ConsequenceRecord): void {
  const f = flagsOf(a, c);
  if (f !== undefined) out.text(f);
}

/** `escapeCsq(s)` written to `out`: copied as is in one pass unless a character needs escaping. */
export function escaped(out: TextBytes, s: string): void {
  const n = s.length;
  out.ensure(n);
  const buf = out.buf;
  let o = out.len;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || SPECIAL[c] === 1) {
      out.text(escapeCsq(s));
      return;
    }
    buf[o++] = c;
  }
  out.len = o;
}

// , | ; = and ASCII whitespace; anything past ASCII goes to escapeCsq's regex (Unicode spaces)
export const SPECIAL = new Uint8Array(128);
for (const c of [44, 124, 59, 61, 32, 9, 10, 11, 12, 13]) SPECIAL[c] = 1;
