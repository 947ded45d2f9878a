/** A transcript model in genome coordinates (1-based, inclusive), as consequence calling needs it. */
export interface Transcript {
  /** stable ID without version, e.g. ENST00000341065 */
  id: string;
  /** version suffix when the source gives one ("4"), else undefined */
  version?: string;
  geneId: string;
  geneName: string;
  biotype: string;
  chrom: string;
  strand: 1 | -1;
  start: number;
  end: number;
  /** exon bounds, flattened [start0, end0, start1, end1, ...], ascending in genome order */
  exons: Int32Array;
  /** coding span in genome coordinates (incl. the stop codon); 0 when non-coding */
  cdsStart: number;
  cdsEnd: number;
  /** phase of the first coding base in transcript order (non-zero for 5'-incomplete CDS) */
  cdsPhase: number;
  /**
   * Programmed -1 ribosomal frameshifts (SARS-CoV-2 ORF1ab, HIV gag-pol), from CDS pieces
   * that overlap: pairs [g, n] flattened, in transcript order, where translation reads the
   * n bases ending at genome position g again (g is the last base of the earlier piece).
   * Absent for ordinary transcripts.
   */
  slips?: number[];
  /**
   * NCBI translation table of the coding sequence: the GFF's `transl_table` when it gives
   * one, else 2 (vertebrate mitochondrial) on the mitochondrion, else 1 (standard).
   */
  geneticCode: number;
  proteinId?: string;
  mane?: 'MANE_Select' | 'MANE_Plus_Clinical';
  maneId?: string;
  canonical: boolean;
  /**
   * VEP's transcript FLAGS: `cds_start_NF` and/or `cds_end_NF` (`&`-joined) when the model
   * says its CDS is incomplete (GENCODE/Ensembl tags, or a first CDS piece whose phase is not 0).
   */
  flags: string | undefined;
  /** the CCDS id, or CCDS_TAGGED when a `CCDS` tag says there is one but not which */
  ccds?: string;
  /** transcript support level (1 best .. 5), undefined when not given */
  tsl?: number;
  /** APPRIS isoform rank as VEP orders it: principal_N is N, alternative_N is 10 + N (GENCODE's appris_* tags) */
  appris?: number;
  /** the gene's HGNC id (`HGNC:5`), from GENCODE's hgnc_id or RefSeq's Dbxref */
  hgncId?: string;
  basic: boolean;
}

/** `Transcript.ccds` of a transcript tagged CCDS without the id (it still ranks as CCDS in --pick). */
export const CCDS_TAGGED = 'CCDS';

export function isCoding(t: Transcript): boolean {
  return t.cdsStart > 0;
}

export function versionedId(t: Transcript): string {
  if (!t.version) return t.id;
  // built once per transcript: every consequence record and HGVS string repeats it
  let v = versioned.get(t);
  if (v === undefined) {
    v = `${t.id}.${t.version}`;
    versioned.set(t, v);
  }
  return v;
}
const versioned = new WeakMap<Transcript, string>();

/** Spliced length of the exons. */
export function transcriptLength(t: Transcript): number {
  let n = 0;
  for (let i = 0; i < t.exons.length; i += 2) n += t.exons[i + 1]! - t.exons[i]! + 1;
  return n;
}

/** Spliced length of the coding sequence (exonic bases between cdsStart and cdsEnd). */
export function cdsLength(t: Transcript): number {
  if (!isCoding(t)) return 0;
  let n = 0;
  for (let i = 0; i < t.exons.length; i += 2) {
    const s = Math.max(t.exons[i]!, t.cdsStart);
    const e = Math.min(t.exons[i + 1]!, t.cdsEnd);
    if (e >= s) n += e - s + 1;
  }
  return n;
}
