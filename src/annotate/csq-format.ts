import type { ConsequenceRecord, VariantAnnotation } from './annotation.js';

/**
 * VEP-compatible `CSQ` INFO values. The leading columns follow VEP's `--vcf` output so
 * `bcftools +split-vep` and other VEP readers work unchanged; `--fields` picks a subset.
 */
export const DEFAULT_CSQ_FIELDS = [
  'Allele', 'Consequence', 'IMPACT', 'SYMBOL', 'Gene', 'Feature_type', 'Feature', 'BIOTYPE', 'EXON', 'INTRON', 'HGVSc', 'HGVSp',
  'cDNA_position', 'CDS_position', 'Protein_position', 'Amino_acids', 'Codons', 'Existing_variation', 'DISTANCE', 'STRAND', 'FLAGS',
  'PICK', 'CANONICAL', 'MANE', 'HGVS_OFFSET', 'HAPLOTYPE', 'CLIN_SIG', 'CLIN_REVSTAT', 'CLIN_DN', 'AF', 'MAX_AF', 'MAX_AF_POPS',
] as const;

/** VEP fields written only when `--fields` asks for them (VEP's --tsl, --appris, --ccds, --protein, --variant_class, --symbol). */
export const EXTRA_CSQ_FIELDS = ['TSL', 'APPRIS', 'CCDS', 'ENSP', 'VARIANT_CLASS', 'HGNC_ID', 'SYMBOL_SOURCE'] as const;

/** Every field precis fills, in the order of the writer's field codes. */
export const ALL_CSQ_FIELDS: readonly string[] = [...DEFAULT_CSQ_FIELDS, ...EXTRA_CSQ_FIELDS];

export const KNOWN_CSQ_FIELDS = new Set<string>(ALL_CSQ_FIELDS);

/** The fields written from HGVS notation: without one of them the notation need not be computed. */
export const HGVS_FIELDS = new Set<string>(['HGVSc', 'HGVSp', 'HGVS_OFFSET']);

export type FieldGetter = (a: VariantAnnotation, c: ConsequenceRecord, allele: string) => string | number | undefined | null;

export const GETTERS: Record<string, FieldGetter> = {
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
  FLAGS: (a, c) => flagsOf(a, c),
  PICK: (_a, c) => (c.picked ? 1 : undefined),
  CANONICAL: (_a, c) => (c.canonical ? 'YES' : undefined),
  MANE: (_a, c) => c.mane,
  // VEP signs the shift by the transcript's strand: along the genome, not the transcript
  HGVS_OFFSET: (_a, c) => hgvsOffset(c),
  HAPLOTYPE: (_a, c) => (c.haplotype ? `${c.haplotype.terms.join('&')}:${c.haplotype.aminoAcids}:${c.haplotype.codons}:${c.haplotype.with.map((w) => w.replace(' ', '')).join('+')}` : undefined),
  CLIN_SIG: (a) => a.clinvar?.significance,
  CLIN_REVSTAT: (a) => a.clinvar?.reviewStatus,
  CLIN_DN: (a) => a.clinvar?.condition,
  AF: (a) => a.frequencies?.AF,
  MAX_AF: (a) => a.frequencies?.popmax?.AF,
  MAX_AF_POPS: (a) => a.frequencies?.popmax?.population,
  TSL: (_a, c) => c.tsl,
  APPRIS: (_a, c) => (c.appris === undefined ? undefined : c.appris > 10 ? `A${c.appris - 10}` : `P${c.appris}`),
  CCDS: (_a, c) => c.ccds,
  ENSP: (_a, c) => c.proteinId,
  VARIANT_CLASS: (a) => variantClass(a.ref, a.alt),
  HGNC_ID: (_a, c) => c.hgncId,
  // only an HGNC id says where the symbol comes from
  SYMBOL_SOURCE: (_a, c) => (c.hgncId ? 'HGNC' : undefined),
};

/** VEP's VARIANT_CLASS of an ALT: SNV, insertion, deletion, indel, substitution or sequence_alteration. */
export function variantClass(ref: string, alt: string): string {
  if (!/^[ACGTN]+$/i.test(ref) || !/^[ACGTN]+$/i.test(alt)) return 'sequence_alteration';
  let s = 0;
  while (s < ref.length && s < alt.length && ref[s] === alt[s]) s++;
  let e = 0;
  while (e < ref.length - s && e < alt.length - s && ref[ref.length - 1 - e] === alt[alt.length - 1 - e]) e++;
  const r = ref.length - s - e;
  const x = alt.length - s - e;
  if (r === 0 && x === 0) return 'sequence_alteration';
  if (r === 0) return 'insertion';
  if (x === 0) return 'deletion';
  if (r === x) return r === 1 ? 'SNV' : 'substitution';
  return 'indel';
}

/** HGVS_OFFSET as VEP writes it: the 3′ shift in bases, negative on a minus-strand transcript. */
export function hgvsOffset(c: ConsequenceRecord): number | undefined {
  if (c.hgvsShift === undefined) return undefined;
  return c.strand === -1 ? -c.hgvsShift : c.hgvsShift;
}

/** FLAGS: the transcript's (cds_start_NF...), then most_severe_not_picked on the picked entry. */
export function flagsOf(a: VariantAnnotation, c: ConsequenceRecord): string | undefined {
  const notPicked = c.picked && a.mostSevereNotPicked === true;
  if (c.flags === undefined) return notPicked ? 'most_severe_not_picked' : undefined;
  return notPicked ? `${c.flags}&most_severe_not_picked` : c.flags;
}

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
