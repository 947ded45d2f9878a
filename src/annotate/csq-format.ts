import type { ConsequenceRecord, VariantAnnotation } from './annotation.js';
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
  const getters = compiled(fields);
  const codes = lastCodes;
  const alts = annotations.map((a) => a.alt);
  let out = '';
  for (const a of annotations) {
    const allele = csqAlleleString(a.ref, a.alt, alts);
    for (const c of a.consequences.length > 0 ? a.consequences : NO_CONSEQUENCES) {
      if (out !== '') out += ',';
      // separators are appended as one run before the next non-empty value: most fields are empty
      let pipes = 0;
      for (let i = 0; i < getters.length; i++) {
        if (i > 0) pipes++;
        const x = fieldValue(codes[i]!, getters[i]!, a, c, allele);
        if (x === undefined || x === null || x === '') continue;
        const text = typeof x === 'number' ? String(x) : CLEAN[codes[i]! + 1] ? (x as string) : STATIC[codes[i]! + 1] ? escapeStatic(x as string) : escapeCsq(String(x));
        out += pipes === 0 ? text : pipeRun(pipes) + text;
        pipes = 0;
      }
      if (pipes > 0) out += pipeRun(pipes);
    }
  }
  return out;
}

const PIPE_RUNS: string[] = [''];
function pipeRun(n: number): string {
  while (PIPE_RUNS.length <= n) PIPE_RUNS.push('|'.repeat(PIPE_RUNS.length));
  return PIPE_RUNS[n]!;
}

// The common fields are read in one switch (field codes = index in DEFAULT_CSQ_FIELDS):
// calling a different getter closure per field cost more than the values themselves.
function fieldValue(code: number, get: FieldGetter, a: VariantAnnotation, c: ConsequenceRecord, allele: string): string | number | undefined | null {
  switch (code) {
    case 0: return allele;
    case 1: return c.terms.length === 1 ? c.terms[0] : c.terms.join('&');
    case 2: return c.terms.length > 0 ? c.impact : undefined;
    case 3: return c.gene;
    case 4: return c.geneId;
    case 5: return c.transcript ? 'Transcript' : '';
    case 6: return c.transcript;
    case 7: return c.biotype;
    case 8: return c.exon;
    case 9: return c.intron;
    case 10: return c.hgvsc;
    case 11: return c.hgvsp;
    case 12: return c.cdnaPosition;
    case 13: return c.cdsPosition;
    case 14: return c.proteinPosition;
    case 15: return c.aminoAcids;
    case 16: return c.codons;
    case 18: return c.distance;
    case 19: return c.strand;
    case 21: return c.picked ? 1 : undefined;
    case 22: return c.canonical ? 'YES' : undefined;
    case 23: return c.mane;
    case 24: return c.hgvsShift;
    default: return get(a, c, allele);
  }
}

// By field code (+1, so custom fields at -1 come first): values precis composes from
// SO terms, digits, amino acids and bases never need escaping (numbers neither) ...
const CLEAN = codeFlags([1, 2, 5, 8, 9, 12, 13, 14, 15, 16, 18, 19, 21, 22, 24]);
// ... and gene-model names repeat from record to record: their escaped form is cached.
const STATIC = codeFlags([3, 4, 6, 7, 23]);
function codeFlags(codes: number[]): Uint8Array {
  const f = new Uint8Array(DEFAULT_CSQ_FIELDS.length + 1);
  for (const c of codes) f[c + 1] = 1;
  return f;
}
const escaped = new Map<string, string>();
function escapeStatic(s: string): string {
  let e = escaped.get(s);
  if (e === undefined) {
    if (escaped.size >= 100_000) escaped.clear();
    e = escapeCsq(s);
    escaped.set(s, e);
  }
  return e;
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
  const n = appendedLength(line, infoStart, infoEnd, key, value, true);
  if (n < 0) return Buffer.from(addInfoField(line.toString('latin1'), key, value), 'latin1');
  const out = Buffer.allocUnsafe(n);
  writeAppended(out, 0, line, infoStart, infoEnd, key, value);
  return out;
}

function infoIsEmpty(line: Buffer, infoStart: number, infoEnd: number): boolean {
  return infoEnd === infoStart || (infoEnd === infoStart + 1 && line[infoStart] === 46 /* . */);
}

/**
 * Byte length of the line once `key=value` is appended to its INFO (`exact`), or an upper
 * bound that spares a pass over the value; -1 when INFO already holds `key` (the caller
 * then takes the `addInfoField` path).
 */
export function appendedLength(line: Buffer, infoStart: number, infoEnd: number, key: string, value: string, exact = false): number {
  const empty = infoIsEmpty(line, infoStart, infoEnd);
  if (!empty && hasInfoKey(line, infoStart, infoEnd, key)) return -1;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit
  const valueBytes = value.length === 0 ? 0 : exact ? Buffer.byteLength(value, 'utf8') : 3 * value.length;
  return (empty ? infoStart : infoEnd + 1) + key.length + 1 + valueBytes + (line.length - infoEnd);
}

/** Writes the line with `key=value` appended to INFO into `out` at `at`; returns the end offset. */
export function writeAppended(out: Buffer, at: number, line: Buffer, infoStart: number, infoEnd: number, key: string, value: string): number {
  const empty = infoIsEmpty(line, infoStart, infoEnd);
  at += line.copy(out, at, 0, empty ? infoStart : infoEnd);
  if (!empty) out[at++] = 59; // ;
  at += out.write(key, at, 'latin1');
  out[at++] = 61; // =
  if (value.length > 0) at += out.write(value, at, 'utf8');
  at += line.copy(out, at, infoEnd);
  return at;
}

/** Whether INFO bytes [from, to) hold a `key=` entry. */
function hasInfoKey(line: Buffer, from: number, to: number, key: string): boolean {
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
