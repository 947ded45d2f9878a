import { PrecisError } from '../util/errors.js';
import { contigKey, GenotypeScanner, type GenotypeBlock, type VcfHeader, type VcfRecord, type VcfStage } from '../vcf/index.js';
import { ScoreAccumulator, type AppliedWeight } from './accumulator.js';
import { diploidAltDosages, EffectDosages, effectDosages, refFromAltDosages, type DosageSettings } from './dosage.js';
import { explainSample, TopContributions, type ExplainedVariant } from './explain.js';
import { DosageKernel } from './kernel.js';
import { isAmbiguous, matchPosition, upperAllele, type MatchOptions } from './matcher.js';
import { PositionIndex } from './position-index.js';
import { placeScore, type ReferenceFile } from './reference.js';
import { rowTableOf } from './row-table.js';
import { emptySummary, type AuditRow, type MatchSummary, type PrsResult, type PrsSettings, type SampleScore } from './result.js';
import { MATCH_TYPES, type MatchDecision, type MissingPolicy, type RowReason, type ScoreRow, type ScoringSet, type TargetAllele, type XchrModel } from './types.js';

/** Where mean imputation takes the effect-allele frequency from. */
export type FrequencySource =
  | { kind: 'cohort' }
  | { kind: 'scorefile' }
  /** ALT-allele frequencies keyed by `chrom:pos:ref:alt` (chrom as contigKey) */
  | { kind: 'table'; name: string; altFrequency: Map<string, number> };

export interface PrsOptions {
  scoring: ScoringSet;
  match: MatchOptions;
  missing: MissingPolicy;
  dosage: 'GT' | 'DS';
  xchrModel: XchrModel;
  /** pgsc_calc's --min_overlap: a score whose match rate is lower fails */
  minOverlap: number;
  frequencies: FrequencySource;
  /** samples to score (file column → slot, -1 skip); all when absent */
  samples?: { names: string[]; select: Int32Array | null };
  /** keep the N variants contributing most per sample and score */
  explain?: number;
  audit?: boolean;
  reference?: ReferenceFile;
  /** a sample's population label, to place it against that population's distribution */
  populationOf?: (sample: string) => string | undefined;
  /** record the panel's ALT frequency of every used variant (for --write-reference) */
  collectFrequencies?: boolean;
}

export interface PrsStageResult extends PrsResult {
  /** ALT frequencies of used variants, when collectFrequencies was set */
  panelFrequencies?: Record<string, number>;
}

/**
 * A record held until its position is complete: alleles and genotypes (not the line,
 * which is reused). The genotypes are either ALT dosages in a kernel slot (`slot` >= 0,
 * the common case of diploid 0/1 calls with none missing, summing to `altSum`) or a
 * scanned block.
 */
interface HeldRecord {
  chrom: string;
  pos: number;
  ref: string;
  alts: string[];
  block: GenotypeBlock | null;
  slot: number;
  altSum: number;
}

/** Records at one position decoded straight into kernel slots; more take the scanner. */
const KERNEL_SLOTS = 4;
/**
 * Positions whose rows the kernel adds in one go (their records' dosages stay in
 * slots till then): the sums are then loaded and stored once per score and block
 * rather than once per row. Fewer when the slots would take more than SLOT_BYTES.
 */
const BLOCK_POSITIONS = 16;
const SLOT_BYTES = 32 * 1024 * 1024;

/** FORMAT is exactly `GT`. */
function gtOnly(rec: VcfRecord): boolean {
  const a = rec.infoEnd + 1;
  const line = rec.line;
  return rec.samplesStart >= 0 && rec.fixedEnd - a === 2 && line[a] === 71 /* G */ && line[a + 1] === 84 /* T */;
}

export function variantKey(chrom: string, pos: number, ref: string, alt: string): string {
  return `${contigKey(chrom)}:${pos}:${ref}:${alt}`;
}

/**
 * The PRS stage: matches scoring rows to target variants position by position while the
 * VCF streams, and adds every score in the same pass. Records at one position are held
 * (copied) until the position changes, because a row's best match can only be chosen
 * among all records there; the input must therefore keep each position's records
 * together (any sorted VCF does).
 */
export function createPrsStage(options: PrsOptions): VcfStage<PrsStageResult> {
  const { scoring } = options;
  const summaries: MatchSummary[] = scoring.scores.map((s) => emptySummary(s.rows));
  const audit: AuditRow[] = [];
  const tables: ExplainedVariant[][] = scoring.scores.map(() => []);
  const panelFrequencies: Record<string, number> = {};
  const settings: DosageSettings = { useDs: options.dosage === 'DS', xchrModel: options.xchrModel };
  let header: VcfHeader;
  let source = '';
  let names: string[] = [];
  // one scanner per record held at a position (usually one); each owns its block
  let scanners: GenotypeScanner[] = [];
  let select: Int32Array | null = null;
  let nFile = 0;
  let accs: ScoreAccumulator[] = [];
  let dosagePool: EffectDosages[] = [];
  let kernel: DosageKernel | null = null;
  /** the held position's first kernel slot: positions take slots in turn until the block is added */
  let slotBase = 0;
  let nSlots = 0;
  /** ALT dosages of the records held in kernel slots */
  let slotDosages: EffectDosages[] = [];
  /** by score: the position (first row) at which the fast path last saw it */
  const seenAt = new Int32Array(scoring.scores.length).fill(-1);
  /** nothing asks for the per-row objects (audit rows, explanations, panel frequencies) */
  const plainOptions = !options.audit && !options.explain && !options.collectFrequencies;
  /** by score: rows the fast path matched as refalt / altref */
  const fastRefalt = new Int32Array(scoring.scores.length);
  const fastAltref = new Int32Array(scoring.scores.length);
  let lastChrom = '';
  let lastContig = -1;
  /** the index entry (position) whose records are held, -1 when none */
  let pending = -1;
  const refFrequencies = options.explain && options.reference?.alleleFrequencies ? new Map(Object.entries(options.reference.alleleFrequencies)) : null;
  let pendingRecords: HeldRecord[] = [];

  const table = rowTableOf(scoring);
  const index = new PositionIndex(table);
  /** by entry: the position has been seen in the VCF */
  /** by row: its position has been seen in the VCF */
  const done = new Uint8Array(table.length);
  /** the rows at the held position, in table order */
  let pendingRows = new Int32Array(16);
  let pendingCount = 0;
  const pendingRowObjects = (): ScoreRow[] => {
    const out: ScoreRow[] = [];
    for (let k = 0; k < pendingCount; k++) out.push(table.get(pendingRows[k]!));
    return out;
  };
  for (let i = 0; i < table.length; i++) {
    if (table.posOf(i) !== 0) continue;
    const row = table.get(i);
    record([unmatched(row, row.unusable ?? 'no_position')]);
  }

  function unmatched(row: ScoreRow, reason: RowReason): MatchDecision {
    return { row, status: 'unmatched', reason, matchType: null, target: null, effectIndex: -1, flipped: false, ambiguous: false, duplicateBestMatch: false };
  }

  function record(ds: MatchDecision[], chrom = '', pos = 0): void {
    for (const d of ds) {
      const s = summaries[d.row.score]!;
      if (d.status === 'matched') {
        s.matched++;
        s.byMatchType[d.matchType!] = (s.byMatchType[d.matchType!] ?? 0) + 1;
      } else {
        if (d.status === 'excluded') s.excluded++;
        else s.unmatched++;
        s.byReason[d.reason] = (s.byReason[d.reason] ?? 0) + 1;
      }
      if (d.flipped) s.flipped++;
      if (d.ambiguous) s.ambiguous++;
      if (d.target?.multiallelic) s.multiallelic++;
      if (d.duplicateBestMatch) s.duplicateBestMatch++;
      if (options.audit) audit.push(auditRow(d, chrom, pos));
    }
  }

  function auditRow(d: MatchDecision, chrom: string, pos: number): AuditRow {
    const r = d.row;
    const meta = scoring.scores[r.score]!;
    const t = d.target;
    return {
      score: meta.id,
      file: meta.file,
      line: r.line,
      rsid: r.rsid,
      chrom: r.chrom,
      pos: r.pos,
      effectAllele: r.effectAllele,
      otherAllele: r.otherAllele ?? '',
      effectType: r.effectType,
      weight: r.effectType === 'dosage' ? NaN : r.weight,
      status: d.status,
      reason: d.reason,
      matchType: d.matchType ?? '',
      variant: t === null ? '' : `${chrom}:${pos}:${t.ref}:${t.alt}`,
      targetEffectAllele: t === null ? '' : d.effectIndex === 0 ? t.ref : t.alt,
      flipped: d.flipped,
      ambiguous: d.ambiguous,
      multiallelic: t?.multiallelic ?? false,
      duplicateBestMatch: d.duplicateBestMatch,
      weightUsed: d.status === 'matched' && r.effectType !== 'dosage' ? r.weight : 0,
    };
  }

  function frequencyFor(d: MatchDecision, chrom: string, pos: number, g: EffectDosages): number {
    const src = options.frequencies;
    if (src.kind === 'scorefile' && Number.isFinite(d.row.effectAlleleFrequency)) return d.row.effectAlleleFrequency;
    if (src.kind === 'table') {
      const t = d.target!;
      const alt = src.altFrequency.get(variantKey(chrom, pos, t.ref, t.alt));
      if (alt !== undefined) return d.effectIndex === 0 ? 1 - alt : alt;
    }
    return g.frequency;
  }

  function hold(rec: VcfRecord, j: number): HeldRecord {
    if (kernel !== null && j < KERNEL_SLOTS && select === null && rec.alts.length === 1 && gtOnly(rec)) {
      const slot = slotBase + j;
      const sum = kernel.decodeDiploid(rec.line, rec.samplesStart, slot);
      if (sum >= 0) return { chrom: rec.chrom, pos: rec.pos, ref: rec.ref, alts: rec.alts, block: null, slot, altSum: sum };
    }
    const scanner = scanners[j] ?? (scanners[j] = new GenotypeScanner(nFile, select));
    return { chrom: rec.chrom, pos: rec.pos, ref: rec.ref, alts: rec.alts, block: scanner.scan(rec), slot: -1, altSum: 0 };
  }

  /**
   * The position's rows without match objects, when the decision is plain: one
   * biallelic record in a kernel slot, not strand-ambiguous, and every row additive,
   * of a different score, with REF/ALT or ALT/REF as its alleles. matchPosition would
   * decide each of them refalt or altref; anything else returns false untouched.
   */
  function fastFlush(entry: number, recs: HeldRecord[]): boolean {
    if (recs.length !== 1 || !plainOptions) return false;
    const rec = recs[0]!;
    if (rec.slot < 0) return false;
    const ref = upperAllele(rec.ref);
    const alt = upperAllele(rec.alts[0]!);
    if (alt === '*' || alt.startsWith('<') || isAmbiguous(ref, alt)) return false;
    const refCode = table.knownCode(ref);
    const altCode = table.knownCode(alt);
    const rows = pendingRows;
    const count = pendingCount;
    for (let k = 0; k < count; k++) {
      const i = rows[k]!;
      if (!table.isUsableAdditive(i)) return false;
      const s = table.scoreOf(i);
      if (seenAt[s] === entry) return false;
      seenAt[s] = entry;
      const ea = table.effectAlleleCode(i);
      const oa = table.otherAlleleCode(i);
      if (!((ea === refCode && oa === altCode) || (ea === altCode && oa === refCode))) return false;
    }
    for (let k = 0; k < count; k++) {
      const i = rows[k]!;
      const s = table.scoreOf(i);
      const refEffect = table.effectAlleleCode(i) === refCode;
      accs[s]!.queueDiploid(table.weightOf(i), rec.slot, refEffect);
      // counted here, added to the summaries at the end
      if (refEffect) fastRefalt[s]!++;
      else fastAltref[s]!++;
    }
    return true;
  }

  function flush(): void {
    const entry = pending;
    if (entry < 0) return;
    pending = -1;
    for (let k = 0; k < pendingCount; k++) done[pendingRows[k]!] = 1;
    const recs = pendingRecords;
    pendingRecords = [];
    const fast = fastFlush(entry, recs);
    if (kernel !== null) {
      // the next position's slots; queued rows are added before any slot is reused
      slotBase += Math.min(recs.length, KERNEL_SLOTS);
      if (slotBase + KERNEL_SLOTS > nSlots) {
        kernel.addQueued();
        slotBase = 0;
      }
    }
    if (fast) return;
    // the rows below add to the sums directly: the queued ones come first
    kernel?.addQueued();
    const targets: TargetAllele[] = [];
    recs.forEach((rec, j) => {
      const alts = rec.alts;
      alts.forEach((alt, k) => {
        if (alt === '*' || alt.startsWith('<')) return;
        targets.push({ record: j, altIndex: k + 1, ref: rec.ref.toUpperCase(), alt: alt.toUpperCase(), multiallelic: alts.length > 1 });
      });
    });
    const ds = matchPosition(pendingRowObjects(), targets, options.match);
    const chrom = recs[0]!.chrom;
    const pos = recs[0]!.pos;
    record(ds, chrom, pos);
    recs.forEach((rec, j) => {
      const used = ds.filter((d) => d.status === 'matched' && d.target!.record === j);
      if (used.length === 0) return;
      const block = rec.block;
      const isX = contigKey(rec.chrom) === 'X';
      const biallelic = rec.alts.length === 1;
      const byAllele = new Map<number, EffectDosages>();
      const dosagesOf = (k: number): EffectDosages => {
        let g = byAllele.get(k);
        if (g === undefined) {
          const spare = dosagePool[byAllele.size] ?? (dosagePool[byAllele.size] = new EffectDosages(names.length));
          if (block !== null) g = effectDosages(block, k, isX, biallelic, settings, spare);
          else g = k === 1 ? diploidAltDosages(slotDosages[rec.slot]!, rec.altSum) : refFromAltDosages(slotDosages[rec.slot]!, rec.altSum, spare);
          byAllele.set(k, g);
        }
        return g;
      };
      for (const d of used) {
        const r = d.row;
        const acc = accs[r.score]!;
        // biallelic sites: one ALT-dosage walk serves rows counting either allele
        if (biallelic && !options.collectFrequencies && acc.tryAddDiploid(r, dosagesOf(1), d.effectIndex)) continue;
        const g = dosagesOf(d.effectIndex);
        const f = frequencyFor(d, rec.chrom, rec.pos, g);
        const t = d.target!;
        if (options.collectFrequencies) panelFrequencies[variantKey(rec.chrom, rec.pos, t.ref, t.alt)] = d.effectIndex === 0 ? 1 - g.frequency : g.frequency;
        let item = -1;
        if (options.explain) {
          const table = tables[r.score]!;
          item = table.length;
          table.push({ variant: `${rec.chrom}:${rec.pos}:${t.ref}:${t.alt}`, rsid: r.rsid, effectAllele: r.effectAllele, weight: r.weight });
        }
        const w: AppliedWeight = r;
        const refAlt = refFrequencies?.get(variantKey(rec.chrom, rec.pos, t.ref, t.alt));
        const fb = refAlt === undefined ? f : d.effectIndex === 0 ? 1 - refAlt : refAlt;
        acc.add(w, g, f, options.missing, item, fb);
      }
    });
  }

  return {
    name: 'prs',
    begin(h: VcfHeader, src: string): void {
      header = h;
      source = src;
      for (const s of scoring.scores) {
        if (h.build !== undefined && s.positionBuild !== undefined && h.build !== s.positionBuild) {
          throw new PrecisError('BUILD_MISMATCH', `score ${s.id} has ${s.harmonised ? 'harmonised ' : ''}positions on ${s.positionBuild} but the VCF is ${h.build}`, {
            file: s.file,
            hint: `use the PGS Catalog file harmonised to ${h.build} (PGS######_hmPOS_${h.build}.txt.gz)`,
          });
        }
      }
      names = options.samples?.names ?? h.samples;
      select = options.samples?.select ?? null;
      nFile = h.samples.length;
      scanners = [];
      const n = names.length;
      // a slot holds ALT and REF dosages: 16 bytes a sample
      const block = Math.max(1, Math.min(BLOCK_POSITIONS, Math.floor(SLOT_BYTES / (16 * Math.max(n, 1))) - KERNEL_SLOTS));
      nSlots = block + KERNEL_SLOTS;
      slotBase = 0;
      kernel = n > 0 ? new DosageKernel(n, scoring.scores.length, nSlots) : null;
      const k = kernel;
      slotDosages = k === null ? [] : k.slots.map((view, j) => new EffectDosages(n, view, j));
      accs = scoring.scores.map((_, si) => new ScoreAccumulator(n, options.explain ? new TopContributions(n, options.explain) : null, k, si));
      dosagePool = [];
    },
    accept(rec: VcfRecord): void {
      const chrom = rec.chrom;
      if (chrom !== lastChrom) {
        lastChrom = chrom;
        lastContig = index.contig(chrom);
      }
      if (lastContig < 0) return;
      const entry = index.find(lastContig, rec.pos);
      if (entry < 0) return;
      if (entry === pending) {
        pendingRecords.push(hold(rec, pendingRecords.length));
        return;
      }
      if (done[entry] === 1) {
        throw rec.error(`records at ${chrom}:${rec.pos} are not adjacent: the VCF is not sorted`, 'sort it first (bcftools sort -Oz -o sorted.vcf.gz in.vcf.gz)');
      }
      flush();
      pending = entry;
      if (pendingRows.length < index.foundCount) pendingRows = new Int32Array(index.found.length);
      pendingRows.set(index.found.subarray(0, index.foundCount));
      pendingCount = index.foundCount;
      pendingRecords = [hold(rec, 0)];
    },
    end(): PrsStageResult {
      flush();
      kernel?.addQueued();
      for (let i = 0; i < table.length; i++) {
        if (done[i] === 1 || table.posOf(i) === 0) continue;
        const r = table.get(i);
        record([unmatched(r, r.unusable ?? 'not_in_target')]);
      }
      summaries.forEach((s, si) => {
        const add = (type: 'refalt' | 'altref', n: number): void => {
          if (n === 0) return;
          s.matched += n;
          s.byMatchType[type] = (s.byMatchType[type] ?? 0) + n;
        };
        add('refalt', fastRefalt[si]!);
        add('altref', fastAltref[si]!);
        // in priority order, whichever path counted them
        const counted = s.byMatchType;
        s.byMatchType = {};
        for (const t of MATCH_TYPES) if (counted[t] !== undefined) s.byMatchType[t] = counted[t];
      });
      for (const s of summaries) {
        s.matchRate = s.rows > 0 ? s.matched / s.rows : 0;
        s.pass = s.matchRate >= options.minOverlap;
      }
      const ref = options.reference;
      const result: PrsStageResult = {
        kind: 'prs',
        input: source,
        genomeBuild: header.build ?? null,
        settings: prsSettings(options),
        sampleCount: names.length,
        scores: scoring.scores.map((meta, si) => {
          const acc = accs[si]!;
          const sref = ref?.scores.find((r) => r.id === meta.id);
          const samples: SampleScore[] = names.map((sample, i) => {
            const denom = acc.denom[i]! + acc.sharedAlleles;
            const out: SampleScore = {
              sample,
              sum: acc.sum[i]!,
              avg: denom > 0 ? acc.sum[i]! / denom : 0,
              denom,
              alleleCount: acc.alleleCount[i]! + acc.sharedAlleles,
              nImputed: acc.nImputed[i]!,
            };
            if (sref !== undefined) {
              const p = placeScore(sref, out.sum, options.populationOf?.(sample));
              out.z = p.z;
              out.percentile = p.percentile;
              out.referencePopulation = p.population;
            }
            if (acc.top !== null) {
              const e = explainSample(acc.top, i, tables[si]!, out.sum, acc.baseline![i]!, acc.variantsUsed);
              out.contributions = e.contributions;
              out.contributionsRest = e.rest;
              out.expectedSum = e.expectedSum;
            }
            return out;
          });
          return {
            id: meta.id,
            meta,
            match: summaries[si]!,
            variantsUsed: acc.variantsUsed,
            ...(sref !== undefined && ref !== undefined
              ? { reference: { panel: ref.panel, n: sref.overall.n, mean: sref.overall.mean, sd: sref.overall.sd, variantsUsed: sref.variantsUsed } }
              : {}),
            samples,
          };
        }),
      };
      if (options.audit) result.audit = audit.sort((a, b) => (a.file === b.file ? a.line - b.line || a.score.localeCompare(b.score) : a.file.localeCompare(b.file)));
      if (options.collectFrequencies) result.panelFrequencies = panelFrequencies;
      return result;
    },
  };
}

export function prsSettings(o: PrsOptions): PrsSettings {
  return {
    missing: o.missing,
    dosage: o.dosage,
    xchrModel: o.xchrModel,
    keepAmbiguous: o.match.keepAmbiguous,
    keepFirstMatch: o.match.keepFirstMatch,
    excludeMultiallelic: o.match.excludeMultiallelic === true,
    minOverlap: o.minOverlap,
    frequencySource: o.frequencies.kind === 'table' ? o.frequencies.name : o.frequencies.kind,
  };
}
