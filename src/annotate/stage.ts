import { GenotypeScanner, VcfRecord, type VcfHeader, type VcfStage } from '../vcf/index.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import { copyAnnotation, type ConsequenceRecord, type VariantAnnotation } from './annotation.js';
import { Annotator, type AnnotatorOptions } from './annotator.js';
import { combineSameCodon, haplotypesByAllele, LINKED_BASES, mayCombine, type CodeLookup, type CombinedLookup, type PhasedRecord } from './haplotype.js';
import { geneticCode } from './codon.js';
import { versionedId, type Transcript } from './transcript.js';
import { codonBases } from './transcript-map.js';
import { addNoReferenceContig, addToSummary, addUnknownContig, emptySummary, isNotable, type AnnotationSummary } from './summary.js';

export interface AnnotateProvenance {
  /** null when run without consequences (sources only) */
  geneModels: { file: string; format: string; transcripts: number; release?: string } | null;
  fasta: string | null;
  sources: { kind: 'clinvar' | 'frequencies' | 'custom'; file: string; release?: string }[];
  consequenceRanking: string;
  genomeBuild: string | null;
}

export interface AnnotateResult {
  schemaVersion: string;
  precisVersion: string;
  researchUseOnly: true;
  input: string;
  provenance: AnnotateProvenance;
  summary: AnnotationSummary;
  /** ClinVar pathogenic/likely pathogenic and HIGH-impact alleles, up to `notableLimit` */
  notable: VariantAnnotation[];
  notableTruncated: number;
}

/** What a stretch of the input added: its counts and notable alleles (parallel annotation merges them in input order). */
export interface AnnotatePart {
  summary: AnnotationSummary;
  notable: VariantAnnotation[];
  notableTruncated: number;
}

/** The result document of a run over `input`: provenance, counts and notable alleles. */
export function annotateResult(input: string, provenance: Omit<AnnotateProvenance, 'genomeBuild'>, header: VcfHeader | undefined, part: AnnotatePart): AnnotateResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    precisVersion: VERSION,
    researchUseOnly: true,
    input,
    provenance: { ...provenance, genomeBuild: header?.build ?? null },
    summary: part.summary,
    notable: part.notable,
    notableTruncated: part.notableTruncated,
  };
}

/** The annotate stage, which can also be cut: see `cut`. */
export interface AnnotateStage extends VcfStage<AnnotateResult> {
  /**
   * The input is cut here (parallel annotation: the next record accepted comes from
   * another stretch of it). Writes out what waits for later records (a haplotype group)
   * and hands over what was counted since the last cut, starting the counts afresh.
   */
  cut(): Promise<AnnotatePart>;
}

export interface AnnotateStageOptions extends AnnotatorOptions {
  provenance: Omit<AnnotateProvenance, 'genomeBuild'>;
  /** receives every record's annotations (the CLI writes them out); must not keep `rec` */
  onAnnotated?: (rec: VcfRecord, annotations: readonly VariantAnnotation[]) => void | Promise<void>;
  /**
   * `onAnnotated` reads the annotations during the call and keeps nothing of them (the
   * writers): it is then given the annotator's reused objects instead of copies.
   */
  transient?: boolean;
  /** bound on the notable list kept for the report (memory stays bounded) */
  notableLimit?: number;
  /** combine variants that change one codon on a shared phased haplotype (default true; needs genotypes) */
  haplotypes?: boolean;
}

/** Records between turns of the event loop. */
const TURN = 1024;

/** Records a run of nearby phased records holds before its oldest are written out. */
const GROUP_LIMIT = 4096;

/** The haplotypes of a record none of whose alleles may combine: none are looked at. */
const NO_HAPLOTYPES: Set<number>[] = [];

/**
 * The annotation stage: per record, consequences and known-variant lookups; it keeps
 * only the summary and the notable alleles, so memory does not grow with the input.
 */
export function createAnnotateStage(options: AnnotateStageOptions): AnnotateStage {
  const annotator = new Annotator(options);
  let summary = emptySummary();
  let notable: VariantAnnotation[] = [];
  const limit = options.notableLimit ?? 10_000;
  let truncated = 0;
  let header: VcfHeader | undefined;
  let input = '';
  let lastChrom = '';
  let lastKnown = false;
  let lastWithSequence = true;
  const transient = options.transient === true;
  const record = (rec: VcfRecord, annotations: readonly VariantAnnotation[], owned: boolean): void | Promise<void> => {
    if (rec.chrom !== lastChrom) {
      lastChrom = rec.chrom;
      lastKnown = options.index.hasContig(rec.chrom);
      if (!lastKnown && options.consequences !== false) addUnknownContig(summary, rec.chrom);
      // a FASTA named unlike the gene models gives no codons: said once, at the end, not silently
      lastWithSequence = !lastKnown || options.fasta === undefined || options.fasta.contigLength(rec.chrom) !== undefined;
      if (!lastWithSequence) addNoReferenceContig(summary, rec.chrom);
    }
    addToSummary(summary, annotations, lastKnown, lastWithSequence);
    for (const a of annotations) {
      if (!isNotable(a)) continue;
      if (notable.length < limit) notable.push(owned ? a : copyAnnotation(a));
      else truncated++;
    }
    return options.onAnnotated?.(rec, annotations);
  };
  // the transcript of consequence `c` of allele `a` (haplotype combination, on the few alleles it looks at)
  const transcriptOf = (a: VariantAnnotation, c: ConsequenceRecord): Transcript | undefined =>
    options.index.overlapping(a.chrom, a.pos, a.pos).find((x) => versionedId(x) === c.transcript);
  const codeOf: CodeLookup = (a, c) => {
    const t = transcriptOf(a, c);
    return t ? geneticCode(t.geneticCode) : undefined;
  };
  const combinedOf: CombinedLookup = (chrom, members) => annotator.combinedConsequences(chrom, members);
  // the far end of a carried SNV's codon where an intron splits it: its partner may lie there
  const reachOf = (annotations: readonly VariantAnnotation[], haplotypes: Set<number>[]): number => {
    let reach = 0;
    for (let k = 0; k < annotations.length; k++) {
      const a = annotations[k]!;
      if (!haplotypes[k]?.size || a.ref.length !== 1 || a.alt.length !== 1) continue;
      for (const c of a.consequences) {
        if (!c.codons || c.proteinPosition === undefined) continue;
        const t = transcriptOf(a, c);
        const bases = t ? codonBases(t, a.pos) : undefined;
        if (bases) reach = Math.max(reach, bases[0], bases[1], bases[2]);
      }
    }
    return reach;
  };
  // Records that may change codons together (within LINKED_BASES of each other, or across
  // the intron that splits one codon) wait here until the run ends; the line is copied
  // because the reader reuses its bytes. A run longer than GROUP_LIMIT (sorted) has its
  // pairs combined so far and its records more than LINKED_BASES behind the newest written
  // out, so memory stays bounded however long the run.
  let scanner: GenotypeScanner | undefined;
  let pending: (PhasedRecord & { rec: VcfRecord })[] = [];
  let pendingChrom = '';
  let pendingEnd = 0;
  let pendingSorted = true;
  // pairs ending before this index of `pending` have been combined
  let combinedFrom = 0;
  const emit = (group: (PhasedRecord & { rec: VcfRecord })[]): void | Promise<void> => {
    let i = 0;
    const next = (): void | Promise<void> => {
      while (i < group.length) {
        const g = group[i++]!;
        const p = record(g.rec, g.annotations, true);
        if (p) return p.then(next);
      }
    };
    return next();
  };
  const flush = (): void | Promise<void> => {
    const group = pending;
    pending = [];
    if (group.length > 1) summary.haplotypeCombined += combineSameCodon(group, codeOf, combinedFrom, combinedOf);
    combinedFrom = 0;
    return emit(group);
  };
  const queue = (rec: VcfRecord, annotations: readonly VariantAnnotation[], owned: boolean, haplotypes: Set<number>[]): void | Promise<void> => {
    const p = pending.length > 0 && (rec.chrom !== pendingChrom || rec.pos > pendingEnd + LINKED_BASES) ? flush() : undefined;
    const carried = haplotypes.some((h) => h.size > 0);
    const add = (): void | Promise<void> => {
      if (pending.length === 0 && !carried) return record(rec, annotations, owned);
      if (pending.length === 0) pendingSorted = true;
      else if (rec.pos < pending[pending.length - 1]!.pos!) pendingSorted = false;
      // kept past this record: its own copy of the annotations (combining edits them)
      const reach = carried ? reachOf(annotations, haplotypes) : 0;
      pending.push({ rec: new VcfRecord(Buffer.from(rec.line), rec.lineNo, rec.file), pos: rec.pos, annotations: owned ? [...annotations] : annotations.map(copyAnnotation), haplotypes, reach: reach > rec.end + LINKED_BASES ? reach : undefined });
      pendingChrom = rec.chrom;
      // a split codon holds the run open to its far part (across the intron); a run that
      // reaches GROUP_LIMIT meanwhile writes such a record out without its partner
      pendingEnd = Math.max(pending.length === 1 ? rec.end : Math.max(pendingEnd, rec.end), reach - LINKED_BASES);
      if (pending.length < GROUP_LIMIT) return;
      // unsorted, no record is known to be past every partner: the run so far is written out whole
      if (!pendingSorted) return flush();
      summary.haplotypeCombined += combineSameCodon(pending, codeOf, combinedFrom, combinedOf);
      let k = 0;
      while (pending[k]!.rec.end < rec.pos - LINKED_BASES) k++;
      const done = pending.slice(0, k);
      pending = pending.slice(k);
      combinedFrom = pending.length;
      return emit(done);
    };
    return p ? p.then(add) : add();
  };
  let sinceTurn = 0;
  // The genotypes are read only for records with an allele that may combine: on two
  // phased samples, reading every record's and holding every carried record back cost
  // ~0.9 s of a 4 s bench/annotate run. The others still have their columns counted.
  const haplotypesOf = (rec: VcfRecord, annotations: readonly VariantAnnotation[]): Set<number>[] => {
    for (const a of annotations) if (mayCombine(a)) return haplotypesByAllele(scanner!.scan(rec), rec.alts.length, header!.samples.length);
    scanner!.checkColumns(rec);
    return NO_HAPLOTYPES;
  };
  const annotated = (rec: VcfRecord, annotations: readonly VariantAnnotation[]): void | Promise<void> =>
    scanner ? queue(rec, annotations, !transient, haplotypesOf(rec, annotations)) : record(rec, annotations, !transient);
  // apart from `accept`: the closure's context would be allocated for every record (5% of the run's allocations)
  const later = (r: Promise<readonly VariantAnnotation[]>, rec: VcfRecord): Promise<void> => r.then((annotations) => annotated(rec, annotations));
  return {
    name: 'annotate',
    begin(h, source) {
      header = h;
      input = source;
      if (options.haplotypes !== false && h.samples.length > 0) scanner = new GenotypeScanner(h.samples.length, null);
    },
    accept(rec) {
      const r = transient ? annotator.annotateInPlace(rec) : annotator.annotate(rec);
      // most records annotate synchronously: no promise, no microtask (and no closure) per record
      if (r instanceof Promise) return later(r, rec);
      const p = annotated(rec, r);
      if (p !== undefined || (++sinceTurn & (TURN - 1)) !== 0) return p;
      // a turn of the event loop now and then: reads started ahead (FASTA windows,
      // sources, output writes) complete only in one, and a batch of records runs
      // synchronously for tens of milliseconds (bench/annotate waited 0.26 s for FASTA
      // reads without these turns, 0.06 s with them)
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
    async cut() {
      await flush();
      const part: AnnotatePart = { summary, notable, notableTruncated: truncated };
      summary = emptySummary();
      notable = [];
      truncated = 0;
      // the next part names its unknown contigs again (merging keeps one of each)
      lastChrom = '';
      return part;
    },
    async end() {
      await flush();
      return annotateResult(input, options.provenance, header, { summary, notable, notableTruncated: truncated });
    },
  };
}
