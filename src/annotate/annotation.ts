import type { ClinVarAnnotation } from './clinvar.js';
import type { CustomValue } from './custom-source.js';
import type { FrequencyAnnotation } from './frequencies.js';
import type { HaplotypeChange } from './haplotype.js';
import type { Impact, SoTerm } from './so-terms.js';

/** One transcript consequence in the JSON shape precis publishes (`-O j`, report). */
export interface ConsequenceRecord {
  gene: string;
  geneId: string;
  transcript: string | null;
  biotype: string;
  strand: 1 | -1 | null;
  terms: SoTerm[];
  impact: Impact;
  exon?: string;
  intron?: string;
  hgvsc?: string;
  hgvsp?: string;
  /** bases the HGVS c. notation was shifted 3′ (HGVS rule) away from the VCF position */
  hgvsShift?: number;
  cdnaPosition?: string;
  cdsPosition?: string;
  proteinPosition?: string;
  aminoAcids?: string;
  codons?: string;
  distance?: number;
  mane: 'MANE_Select' | 'MANE_Plus_Clinical' | null;
  canonical: boolean;
  picked: boolean;
  /** the transcript's FLAGS (`cds_start_NF`, `cds_end_NF`) */
  flags?: string;
  /** the codon change together with other variants on the same phased haplotype */
  haplotype?: HaplotypeChange;
  /** the transcript's support level, APPRIS rank (see Transcript.appris), CCDS id and protein id, when the gene models give them */
  tsl?: number;
  appris?: number;
  ccds?: string;
  proteinId?: string;
  /** the gene's HGNC id (`HGNC:5`), when the gene models give it */
  hgncId?: string;
}

/** Everything precis says about one ALT allele of one VCF record. */
export interface VariantAnnotation {
  chrom: string;
  pos: number;
  id: string | null;
  ref: string;
  alt: string;
  consequences: ConsequenceRecord[];
  mostSevere: SoTerm;
  impact: Impact;
  /** the most severe consequence lies on a transcript other than the picked one */
  mostSevereNotPicked?: true;
  clinvar?: ClinVarAnnotation;
  frequencies?: FrequencyAnnotation;
  /** values of custom sources by name (in the annotator's pool, names without a value hold undefined) */
  custom?: Record<string, CustomValue>;
  /** IDs of matching known variants (frequency/ClinVar sources) */
  existing?: string[];
  /** the VCF REF differs from the reference FASTA */
  refMismatch?: true;
}

/**
 * A fresh copy of an annotation the annotator keeps in its pool, with the keys in the
 * order the annotator has always produced them (JSON output depends on it).
 */
export function copyAnnotation(a: VariantAnnotation): VariantAnnotation {
  const out: VariantAnnotation = { chrom: a.chrom, pos: a.pos, id: a.id, ref: a.ref, alt: a.alt, consequences: a.consequences.map(copyConsequence), mostSevere: a.mostSevere, impact: a.impact };
  if (a.mostSevereNotPicked) out.mostSevereNotPicked = true;
  if (a.refMismatch) out.refMismatch = true;
  if (a.clinvar) out.clinvar = a.clinvar;
  if (a.frequencies) out.frequencies = a.frequencies;
  if (a.custom) out.custom = setValues(a.custom);
  if (a.existing) out.existing = a.existing;
  return out;
}

/** The values that are set (the annotator's custom objects hold every name). */
function setValues(custom: Record<string, CustomValue>): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const k in custom) if (custom[k] !== undefined) out[k] = custom[k]!;
  return out;
}

function copyConsequence(c: ConsequenceRecord): ConsequenceRecord {
  const r: ConsequenceRecord = {
    gene: c.gene,
    geneId: c.geneId,
    transcript: c.transcript,
    biotype: c.biotype,
    strand: c.strand,
    terms: c.terms,
    impact: c.impact,
    mane: c.mane,
    canonical: c.canonical,
    picked: c.picked,
  };
  if (c.exon) r.exon = c.exon;
  if (c.intron) r.intron = c.intron;
  if (c.hgvsc) r.hgvsc = c.hgvsc;
  if (c.hgvsp) r.hgvsp = c.hgvsp;
  if (c.hgvsShift) r.hgvsShift = c.hgvsShift;
  if (c.cdnaPosition) r.cdnaPosition = c.cdnaPosition;
  if (c.cdsPosition) r.cdsPosition = c.cdsPosition;
  if (c.proteinPosition) r.proteinPosition = c.proteinPosition;
  if (c.aminoAcids) r.aminoAcids = c.aminoAcids;
  if (c.codons) r.codons = c.codons;
  if (c.distance !== undefined) r.distance = c.distance;
  if (c.flags) r.flags = c.flags;
  if (c.haplotype) r.haplotype = c.haplotype;
  if (c.tsl !== undefined) r.tsl = c.tsl;
  if (c.appris !== undefined) r.appris = c.appris;
  if (c.ccds) r.ccds = c.ccds;
  if (c.proteinId) r.proteinId = c.proteinId;
  if (c.hgncId) r.hgncId = c.hgncId;
  return r;
}

/** An annotation with every field present, for the annotator's pool (keys in copy order). */
export function blankAnnotation(): VariantAnnotation {
  return {
    chrom: '', pos: 0, id: null, ref: '', alt: '', consequences: [], mostSevere: 'sequence_variant', impact: 'MODIFIER',
    mostSevereNotPicked: undefined, refMismatch: undefined, clinvar: undefined, frequencies: undefined, custom: undefined, existing: undefined,
  };
}

export function blankConsequenceRecord(): ConsequenceRecord {
  return {
    gene: '', geneId: '', transcript: null, biotype: '', strand: null, terms: [], impact: 'MODIFIER', mane: null, canonical: false, picked: false,
    exon: undefined, intron: undefined, hgvsc: undefined, hgvsp: undefined, hgvsShift: undefined, cdnaPosition: undefined, cdsPosition: undefined,
    proteinPosition: undefined, aminoAcids: undefined, codons: undefined, distance: undefined, flags: undefined, haplotype: undefined,
    tsl: undefined, appris: undefined, ccds: undefined, proteinId: undefined, hgncId: undefined,
  };
}
