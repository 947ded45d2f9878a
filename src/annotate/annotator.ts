import type { FastaReader, VcfRecord } from '../vcf/index.js';
import { blankAnnotation, blankConsequenceRecord, copyAnnotation, type ConsequenceRecord, type VariantAnnotation } from './annotation.js';
import { blankConsequence, DEFAULT_CALL, predictConsequence, type CallOptions, type TranscriptConsequence } from './consequence.js';
import type { CustomSource } from './custom-source.js';
import type { KnownVariantFile } from './known-variants.js';
import { leftAlignAllele, shiftRoom, shiftRoomInRef, type ShiftRoom } from './left-align.js';
import { ReferenceWindows } from './reference-windows.js';
import { pickOne, pickPerGene } from './pick.js';
import { CCDS_TAGGED, versionedId, type Transcript } from './transcript.js';
import type { TranscriptIndex } from './transcript-index.js';
import { TranscriptSequences } from './transcript-sequences.js';
import { SequenceReadAhead } from './sequence-read-ahead.js';
import { SourceLookups } from './source-lookups.js';
import { altsOf, idOf, refOf } from './record-alleles.js';
import { isBases, minimalAllele, minimalAlleleInto, unspecifiedAlt, upper, type VariantAllele } from './variant-allele.js';

export type TranscriptSelection = 'all' | 'pick' | 'per-gene';

export interface AnnotatorOptions {
  index: TranscriptIndex;
  fasta?: FastaReader;
  clinvar?: KnownVariantFile[];
  frequencies?: { file: KnownVariantFile; fields?: string[] }[];
  custom?: CustomSource[];
  selection?: TranscriptSelection;
  /** fail on the first REF that differs from the FASTA instead of warning */
  strictRef?: boolean;
  /** false: known-variant and custom sources only (no gene models, no consequences) */
  consequences?: boolean;
  /** called for REF mismatches (warn-once policy lives with the caller) */
  onRefMismatch?: (rec: VcfRecord, fastaRef: string) => void;
  /** reach of upstream/downstream_gene_variant (default 5000 bp each, as VEP's --distance) */
  distance?: { upstream: number; downstream: number };
  /** false: no HGVS notation (nothing writes it): consequence calling skips it */
  hgvs?: boolean;
}

/** What the annotator keeps for one ALT index, reused from record to record. */
interface AllelePool {
  annotation: VariantAnnotation;
  /** consequence calls, then the records made of the kept ones */
  calls: TranscriptConsequence[];
  list: TranscriptConsequence[];
  records: ConsequenceRecord[];
}

/**
 * Annotates records one ALT at a time: consequences on every nearby transcript, then the
 * known-variant sources. Results are built in a pool of objects reused from record to
 * record (`annotateInPlace`); `annotate` hands out copies. On bench/annotate the objects
 * built per record and transcript were 1.2 GB of the run's 4.4 GB of allocations; the
 * run now allocates 1.3 GB, most of it the VCF reader's records and the HGVS text.
 */
export class Annotator {
  private readonly o: AnnotatorOptions;
  private readonly seqs?: TranscriptSequences;
  private readonly hits: Transcript[] = [];
  private hitsFor?: VariantAllele;

  private readonly sources: SourceLookups;
  private readonly refs?: ReferenceWindows;
  private readonly readAhead?: SequenceReadAhead;
  private readonly pool: AllelePool[] = [];
  private readonly results: VariantAnnotation[] = [];
  private readonly alts: string[] = [];
  private readonly allelePool: VariantAllele[] = [];
  private readonly allelesOut: VariantAllele[] = [];
  /** per ALT: how far its indel can slide along the reference (HGVS 3′ shift) */
  private readonly rooms: ShiftRoom[] = [];
  private readonly call: CallOptions;
  /** how far from an allele transcripts can be and still get a consequence */
  private readonly reach: number;

  constructor(options: AnnotatorOptions) {
    this.o = options;
    this.call = { ...DEFAULT_CALL, ...options.distance, hgvs: options.hgvs !== false };
    this.reach = Math.max(this.call.upstream, this.call.downstream);
    this.sources = new SourceLookups(options.clinvar, options.frequencies, options.custom);
    if (options.fasta) {
      this.refs = new ReferenceWindows(options.fasta);
      this.seqs = new TranscriptSequences(this.refs);
      if (options.consequences !== false) this.readAhead = new SequenceReadAhead(options.index, this.seqs);
    }
  }

  /** Annotations for every ALT of a record, as fresh objects the caller may keep. */
  annotate(rec: VcfRecord): VariantAnnotation[] | Promise<VariantAnnotation[]> {
    const r = this.annotateInPlace(rec);
    return r instanceof Promise ? r.then(copyAll) : copyAll(r);
  }

  /**
   * Annotations for every ALT of a record, in the annotator's pool: valid until the next
   * call (read them, copy what must be kept). Returns synchronously when the reference
   * window, the transcript sequences and the sources it needs are in memory (the usual
   * case on sorted input); otherwise loads them and resolves later.
   */
  annotateInPlace(rec: VcfRecord): readonly VariantAnnotation[] | Promise<readonly VariantAnnotation[]> {
    const ref = refOf(rec);
    let fastaRef: string | null | undefined = null;
    if (this.refs !== undefined && isBases(ref)) {
      fastaRef = this.refs.peek(rec.chrom, rec.pos, rec.pos + ref.length - 1);
      if (fastaRef === undefined) return this.annotateSlow(rec);
    }
    const refMismatch = this.refMismatch(rec, ref, fastaRef);
    const alleles = this.alleles(rec, ref);
    this.readAhead?.reached(rec.chrom, rec.pos);
    for (const v of alleles) if (this.missingSequence(v, refMismatch)) return this.annotateSlow(rec);
    if (!this.roomsInMemory(alleles, refMismatch)) return this.annotateSlow(rec);
    const id = idOf(rec);
    const out = this.results;
    clear(out);
    for (let i = 0; i < alleles.length; i++) out.push(this.consequencesOf(alleles[i]!, refMismatch, id, i));
    if (!this.sources.any) return out;
    // sources (gnomAD, ClinVar) hold left-aligned indels: look them up in that form
    let lookup = alleles;
    if (this.refs && !refMismatch) {
      lookup = alleles.slice();
      for (let i = 0; i < lookup.length; i++) {
        const n = leftAlignAllele(lookup[i]!, (p) => this.refs!.peek(rec.chrom, p, p));
        if (n === undefined) return this.finishSourcesAsync(alleles, out);
        lookup[i] = n;
      }
    }
    for (let i = 0; i < out.length; i++) {
      if (!this.sources.fillSync(lookup[i]!, out[i]!)) return this.finishSourcesAsync(alleles, out);
    }
    return out;
  }

  private async annotateSlow(rec: VcfRecord): Promise<VariantAnnotation[]> {
    const ref = refOf(rec);
    let fastaRef: string | null = null;
    if (this.refs && isBases(ref)) fastaRef = await this.refs.load(rec.chrom, rec.pos, rec.pos + ref.length - 1);
    const refMismatch = this.refMismatch(rec, ref, fastaRef);
    const alleles = this.alleles(rec, ref);
    for (const v of alleles) await this.loadSequences(v, refMismatch);
    for (let i = 0; i < alleles.length; i++) await this.loadRoom(alleles[i]!, refMismatch, i);
    const id = idOf(rec);
    const out = this.results;
    clear(out);
    for (let i = 0; i < alleles.length; i++) out.push(this.consequencesOf(alleles[i]!, refMismatch, id, i));
    return this.sources.any ? this.finishSourcesAsync(alleles, out, refMismatch) : out;
  }

  /** One allele on its own (tests, tools): loads what it needs first. Reuses the pool. */
  async annotateAllele(v: VariantAllele, refMismatch = false): Promise<VariantAnnotation> {
    await this.loadSequences(v, refMismatch);
    await this.loadRoom(v, refMismatch, 0);
    const a = this.consequencesOf(v, refMismatch, '.', 0);
    if (this.sources.any) await this.sources.fill(this.refs && !refMismatch ? await this.leftAlign(v) : v, a);
    return copyAnnotation(a);
  }

  private poolAt(i: number): AllelePool {
    let p = this.pool[i];
    if (p === undefined) this.pool[i] = p = blankPool();
    return p;
  }

  /** Left-aligns an indel against the FASTA, loading reference windows as the shift needs them. */
  private leftAlign(v: VariantAllele): Promise<VariantAllele> {
    return this.readLoading(v.chrom, (baseAt) => leftAlignAllele(v, baseAt));
  }

  /**
   * `read` over reference bases of `chrom`, run again after loading the window of a base
   * it found missing (it returns undefined then) until it completes.
   */
  private async readLoading<T>(chrom: string, read: (baseAt: (pos: number) => string | null | undefined) => T | undefined): Promise<T> {
    for (;;) {
      let missing = 0;
      const r = read((p) => {
        const b = this.refs!.peek(chrom, p, p);
        if (b === undefined) missing = p;
        return b;
      });
      if (r !== undefined) return r;
      await this.refs!.load(chrom, missing, missing);
    }
  }

  /** The shift room of every ALT from reference windows in memory; false when one is missing. */
  private roomsInMemory(alleles: VariantAllele[], refMismatch: boolean): boolean {
    for (let i = 0; i < alleles.length; i++) {
      const v = alleles[i]!;
      const room = this.roomAt(i);
      if (this.slidesInRef(v)) shiftRoomInRef(v, room);
      else if (!this.slides(v, refMismatch)) room.left = room.right = 0;
      else if (!this.roomFromMemory(v, this.refs!, room)) return false;
    }
    return true;
  }

  // apart from the loop above: its closure would otherwise be allocated for every allele (20% of the run's allocations)
  private roomFromMemory(v: VariantAllele, refs: ReferenceWindows, room: ShiftRoom): boolean {
    return shiftRoom(v, (p) => refs.peek(v.chrom, p, p), room);
  }

  /** The shift room of ALT `k`, loading reference windows as the slide reaches them. */
  private async loadRoom(v: VariantAllele, refMismatch: boolean, k: number): Promise<void> {
    const room = this.roomAt(k);
    room.left = room.right = 0;
    if (this.slidesInRef(v)) return shiftRoomInRef(v, room);
    if (!this.slides(v, refMismatch)) return;
    await this.readLoading(v.chrom, (baseAt) => (shiftRoom(v, baseAt, room) ? true : undefined));
  }

  /** Whether HGVS may slide the allele along the reference: an indel, with a FASTA that agrees with REF, and HGVS asked for. */
  private slides(v: VariantAllele, refMismatch: boolean): boolean {
    return this.refs !== undefined && this.call.hgvs && !refMismatch && (v.kind === 'insertion' || v.kind === 'deletion');
  }

  /** Whether HGVS may slide the allele within the record's REF alone: an indel, HGVS asked for, no FASTA. */
  private slidesInRef(v: VariantAllele): boolean {
    return this.refs === undefined && this.call.hgvs && (v.kind === 'insertion' || v.kind === 'deletion');
  }

  private roomAt(k: number): ShiftRoom {
    return (this.rooms[k] ??= { left: 0, right: 0 });
  }

  /** The record's ALTs in minimal form, in the annotator's reused allele objects. */
  private alleles(rec: VcfRecord, ref: string): VariantAllele[] {
    const alts = altsOf(rec, this.alts);
    let symbolicEnd: number | undefined;
    for (const a of alts) if (a.charCodeAt(0) === 60 /* < */) symbolicEnd = rec.end;
    const out = this.allelesOut;
    clear(out);
    for (let i = 0; i < alts.length; i++) {
      const v = this.allelePool[i] ?? (this.allelePool[i] = minimalAllele('', 0, 'N', 'N'));
      out.push(minimalAlleleInto(v, rec.chrom, rec.pos, ref, alts[i]!, symbolicEnd));
    }
    // the same objects now stand for other alleles
    this.hitsFor = undefined;
    return out;
  }

  private refMismatch(rec: VcfRecord, ref: string, fastaRef: string | null | undefined): boolean {
    if (!fastaRef || fastaRef.length !== ref.length || fastaRef === upper(ref) || /N/i.test(ref)) return false;
    if (this.o.strictRef) {
      throw rec.error(`REF ${ref} does not match the reference FASTA (${fastaRef})`, 'is the FASTA the same genome build as the VCF? drop --strict-ref to only warn');
    }
    this.o.onRefMismatch?.(rec, fastaRef);
    return true;
  }

  private needsSequence(v: VariantAllele, t: Transcript, refMismatch: boolean): boolean {
    return this.seqs !== undefined && !refMismatch && t.cdsStart > 0 && v.kind !== 'symbolic' && v.end + 1 >= t.start && v.start - 1 <= t.end;
  }

  /** Transcripts near the allele, in a shared array (callers copy it to keep it across awaits). */
  private nearby(v: VariantAllele): Transcript[] {
    if (this.o.consequences === false || v.kind === 'none' || (v.kind === 'symbolic' && unspecifiedAlt(v.vcfAlt))) return [];
    // the sequence check and consequence calling ask for the same allele in turn
    if (v === this.hitsFor) return this.hits;
    this.hitsFor = v;
    return this.o.index.overlapping(v.chrom, Math.min(v.start, v.end), Math.max(v.start, v.end), this.reach, this.hits);
  }

  private missingSequence(v: VariantAllele, refMismatch: boolean): boolean {
    if (!this.seqs) return false;
    for (const t of this.nearby(v)) if (this.needsSequence(v, t, refMismatch) && this.seqs.peek(t) === undefined) return true;
    return false;
  }

  private async loadSequences(v: VariantAllele, refMismatch: boolean): Promise<void> {
    if (!this.seqs) return;
    for (const t of [...this.nearby(v)]) if (this.needsSequence(v, t, refMismatch)) await this.seqs.load(t);
  }

  /**
   * The consequences of alleles that one haplotype carries together (phased records a few
   * bases apart), as the one change they make: their REF spans, in order and apart, joined
   * with the reference between them into one allele. From what is in memory only (the
   * members were just annotated): undefined when a base or a transcript sequence is not,
   * or when the spans overlap. No HGVS shift is worked out. Valid until the next call.
   */
  combinedConsequences(chrom: string, members: readonly { pos: number; ref: string; alt: string }[]): VariantAnnotation | undefined {
    if (this.refs === undefined || members.length < 2) return undefined;
    const first = members[0]!;
    let ref = first.ref;
    let alt = first.alt;
    let end = first.pos + first.ref.length - 1;
    for (let i = 1; i < members.length; i++) {
      const m = members[i]!;
      if (m.pos <= end) return undefined;
      const gap = m.pos > end + 1 ? this.refs.peek(chrom, end + 1, m.pos - 1) : '';
      if (typeof gap !== 'string') return undefined;
      ref += gap + m.ref;
      alt += gap + m.alt;
      end = m.pos + m.ref.length - 1;
    }
    const v = minimalAllele(chrom, first.pos, ref, alt);
    if (v.kind === 'symbolic' || v.kind === 'none' || this.missingSequence(v, false)) return undefined;
    this.combinedRoom.left = this.combinedRoom.right = 0;
    return this.consequencesInto(v, false, '.', (this.combinedPool ??= blankPool()), this.combinedRoom);
  }
  private combinedPool: AllelePool | undefined;
  private readonly combinedRoom: ShiftRoom = { left: 0, right: 0 };

  /** Consequences with every needed sequence already cached, into the pool of ALT `k`. */
  private consequencesOf(v: VariantAllele, refMismatch: boolean, id: string, k: number): VariantAnnotation {
    return this.consequencesInto(v, refMismatch, id, this.poolAt(k), this.rooms[k]);
  }

  private consequencesInto(v: VariantAllele, refMismatch: boolean, id: string, p: AllelePool, room: ShiftRoom | undefined): VariantAnnotation {
    const a = p.annotation;
    a.chrom = v.chrom;
    a.pos = v.vcfPos;
    a.id = id !== '.' ? id : null;
    a.ref = v.vcfRef;
    a.alt = v.vcfAlt;
    a.mostSevereNotPicked = a.refMismatch = a.clinvar = a.frequencies = a.custom = a.existing = undefined;
    clear(a.consequences);
    if (this.o.consequences === false) {
      a.mostSevere = 'sequence_variant';
      a.impact = 'MODIFIER';
    } else {
      const list = p.list;
      clear(list);
      for (const t of this.nearby(v)) {
        const seq = this.needsSequence(v, t, refMismatch) ? this.seqs!.peek(t) : undefined;
        const c = predictConsequence(v, t, seq ?? undefined, p.calls[list.length] ?? (p.calls[list.length] = blankConsequence(t)), room, this.call);
        if (c) list.push(c);
      }
      this.finishConsequences(v, p);
    }
    if (refMismatch) a.refMismatch = true;
    return a;
  }

  private async finishSourcesAsync(alleles: VariantAllele[], out: VariantAnnotation[], refMismatch = false): Promise<VariantAnnotation[]> {
    for (let i = 0; i < out.length; i++) {
      const v = this.refs && !refMismatch ? await this.leftAlign(alleles[i]!) : alleles[i]!;
      await this.sources.fill(v, out[i]!);
    }
    return out;
  }

  /** Worst term, pick and selection over the pool's consequence calls; fills its annotation. */
  private finishConsequences(v: VariantAllele, p: AllelePool): void {
    const a = p.annotation;
    const cons = p.list;
    if (cons.length === 0) {
      // REF-only (or `*`, `<NON_REF>`) alleles change nothing: VEP's catch-all term, no transcript
      const r = v.kind === 'none' || unspecifiedAlt(v.vcfAlt) ? NO_CHANGE : INTERGENIC;
      a.consequences.push(r);
      a.mostSevere = r.terms[0]!;
      a.impact = 'MODIFIER';
      return;
    }
    let worst = cons[0]!;
    for (let i = 1; i < cons.length; i++) if (cons[i]!.rank < worst.rank) worst = cons[i]!;
    const picked = cons.length === 1 ? worst : pickOne(cons)!;
    if (this.o.selection === 'pick') a.consequences.push(toRecord(picked, true, p, 0));
    else {
      const kept = this.o.selection === 'per-gene' ? pickPerGene(cons) : cons;
      for (let i = 0; i < kept.length; i++) a.consequences.push(toRecord(kept[i]!, kept[i] === picked, p, i));
    }
    a.mostSevere = worst.terms[0]!;
    a.impact = worst.impact;
    if (worst.rank < picked.rank) a.mostSevereNotPicked = true;
  }

}

/** The consequence as published, in the pool's record `i` (copies omit the unset fields). */
function toRecord(c: TranscriptConsequence, picked: boolean, p: AllelePool, i: number): ConsequenceRecord {
  const t = c.transcript;
  const r = p.records[i] ?? (p.records[i] = blankConsequenceRecord());
  r.gene = t.geneName;
  r.geneId = t.geneId;
  r.transcript = versionedId(t);
  r.biotype = t.biotype;
  r.strand = t.strand;
  r.terms = c.terms;
  r.impact = c.impact;
  r.mane = t.mane ?? null;
  r.canonical = t.canonical;
  r.picked = picked;
  r.exon = c.exon;
  r.intron = c.intron;
  r.hgvsc = c.hgvsc;
  r.hgvsp = c.hgvsp;
  r.hgvsShift = c.hgvsShift;
  r.cdnaPosition = c.cdnaPosition;
  r.cdsPosition = c.cdsPosition;
  r.proteinPosition = c.proteinPosition;
  r.aminoAcids = c.aminoAcids;
  r.codons = c.codons;
  r.distance = c.distance;
  r.flags = t.flags;
  r.haplotype = undefined;
  r.tsl = t.tsl;
  r.appris = t.appris;
  // a bare CCDS tag names no record
  r.ccds = t.ccds !== CCDS_TAGGED ? t.ccds : undefined;
  r.proteinId = t.proteinId;
  r.hgncId = t.hgncId;
  return r;
}

function blankPool(): AllelePool {
  return { annotation: blankAnnotation(), calls: [], list: [], records: [] };
}

function noTranscript(term: string): ConsequenceRecord {
  return { ...blankConsequenceRecord(), terms: [term], picked: true };
}
const NO_CHANGE = noTranscript('sequence_variant');
const INTERGENIC = noTranscript('intergenic_variant');

/** Empties a pooled array (cheaper than setting its length on these short lists). */
function clear(list: unknown[]): void {
  while (list.length > 0) list.pop();
}

function copyAll(list: readonly VariantAnnotation[]): VariantAnnotation[] {
  return list.map(copyAnnotation);
}
