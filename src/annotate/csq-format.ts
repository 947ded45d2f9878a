import type { ConsequenceRecord, VariantAnnotation } from './annotation.js';
import { TextBytes } from './text-bytes.js';
import { csqAlleleString } from './variant-allele.js';

/**
 * VEP-compatible `CSQ` INFO values. The leading columns follow VEP's `--vcf` output so
 * `bcftools +split-vep` and other VEP readers work unchanged; `--fields` picks a subset.
 */
export const DEFAULT_CSQ_FIELDS = [
  'Allele', 'Consequence', 'IMPACT', 'SYMBOL', 'Gene', 'Feature_type', 'Feature', 'BIOTYPE', 'EXON', 'INTRON', 'HGVSc', 'HGVSp',
  'cDNA_position', 'CDS_position', 'Protein_position', 'Amino_acids', 'Codons', 'Existing_variation', 'DISTANCE', 'STRAND', 'FLAGS',
  'PICK', 'CANONICAL', 'MANE', 'HGVS_OFFSET', 'HAPLOTYPE', 'CLIN_SIG', 'CLIN_REVSTAT', 'CLIN_DN', 'AF', 'MAX_AF', 'MAX_AF_POPS',
] as const;

export const KNOWN_CSQ_FIELDS = new Set<string>(DEFAULT_CSQ_FIELDS);

type FieldGetter = (a: VariantAnnotation, c: ConsequenceRecord, allele: string) => string | number | undefined | null;

const GETTERS: Record<string, FieldGetter> = {
  Allele: (_a, _c, allele) => allele,
  Consequence: (_a, c) => c.terms.join('&'),
  IMPACT: (_a, c) => (c.terms.length > 0 ? c.impact : undefined),
  SYMBOL: (_a, c) => c.gene,
  Gene: (_a, c) => c.geneId,
  Feature_type: (_a, c) => (c.transcript ? 'Transcript' : ''),
  Feature: (_a, c) => c.transcript,
  BIOTYPE: (_a, c) => c.biotype,
  EXON: (_a, c) => c.exon,
  INTRON: (_a, c) => c.intron,
  HGVSc: (_a, c) => c.hgvsc,
  HGVSp: (_a, c) => c.hgvsp,
  cDNA_position: (_a, c) => c.cdnaPosition,
  CDS_position: (_a, c) => c.cdsPosition,
  Protein_position: (_a, c) => c.proteinPosition,
  Amino_acids: (_a, c) => c.aminoAcids,
  Codons: (_a, c) => c.codons,
  Existing_variation: (a) => a.existing?.join('&'),
  DISTANCE: (_a, c) => c.distance,
  STRAND: (_a, c) => c.strand,
  FLAGS: (a, c) => (c.picked && a.mostSevereNotPicked ? 'most_severe_not_picked' : undefined),
  PICK: (_a, c) => (c.picked ? 1 : undefined),
  CANONICAL: (_a, c) => (c.canonical ? 'YES' : undefined),
  MANE: (_a, c) => c.mane,
  HGVS_OFFSET: (_a, c) => c.hgvsShift,
  HAPLOTYPE: (_a, c) => (c.haplotype ? `${c.haplotype.terms.join('&')}:${c.haplotype.aminoAcids}:${c.haplotype.codons}:${c.haplotype.with.map((w) => w.replace(' ', '')).join('+')}` : undefined),
  CLIN_SIG: (a) => a.clinvar?.significance,
  CLIN_REVSTAT: (a) => a.clinvar?.reviewStatus,
  CLIN_DN: (a) => a.clinvar?.condition,
  AF: (a) => a.frequencies?.AF,
  MAX_AF: (a) => a.frequencies?.popmax?.AF,
  MAX_AF_POPS: (a) => a.frequencies?.popmax?.population,
};

// the entry written for alleles annotated from sources only (--no-consequences)
const NO_CONSEQUENCE: ConsequenceRecord = { gene: '', geneId: '', transcript: null, biotype: '', strand: null, terms: [], impact: 'MODIFIER', mane: null, canonical: false, picked: false };
const NO_CONSEQUENCES: readonly ConsequenceRecord[] = [NO_CONSEQUENCE];

/** VEP's escaping inside one CSQ value: no `,` `;` `=` `|` or whitespace may survive. */
export function escapeCsq(s: string): string {
  if (!needsEscape(s)) return s;
  return s.replace(/[,|]/g, '&').replace(/;/g, '%3B').replace(/=/g, '%3D').replace(/\s+/g, '_');
}

/** A char-code scan: cheaper than a regex on the short values of the per-record path. */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // , | ; = and ASCII whitespace; anything past ASCII goes to the regex (Unicode spaces)
    if (c === 44 || c === 124 || c === 59 || c === 61 || c === 32 || (c >= 9 && c <= 13) || c > 127) return c <= 127 || NEEDS_ESCAPE.test(s);
  }
  return false;
}
const NEEDS_ESCAPE = /[,|;=\s]/;

export function csqHeaderLine(fields: readonly string[]): string {
  return `##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from precis annotate (VEP-compatible). Format: ${fields.join('|')}">`;
}

/** The CSQ value for all ALT alleles of one record (one comma-separated entry per allele and consequence). */
export function formatCsq(annotations: readonly VariantAnnotation[], fields: readonly string[]): string {
  const out = scratch;
  out.len = 0;
  writeCsq(out, annotations, fields);
  return out.toString();
}
const scratch = new TextBytes();

/**
 * `formatCsq` written as UTF-8 bytes into `out` (the VCF writers compose whole lines
 * this way); `count` limits the alleles read from `annotations` (pooled arrays).
 */
export function writeCsq(out: TextBytes, annotations: readonly VariantAnnotation[], fields: readonly string[], count = annotations.length): void {
  const getters = compiled(fields);
  const codes = lastCodes;
  const from = out.len;
  for (let k = 0; k < count; k++) {
    const a = annotations[k]!;
    const allele = a.ref.length === 1 && a.alt.length === 1 ? a.alt : csqAlleleString(a.ref, a.alt, altsOf(annotations, count));
    const cons = a.consequences.length > 0 ? a.consequences : NO_CONSEQUENCES;
    for (let j = 0; j < cons.length; j++) {
      // an entry whose fields are all empty (one field asked for) leaves no trace, not even its comma
      if (out.len > from) out.byte(44); // ,
      const c = cons[j]!;
      for (let i = 0; i < getters.length; i++) {
        if (i > 0) out.byte(124); // |
        writeField(out, codes[i]!, getters[i]!, a, c, allele);
      }
    }
  }
}

function altsOf(annotations: readonly VariantAnnotation[], count: number): string[] {
  const alts: string[] = [];
  for (let k = 0; k < count; k++) alts.push(annotations[k]!.alt);
  return alts;
}

// The common fields are read in one switch (field codes = index in DEFAULT_CSQ_FIELDS):
// calling a different getter closure per field cost more than the values themselves.
function writeField(out: TextBytes, code: number, get: FieldGetter, a: VariantAnnotation, c: ConsequenceRecord, allele: string): void {
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
    case 19: if (c.strand) out.int(c.strand); return;
    case 21: if (c.picked) out.byte(49); return; // 1
    case 22: if (c.canonical) out.text('YES'); return;
    case 23: if (c.mane) escaped(out, c.mane); return;
    case 24: if (c.hgvsShift !== undefined) out.number(c.hgvsShift); return;
    default: {
      const x = get(a, c, allele);
      if (x === undefined || x === null || x === '') return;
      if (typeof x === 'number') out.number(x);
      else escaped(out, typeof x === 'string' ? x : String(x));
    }
  }
}

/** `escapeCsq(s)` written to `out`: copied as is in one pass unless a character needs escaping. */
function escaped(out: TextBytes, s: string): void {
  const n = s.length;
  out.ensure(n);
  const buf = out.buf;
  let o = out.len;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // , | ; = and ASCII whitespace; anything past ASCII goes to the regex (Unicode spaces)
    if (c === 44 || c === 124 || c === 59 || c === 61 || c === 32 || (c >= 9 && c <= 13) || c > 127) {
      out.text(escapeCsq(s));
      return;
    }
    buf[o++] = c;
  }
  out.len = o;
}

let lastFields: readonly string[] | undefined;
let lastGetters: FieldGetter[] = [];
let lastCodes: number[] = [];
/** Getter per field, resolved once per field list (custom source names read `custom`). */
function compiled(fields: readonly string[]): FieldGetter[] {
  if (fields !== lastFields) {
    lastFields = fields;
    lastGetters = fields.map((f) => GETTERS[f] ?? ((a: VariantAnnotation) => a.custom?.[f] as string | number | undefined));
    lastCodes = fields.map((f) => (Object.hasOwn(GETTERS, f) ? (DEFAULT_CSQ_FIELDS as readonly string[]).indexOf(f) : -1));
  }
  return lastGetters;
}

/**
 * The record's line with `key=value` appended to INFO, working on bytes: `infoStart`/
 * `infoEnd` bound the INFO column. An existing `key=` entry takes the slow path.
 */
export function appendInfoBytes(line: Buffer, infoStart: number, infoEnd: number, key: string, value: string): Buffer {
  const empty = infoIsEmpty(line, infoStart, infoEnd);
  if (!empty && hasInfoKey(line, infoStart, infoEnd, key)) return Buffer.from(addInfoField(line.toString('latin1'), key, value), 'latin1');
  const n = (empty ? infoStart : infoEnd + 1) + key.length + 1 + Buffer.byteLength(value, 'utf8') + (line.length - infoEnd);
  const out = Buffer.allocUnsafe(n);
  let at = line.copy(out, 0, 0, empty ? infoStart : infoEnd);
  if (!empty) out[at++] = 59; // ;
  at += out.write(key, at, 'latin1');
  out[at++] = 61; // =
  if (value.length > 0) at += out.write(value, at, 'utf8');
  line.copy(out, at, infoEnd);
  return out;
}

export function infoIsEmpty(line: Buffer, infoStart: number, infoEnd: number): boolean {
  return infoEnd === infoStart || (infoEnd === infoStart + 1 && line[infoStart] === 46 /* . */);
}

/** Whether INFO bytes [from, to) hold a `key=` entry. */
export function hasInfoKey(line: Buffer, from: number, to: number, key: string): boolean {
  const n = key.length;
  for (let i = from; i + n < to; i++) {
    if (i !== from && line[i - 1] !== 59) continue;
    let k = 0;
    while (k < n && line[i + k] === key.charCodeAt(k)) k++;
    if (k === n && line[i + n] === 61) return true;
  }
  return false;
}

/** Inserts `CSQ=...` into a VCF line's INFO column (replacing an existing CSQ). */
export function addInfoField(line: string, key: string, value: string): string {
  const c = line.split('\t');
  if (c.length < 8) return line;
  const items = c[7] === '.' || c[7] === '' ? [] : c[7]!.split(';').filter((x) => !x.startsWith(`${key}=`));
  if (value !== '') items.push(`${key}=${value}`);
  c[7] = items.length > 0 ? items.join(';') : '.';
  return c.join('\t');
}
