import type { VariantAnnotation } from './annotation.js';

/** Counts for a report: by most severe consequence, impact and ClinVar class, per ALT allele. */
export interface AnnotationSummary {
  records: number;
  alleles: number;
  byConsequence: Record<string, number>;
  byImpact: Record<string, number>;
  byClinVar: Record<string, number>;
  withFrequency: number;
  refMismatches: number;
  /** alleles on contigs the gene models do not cover */
  unknownContig: number;
  /** those contigs, in input order (the first 20) */
  unknownContigs: string[];
  /** alleles on contigs the gene models cover and the --fasta lacks: no codons, amino acids or HGVSp there */
  noReferenceSequence: number;
  /** those contigs, in input order (the first 20) */
  noReferenceContigs: string[];
  mostSevereNotPicked: number;
  /** same-codon SNV pairs combined on a phased haplotype */
  haplotypeCombined: number;
}

export function emptySummary(): AnnotationSummary {
  return { records: 0, alleles: 0, byConsequence: {}, byImpact: {}, byClinVar: {}, withFrequency: 0, refMismatches: 0, unknownContig: 0, unknownContigs: [], noReferenceSequence: 0, noReferenceContigs: [], mostSevereNotPicked: 0, haplotypeCombined: 0 };
}

const CONTIG_NAMES = 20;

/** Notes a contig the gene models do not cover (called once per run of its records). */
export function addUnknownContig(s: AnnotationSummary, chrom: string): void {
  addName(s.unknownContigs, chrom);
}

/** Notes a contig of the gene models that the FASTA lacks (called once per run of its records). */
export function addNoReferenceContig(s: AnnotationSummary, chrom: string): void {
  addName(s.noReferenceContigs, chrom);
}

function addName(names: string[], chrom: string): void {
  if (names.length < CONTIG_NAMES && !names.includes(chrom)) names.push(chrom);
}

/** `knownContig`: the gene models cover the record's contig; `withSequence`: the FASTA, if any, holds it. */
export function addToSummary(s: AnnotationSummary, annotations: readonly VariantAnnotation[], knownContig: boolean, withSequence = true): void {
  s.records++;
  for (const a of annotations) {
    s.alleles++;
    s.byConsequence[a.mostSevere] = (s.byConsequence[a.mostSevere] ?? 0) + 1;
    s.byImpact[a.impact] = (s.byImpact[a.impact] ?? 0) + 1;
    if (a.clinvar) s.byClinVar[a.clinvar.class] = (s.byClinVar[a.clinvar.class] ?? 0) + 1;
    if (a.frequencies) s.withFrequency++;
    if (a.mostSevereNotPicked) s.mostSevereNotPicked++;
    if (!knownContig) s.unknownContig++;
    else if (!withSequence) s.noReferenceSequence++;
  }
  if (annotations[0]?.refMismatch) s.refMismatches++;
}

/** Notable for a report: ClinVar pathogenic/likely pathogenic or a HIGH-impact consequence. */
export function isNotable(a: VariantAnnotation): boolean {
  return a.impact === 'HIGH' || a.clinvar?.class === 'pathogenic' || a.clinvar?.class === 'likely_pathogenic';
}

/** Adds the counts of `part` (a later stretch of the input) to `into`. */
export function mergeSummary(into: AnnotationSummary, part: AnnotationSummary): void {
  into.records += part.records;
  into.alleles += part.alleles;
  addCounts(into.byConsequence, part.byConsequence);
  addCounts(into.byImpact, part.byImpact);
  addCounts(into.byClinVar, part.byClinVar);
  into.withFrequency += part.withFrequency;
  into.refMismatches += part.refMismatches;
  into.unknownContig += part.unknownContig;
  for (const c of part.unknownContigs) addUnknownContig(into, c);
  into.noReferenceSequence += part.noReferenceSequence;
  for (const c of part.noReferenceContigs) addNoReferenceContig(into, c);
  into.mostSevereNotPicked += part.mostSevereNotPicked;
  into.haplotypeCombined += part.haplotypeCombined;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}
