import type { FastaReader, VcfRecord } from '../vcf/index.js';
import type { ConsequenceRecord, VariantAnnotation } from './annotation.js';
import { clinvarFromAllele } from './clinvar.js';
import { predictConsequence, UPDOWN_DISTANCE, type TranscriptConsequence } from './consequence.js';
import type { CustomSource, CustomValue } from './custom-source.js';
import { frequenciesFromAllele } from './frequencies.js';
import type { KnownVariantFile, SourceAllele } from './known-variants.js';
import { leftAlignAllele } from './left-align.js';
import { ReferenceWindows } from './reference-windows.js';
import { pickOne, pickPerGene } from './pick.js';
import { termRank } from './so-terms.js';
import { versionedId, type Transcript } from './transcript.js';
import type { TranscriptIndex } from './transcript-index.js';
import { TranscriptSequences } from './transcript-sequences.js';
import { minimalAllele, type VariantAllele } from './variant-allele.js';

export type TranscriptSelection = 'all' | 'pick' | 'per-gene';

const ACGTN = /^[ACGTNacgtn]+$/;

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
}

/** Annotates records one ALT at a time: consequences on every nearby transcript, then the known-variant sources. */
export class Annotator {
  private readonly o: AnnotatorOptions;
  private readonly seqs?: TranscriptSequences;
  private readonly hits: Transcript[] = [];
  private hitsFor?: VariantAllele;

  private readonly hasSources: boolean;
  private readonly refs?: ReferenceWindows;

  constructor(options: AnnotatorOptions) {
    this.o = options;
    this.hasSources = Boolean(options.clinvar?.length || options.frequencies?.length || options.custom?.length);
    if (options.fasta) {
      this.seqs = new TranscriptSequences(options.fasta);
      this.refs = new ReferenceWindows(options.fasta);
    }
  }

  /**
   * Annotations for every ALT of a record. Returns synchronously when the reference
   * window, the transcript sequences and the sources it needs are in memory (the usual
   * case on sorted input); otherwise loads them and resolves later.
   */
  annotate(rec: VcfRecord): VariantAnnotation[] | Promise<VariantAnnotation[]> {
    const ref = rec.ref;
    const checkRef = this.refs !== undefined && ACGTN.test(ref);
    let fastaRef: string | null | undefined = null;
    if (checkRef) {
      fastaRef = this.refs!.peek(rec.chrom, rec.pos, rec.pos + ref.length - 1);
      if (fastaRef === undefined) return this.annotateSlow(rec);
    }
    const refMismatch = this.refMismatch(rec, fastaRef);
    const alleles = this.alleles(rec);
    for (const v of alleles) if (this.missingSequence(v, refMismatch)) return this.annotateSlow(rec);
    const id = rec.id;
    const out = alleles.map((v) => this.consequencesOf(v, refMismatch, id));
    if (!this.hasSources) return out;
    // sources (gnomAD, ClinVar) hold left-aligned indels: look them up in that form
    const lookup = alleles.slice();
    if (this.refs && !refMismatch) {
      for (let i = 0; i < lookup.length; i++) {
        const n = leftAlignAllele(lookup[i]!, (p) => this.refs!.peek(rec.chrom, p, p));
        if (n === undefined) return this.finishSourcesAsync(alleles, out);
        lookup[i] = n;
      }
    }
    for (let i = 0; i < out.length; i++) {
      if (!this.sourcesSync(lookup[i]!, out[i]!)) return this.finishSourcesAsync(alleles, out);
    }
    return out;
  }

  private async annotateSlow(rec: VcfRecord): Promise<VariantAnnotation[]> {
    const ref = rec.ref;
    let fastaRef: string | null = null;
    if (this.refs && ACGTN.test(ref)) fastaRef = await this.refs.load(rec.chrom, rec.pos, rec.pos + ref.length - 1);
    const refMismatch = this.refMismatch(rec, fastaRef);
    const alleles = this.alleles(rec);
    for (const v of alleles) await this.loadSequences(v, refMismatch);
    const id = rec.id;
    const out = alleles.map((v) => this.consequencesOf(v, refMismatch, id));
    return this.hasSources ? this.finishSourcesAsync(alleles, out, refMismatch) : out;
  }

  /** One allele on its own (tests, tools): loads what it needs first. */
  async annotateAllele(v: VariantAllele, refMismatch = false): Promise<VariantAnnotation> {
    await this.loadSequences(v, refMismatch);
    const a = this.consequencesOf(v, refMismatch, '.');
    if (this.hasSources) await this.addSources(this.refs && !refMismatch ? await this.leftAlign(v) : v, a);
    return a;
  }

  /** Left-aligns an indel against the FASTA, loading reference windows as the shift needs them. */
  private async leftAlign(v: VariantAllele): Promise<VariantAllele> {
    for (;;) {
      let missing = 0;
      const n = leftAlignAllele(v, (p) => {
        const b = this.refs!.peek(v.chrom, p, p);
        if (b === undefined) missing = p;
        return b;
      });
      if (n !== undefined) return n;
      await this.refs!.load(v.chrom, missing, missing);
    }
  }

  private alleles(rec: VcfRecord): VariantAllele[] {
    const alts = rec.alts;
    const symbolicEnd = alts.some((a) => a.startsWith('<')) ? rec.end : undefined;
    return alts.map((alt) => minimalAllele(rec.chrom, rec.pos, rec.ref, alt, symbolicEnd));
  }

  private refMismatch(rec: VcfRecord, fastaRef: string | null | undefined): boolean {
    const ref = rec.ref;
    if (!fastaRef || fastaRef.length !== ref.length || fastaRef === ref.toUpperCase() || /N/i.test(ref)) return false;
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
    if (this.o.consequences === false || v.kind === 'none' || (v.kind === 'symbolic' && v.vcfAlt === '*')) return [];
    // the sequence check and consequence calling ask for the same allele in turn
    if (v === this.hitsFor) return this.hits;
    this.hitsFor = v;
    return this.o.index.overlapping(v.chrom, Math.min(v.start, v.end), Math.max(v.start, v.end), UPDOWN_DISTANCE, this.hits);
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

  /** Consequences with every needed sequence already cached. */
  private consequencesOf(v: VariantAllele, refMismatch: boolean, id: string): VariantAnnotation {
    let a: VariantAnnotation;
    if (this.o.consequences === false) {
      a = { chrom: v.chrom, pos: v.vcfPos, id: null, ref: v.vcfRef, alt: v.vcfAlt, consequences: [], mostSevere: 'sequence_variant', impact: 'MODIFIER' };
    } else {
      const cons: TranscriptConsequence[] = [];
      for (const t of this.nearby(v)) {
        const seq = this.needsSequence(v, t, refMismatch) ? this.seqs!.peek(t) : undefined;
        const c = predictConsequence(v, t, seq ?? undefined);
        if (c) cons.push(c);
      }
      a = this.finishConsequences(v, cons);
    }
    if (id !== '.') a.id = id;
    if (refMismatch) a.refMismatch = true;
    return a;
  }

  private async finishSourcesAsync(alleles: VariantAllele[], out: VariantAnnotation[], refMismatch = false): Promise<VariantAnnotation[]> {
    for (let i = 0; i < out.length; i++) {
      const a = out[i]!;
      delete a.clinvar;
      delete a.frequencies;
      delete a.custom;
      delete a.existing;
      const v = this.refs && !refMismatch ? await this.leftAlign(alleles[i]!) : alleles[i]!;
      await this.addSources(v, a);
    }
    return out;
  }

  /** Known-variant and custom lookups when every source is in memory; false when one must be read. */
  private sourcesSync(v: VariantAllele, a: VariantAnnotation): boolean {
    const existing = new Set<string>();
    for (const f of this.o.clinvar ?? []) {
      const ms = f.matchSync(v);
      if (ms === undefined) return false;
      for (const m of ms) this.takeClinvar(f, m, a, existing);
    }
    for (const { file, fields } of this.o.frequencies ?? []) {
      const ms = file.matchSync(v);
      if (ms === undefined) return false;
      for (const m of ms) this.takeFrequencies(file, m, fields, a, existing);
    }
    if (this.o.custom && this.o.custom.length > 0) {
      const custom: Record<string, CustomValue> = {};
      for (const s of this.o.custom) if (!s.annotateSync(v, custom)) return false;
      if (hasKeys(custom)) a.custom = custom;
    }
    if (existing.size > 0) a.existing = [...existing];
    return true;
  }

  private takeClinvar(f: KnownVariantFile, m: SourceAllele, a: VariantAnnotation, existing: Set<string>): void {
    const c = clinvarFromAllele(f, m);
    if (c && !a.clinvar) a.clinvar = c;
    if (c && m.id !== '.' && m.id !== '') existing.add(m.id);
  }

  private takeFrequencies(f: KnownVariantFile, m: SourceAllele, fields: string[] | undefined, a: VariantAnnotation, existing: Set<string>): void {
    const fr = frequenciesFromAllele(f, m, fields);
    if (fr && !a.frequencies) a.frequencies = fr;
    if (m.id !== '.' && m.id !== '') existing.add(m.id);
  }

  private finishConsequences(v: VariantAllele, cons: TranscriptConsequence[]): VariantAnnotation {
    if (cons.length === 0) {
      // REF-only (or `*`) alleles change nothing: VEP's catch-all term, no transcript
      const terms = [v.kind === 'none' || v.vcfAlt === '*' ? 'sequence_variant' : 'intergenic_variant'];
      return {
        chrom: v.chrom,
        pos: v.vcfPos,
        id: null,
        ref: v.vcfRef,
        alt: v.vcfAlt,
        consequences: [{ gene: '', geneId: '', transcript: null, biotype: '', strand: null, terms, impact: 'MODIFIER', mane: null, canonical: false, picked: true }],
        mostSevere: terms[0]!,
        impact: 'MODIFIER',
      };
    }
    let worst = cons[0]!;
    let worstRank = termRank(worst.terms[0]!);
    for (const c of cons) {
      const r = termRank(c.terms[0]!);
      if (r < worstRank) {
        worst = c;
        worstRank = r;
      }
    }
    const picked = cons.length === 1 ? worst : pickOne(cons)!;
    let kept: TranscriptConsequence[] = cons;
    if (this.o.selection === 'pick') kept = [picked];
    else if (this.o.selection === 'per-gene') kept = pickPerGene(cons);
    const a: VariantAnnotation = {
      chrom: v.chrom,
      pos: v.vcfPos,
      id: null,
      ref: v.vcfRef,
      alt: v.vcfAlt,
      consequences: kept.map((c) => toRecord(c, c === picked)),
      mostSevere: worst.terms[0]!,
      impact: worst.impact,
    };
    if (worstRank < termRank(picked.terms[0]!)) a.mostSevereNotPicked = true;
    return a;
  }

  private async addSources(v: VariantAllele, a: VariantAnnotation): Promise<void> {
    const existing = new Set<string>();
    for (const f of this.o.clinvar ?? []) for (const m of await f.match(v)) this.takeClinvar(f, m, a, existing);
    for (const { file, fields } of this.o.frequencies ?? []) for (const m of await file.match(v)) this.takeFrequencies(file, m, fields, a, existing);
    if (this.o.custom && this.o.custom.length > 0) {
      const custom: Record<string, CustomValue> = {};
      for (const s of this.o.custom) await s.annotate(v, custom);
      if (Object.keys(custom).length > 0) a.custom = custom;
    }
    if (existing.size > 0) a.existing = [...existing];
  }
}

function toRecord(c: TranscriptConsequence, picked: boolean): ConsequenceRecord {
  const t = c.transcript;
  const r: ConsequenceRecord = {
    gene: t.geneName,
    geneId: t.geneId,
    transcript: versionedId(t),
    biotype: t.biotype,
    strand: t.strand,
    terms: c.terms,
    impact: c.impact,
    mane: t.mane ?? null,
    canonical: t.canonical,
    picked,
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
  return r;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
