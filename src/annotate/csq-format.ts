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

/** VEP's escaping inside one CSQ value: no `,` `;` `=` `|` or whitespace may survive. */
export function escapeCsq(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[,|]/g, '&').replace(/;/g, '%3B').replace(/=/g, '%3D').replace(/\s+/g, '_');
}
const NEEDS_ESCAPE = /[,|;=\s]/;

export function csqHeaderLine(fields: readonly string[]): string {
  return `##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from precis annotate (VEP-compatible). Format: ${fields.join('|')}">`;
}

/** The CSQ value for all ALT alleles of one record (one comma-separated entry per allele and consequence). */
export function formatCsq(annotations: readonly VariantAnnotation[], fields: readonly string[]): string {
  const getters = compiled(fields);
  const alts = annotations.map((a) => a.alt);
  let out = '';
  for (const a of annotations) {
    const allele = csqAlleleString(a.ref, a.alt, alts);
    for (const c of a.consequences.length > 0 ? a.consequences : [NO_CONSEQUENCE]) {
      if (out !== '') out += ',';
      for (let i = 0; i < getters.length; i++) {
        if (i > 0) out += '|';
        const x = getters[i]!(a, c, allele);
        if (x !== undefined && x !== null && x !== '') out += escapeCsq(String(x));
      }
    }
  }
  return out;
}

let lastFields: readonly string[] | undefined;
let lastGetters: FieldGetter[] = [];
/** Getter per field, resolved once per field list (custom source names read `custom`). */
function compiled(fields: readonly string[]): FieldGetter[] {
  if (fields !== lastFields) {
    lastFields = fields;
    lastGetters = fields.map((f) => GETTERS[f] ?? ((a: VariantAnnotation) => a.custom?.[f] as string | number | undefined));
  }
  return lastGetters;
}

/**
 * The record's line with `key=value` appended to INFO, working on bytes: `infoStart`/
 * `infoEnd` bound the INFO column. An existing `key=` entry takes the slow path.
 */
export function appendInfoBytes(line: Buffer, infoStart: number, infoEnd: number, key: string, value: string): Buffer {
  const info = line.toString('latin1', infoStart, infoEnd);
  if (info.startsWith(`${key}=`) || info.includes(`;${key}=`)) return Buffer.from(addInfoField(line.toString('latin1'), key, value), 'latin1');
  const empty = info === '.' || info === '';
  const insert = Buffer.from(`${empty ? '' : ';'}${key}=${value}`, 'utf8');
  const head = empty ? line.subarray(0, infoStart) : line.subarray(0, infoEnd);
  return Buffer.concat([head, insert, line.subarray(infoEnd)]);
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
