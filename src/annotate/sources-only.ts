import type { VcfHeader, VcfRecord } from '../vcf/index.js';
import { GETTERS } from './csq-format.js';
import { escaped, SPECIAL } from './csq-writer.js';
import { SOURCE_STRING, SOURCE_TEXT, type CustomSource } from './custom-source.js';
import type { LineBatch } from './line-batch.js';
import { altsOf, refOf } from './record-alleles.js';
import type { LoadedResources } from './resources.js';
import { annotateResult, type AnnotatePart, type AnnotateResult, type AnnotateStage } from './stage.js';
import { emptySummary } from './summary.js';
import { TextBytes } from './text-bytes.js';
import { csqAlleleOf, csqStripsFirstBase, minimalAllele, minimalAlleleInto, type VariantAllele } from './variant-allele.js';

/**
 * `precis annotate --no-consequences` with custom sources only, written as VCF: the
 * vcfanno job. Each record's CSQ (Allele and the sources' values) is composed straight
 * from the lookups, without the annotation objects, the field plan and the summary
 * machinery the general stage builds for every allele; the output is the same, byte
 * for byte (`test/annotate/sources-only.test.ts` holds both equal).
 * On bench/annotate (978,852 records, a frequency VCF and a BED score) the run took
 * ~1.6 s through the general stage and takes 1.2-1.3 s here, most of the gain from not
 * building per-allele objects and from copying source decimals as text.
 */

/** Records between turns of the event loop (reads started ahead complete only in one). */
const TURN = 1024;

let enabled = true;

/** Turns this stage off (tests compare it with the general one) or back on. */
export function setSourcesOnlyEnabled(on: boolean): void {
  enabled = on;
}

/** The fast stage, when the run is one it covers; undefined otherwise (the general stage then runs). */
export function sourcesOnlyStage(res: LoadedResources, fields: readonly string[], batch: LineBatch): AnnotateStage | undefined {
  if (!enabled) return undefined;
  const o = res.annotator;
  if (o.consequences !== false || o.fasta !== undefined || (o.clinvar?.length ?? 0) > 0 || (o.frequencies?.length ?? 0) > 0) return undefined;
  const sources = o.custom ?? [];
  const names = new Set(sources.flatMap((s) => s.spec.names));
  // a custom name that is also a known field is written by that field's getter: not here
  if (!fields.every((f) => f === 'Allele' || (names.has(f) && !Object.hasOwn(GETTERS, f)))) return undefined;
  return new SourcesOnlyStage(res, fields, batch, sources);
}

class SourcesOnlyStage implements AnnotateStage {
  readonly name = 'annotate';
  private readonly res: LoadedResources;
  private readonly fields: readonly string[];
  private readonly isAllele: boolean[];
  private readonly batch: LineBatch;
  private readonly sources: readonly CustomSource[];
  private summary = emptySummary();
  private header?: VcfHeader;
  private input = '';
  private lastChrom = '';
  private lastKnown = false;
  private sinceTurn = 0;
  private readonly alts: string[] = [];
  private readonly pool: VariantAllele[] = [];
  private readonly vcfAlts: { alt: string }[] = [];
  /** the current record's `csqStripsFirstBase` */
  private strip = false;
  /** per CSQ field, the (source, field) pairs of that name, in source order: the last with a value wins */
  private readonly from: { source: CustomSource; index: number }[][];
  /** per CSQ field, its one source and field index when it has exactly one */
  private readonly oneSource: (CustomSource | undefined)[];
  private readonly oneIndex: number[];
  /** scratch for a CSQ that replaces one already in INFO */
  private readonly csq = new TextBytes(1024);
  /** where the CSQ value being written starts in its buffer */
  private csqFrom = 0;

  constructor(res: LoadedResources, fields: readonly string[], batch: LineBatch, sources: readonly CustomSource[]) {
    this.res = res;
    this.fields = fields;
    this.isAllele = fields.map((f) => f === 'Allele');
    this.batch = batch;
    this.sources = sources;
    this.from = fields.map((f) => sources.flatMap((source) => source.spec.names.flatMap((name, index) => (name === f ? [{ source, index }] : []))));
    this.oneSource = this.from.map((pairs) => (pairs.length === 1 ? pairs[0]!.source : undefined));
    this.oneIndex = this.from.map((pairs) => (pairs.length === 1 ? pairs[0]!.index : -1));
  }

  begin(h: VcfHeader, source: string): void {
    this.header = h;
    this.input = source;
  }

  accept(rec: VcfRecord): void | Promise<void> {
    if (rec.chrom !== this.lastChrom) {
      this.lastChrom = rec.chrom;
      this.lastKnown = this.res.annotator.index.hasContig(rec.chrom);
    }
    const s = this.summary;
    s.records++;
    const alts = altsOf(rec, this.alts);
    const n = alts.length;
    let p: Promise<void> | undefined;
    if (n === 0) p = this.batch.addLine(rec.line);
    else {
      this.count(n);
      const ref = refOf(rec);
      let symbolicEnd: number | undefined;
      for (let i = 0; i < n; i++) if (alts[i]!.charCodeAt(0) === 60 /* < */) symbolicEnd = rec.end;
      const alleles = this.pool;
      const vcfAlts = this.vcfAlts;
      while (vcfAlts.length > n) vcfAlts.pop();
      for (let i = 0; i < n; i++) {
        const v = alleles[i] ?? (alleles[i] = minimalAllele('', 0, 'N', 'N'));
        minimalAlleleInto(v, rec.chrom, rec.pos, ref, alts[i]!, symbolicEnd);
        if (i < vcfAlts.length) vcfAlts[i]!.alt = v.vcfAlt;
        else vcfAlts.push({ alt: v.vcfAlt });
      }
      this.strip = csqStripsFirstBase(ref, vcfAlts);
      // the CSQ goes straight into the output block (a scratch when INFO has a CSQ to replace)
      const infoStart = rec.columnStart(7);
      const infoEnd = rec.infoEnd;
      const block = this.batch.startCsq(rec.line, infoStart, infoEnd);
      const out = block ?? this.csq;
      this.csqFrom = out.len;
      if (block === undefined) out.len = this.csqFrom = 0;
      for (let i = 0; i < n; i++) {
        if (!this.lookUpSync(alleles[i]!)) return this.finishAsync(rec, i, n, out, block !== undefined);
        this.entry(out, alleles[i]!);
      }
      p = this.endLine(rec, out, block !== undefined);
    }
    if (p !== undefined || (++this.sinceTurn & (TURN - 1)) !== 0) return p;
    return new Promise<void>((resolve) => setImmediate(resolve));
  }

  cut(): Promise<AnnotatePart> {
    const part: AnnotatePart = { summary: this.summary, notable: [], notableTruncated: 0 };
    this.summary = emptySummary();
    return Promise.resolve(part);
  }

  end(): AnnotateResult {
    return annotateResult(this.input, this.res.provenance, this.header, { summary: this.summary, notable: [], notableTruncated: 0 });
  }

  /** `addToSummary` for n alleles without consequences or known variants. */
  private count(n: number): void {
    const s = this.summary;
    s.alleles += n;
    s.byConsequence.sequence_variant = (s.byConsequence.sequence_variant ?? 0) + n;
    s.byImpact.MODIFIER = (s.byImpact.MODIFIER ?? 0) + n;
    if (!this.lastKnown) s.unknownContig += n;
  }

  private lookUpSync(v: VariantAllele): boolean {
    for (const s of this.sources) if (!s.lookUpSync(v)) return false;
    return true;
  }

  /** The records whose source rows must be read first: alleles from `from` on looked up by waiting. */
  private async finishAsync(rec: VcfRecord, from: number, n: number, out: TextBytes, inBlock: boolean): Promise<void> {
    const alleles = this.pool;
    for (let i = from; i < n; i++) {
      for (const s of this.sources) await s.lookUp(alleles[i]!);
      this.entry(out, alleles[i]!);
    }
    const p = this.endLine(rec, out, inBlock);
    if (p) await p;
  }

  /** The CSQ entry of one allele, as the general writer composes it for these fields. */
  private entry(out: TextBytes, v: VariantAllele): void {
    // an entry whose fields are all empty (one field asked for) leaves no trace, not even its comma
    if (out.len > this.csqFrom) out.byte(44); // ,
    const fields = this.fields;
    const isAllele = this.isAllele;
    const one = this.oneSource;
    const oneIndex = this.oneIndex;
    for (let k = 0; k < fields.length; k++) {
      if (k > 0) out.byte(124); // |
      if (isAllele[k]) {
        const alt = v.vcfAlt;
        if (alt.length === 1 && v.vcfRef.length === 1 && alt.charCodeAt(0) < 128 && SPECIAL[alt.charCodeAt(0)] === 0) out.byte(alt.charCodeAt(0));
        else escaped(out, csqAlleleOf(alt, this.strip));
        continue;
      }
      // the value of the last source of this name that has one (most names have one source)
      const source = one[k];
      if (source !== undefined) this.value(out, source, oneIndex[k]!);
      else {
        const pairs = this.from[k]!;
        for (let j = pairs.length - 1; j >= 0; j--) {
          const p = pairs[j]!;
          if (this.value(out, p.source, p.index)) break;
        }
      }
    }
  }

  /** Writes a source's value of field `index`; false when it has none. */
  private value(out: TextBytes, source: CustomSource, index: number): boolean {
    const x = source.result[index];
    if (x === undefined) return false;
    if (x === SOURCE_TEXT) out.bytes(source.textBytes, source.textFrom[index], source.textTo[index]);
    else if (x === SOURCE_STRING) out.text(source.textStrings[index]!);
    else if (typeof x === 'number') out.number(x);
    else if (x !== '') escaped(out, typeof x === 'string' ? x : String(x));
    return true;
  }

  private endLine(rec: VcfRecord, out: TextBytes, inBlock: boolean): Promise<void> | undefined {
    if (inBlock) return this.batch.endCsq(rec.line, rec.infoEnd);
    return this.batch.addWithCsq(rec.line, rec.columnStart(7), rec.infoEnd, out.toString());
  }
}
