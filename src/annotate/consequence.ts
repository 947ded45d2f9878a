import { exonicCodingTerms } from './coding-consequence.js';
import { hgvsC } from './hgvs.js';
import { TermSet, termRank, type Impact, type SoTerm } from './so-terms.js';
import { isCoding, type Transcript } from './transcript.js';
import { codingRange, exonHit } from './transcript-map.js';
import { exonAtOrBefore, layoutOf } from './transcript-layout.js';
import type { ShiftRoom } from './left-align.js';
import type { VariantAllele } from './variant-allele.js';
import { spanOf, structuralKind, touches } from './variant-span.js';

/** How far from an exon boundary a splice term can reach (polypyrimidine tract: 17 bp). */
const SPLICE_REACH = 20;

/** Distance for upstream/downstream_gene_variant (VEP's and SnpEff's default). */
export const UPDOWN_DISTANCE = 5000;

/** What consequence calling reports beyond the terms (VEP's --distance; HGVS only when written). */
export interface CallOptions {
  /** furthest upstream_gene_variant, in bases (0: none) */
  upstream: number;
  /** furthest downstream_gene_variant */
  downstream: number;
  /** HGVS c./n. and p. notation (and the 3′ shift behind HGVS_OFFSET) */
  hgvs: boolean;
}

export const DEFAULT_CALL: CallOptions = { upstream: UPDOWN_DISTANCE, downstream: UPDOWN_DISTANCE, hgvs: true };

/** The spliced sequence of a transcript, in transcript orientation. */
export interface TranscriptSequence {
  cdna: string;
  /** the reference protein, translated on first use */
  protein?: string;
  /** the cDNA from the first coding base on, padded to whole codons at the start (first use) */
  coding?: string;
}

export interface TranscriptConsequence {
  transcript: Transcript;
  terms: SoTerm[];
  impact: Impact;
  /** `termRank(terms[0])`: how severe the most severe term is (1 = most) */
  rank: number;
  exon?: string;
  intron?: string;
  cdnaPosition?: string;
  cdsPosition?: string;
  proteinPosition?: string;
  aminoAcids?: string;
  codons?: string;
  hgvsc?: string;
  hgvsp?: string;
  /** bases the HGVS c. notation was shifted 3′ from the VCF position */
  hgvsShift?: number;
  distance?: number;
}

/** A consequence with every field present (unset): one object shape for all of them. */
export function blankConsequence(t: Transcript): TranscriptConsequence {
  return {
    transcript: t, terms: NO_TERMS, impact: 'MODIFIER', rank: termRank(''), exon: undefined, intron: undefined, cdnaPosition: undefined, cdsPosition: undefined, proteinPosition: undefined,
    aminoAcids: undefined, codons: undefined, hgvsc: undefined, hgvsp: undefined, hgvsShift: undefined, distance: undefined,
  };
}
const NO_TERMS: SoTerm[] = [];
const UPSTREAM: SoTerm[] = ['upstream_gene_variant'];
const DOWNSTREAM: SoTerm[] = ['downstream_gene_variant'];
const UPSTREAM_RANK = termRank(UPSTREAM[0]!);
const DOWNSTREAM_RANK = termRank(DOWNSTREAM[0]!);

function reset(c: TranscriptConsequence, t: Transcript): TranscriptConsequence {
  c.transcript = t;
  c.exon = c.intron = c.cdnaPosition = c.cdsPosition = c.proteinPosition = c.aminoAcids = c.codons = c.hgvsc = c.hgvsp = undefined;
  c.hgvsShift = c.distance = undefined;
  return c;
}

// one set of terms serves every call (the result keeps only the interned list)
const TERMS = new TermSet();

/**
 * Consequences of one allele on one transcript (SO terms, VEP semantics). Needs the
 * transcript's sequence only for codon-level terms, amino acids and HGVS p.; without it,
 * coding SNVs are `coding_sequence_variant` and indels are classified by length.
 * `into` is filled instead of a new object (the caller's pool); its term list is shared.
 * `room` (how far an indel can slide along the reference) lets HGVS c. shift it 3′
 * outside the exons too. `call`: how far upstream/downstream entries reach, and whether
 * HGVS is wanted at all.
 */
export function predictConsequence(
  v: VariantAllele,
  t: Transcript,
  seq: TranscriptSequence | undefined,
  into?: TranscriptConsequence,
  room?: ShiftRoom,
  call: CallOptions = DEFAULT_CALL,
): TranscriptConsequence | undefined {
  const s = spanOf(v);
  const inside = s.ins ? s.a >= t.start && s.b <= t.end : s.b >= t.start && s.a <= t.end;
  if (!inside) {
    const before = s.b < t.start || (s.ins && s.a < t.start);
    const distance = before ? t.start - s.b : s.a - t.end;
    const upstream = before === (t.strand === 1);
    if (distance > (upstream ? call.upstream : call.downstream)) return undefined;
    const c = into ? reset(into, t) : blankConsequence(t);
    // NMD_transcript_variant only within the transcript (VEP's within_nmd_transcript; its
    // output for NMD transcripts 2-4 kb away reads downstream_gene_variant alone)
    c.terms = upstream ? UPSTREAM : DOWNSTREAM;
    c.rank = upstream ? UPSTREAM_RANK : DOWNSTREAM_RANK;
    c.impact = 'MODIFIER';
    c.distance = Math.max(distance, 1);
    return c;
  }
  const out = into ? reset(into, t) : blankConsequence(t);
  const terms = TERMS.clear();
  const structural = v.kind === 'symbolic' ? structuralKind(v.vcfAlt) : undefined;
  if (v.kind === 'symbolic') {
    if (!structural) return finish(out, terms.add(isCoding(t) ? 'coding_transcript_variant' : 'non_coding_transcript_variant'));
    // a deletion or duplication of the whole transcript is that alone (VEP: transcript_ablation, transcript_amplification)
    if (!s.ins && s.a <= t.start && s.b >= t.end) return finish(out, terms.add(structural === 'truncation' ? 'transcript_ablation' : 'transcript_amplification'));
    terms.add(structural === 'elongation' ? 'feature_elongation' : 'feature_truncation');
  }
  if (!s.ins && s.a <= t.start && s.b >= t.end && v.kind === 'deletion') {
    terms.add('transcript_ablation');
    return finish(out, terms);
  }
  const ex = t.exons;
  const nEx = ex.length / 2;
  // first and last exon / intron hit, in transcript numbering (0: none)
  let exonLo = 0;
  let exonHi = 0;
  let intronLo = 0;
  let intronHi = 0;
  let exonic = false;
  let siteHit = false;
  let regionHit = false;
  const plus = t.strand === 1;
  // exons and introns ending before the reach of splice terms cannot match: start past them
  for (let i = Math.max(0, exonAtOrBefore(t, s.a - SPLICE_REACH)); i < nEx; i++) {
    const es = ex[2 * i]!;
    const ee = ex[2 * i + 1]!;
    // exons and introns lie in genome order: past the variant (and the reach of splice terms) nothing more can match
    if (es > s.b + SPLICE_REACH) break;
    if (touches(s, es, ee, true) || (!s.ins && touches(s, es, ee))) {
      exonic = true;
      const n = plus ? i + 1 : nEx - i;
      if (exonLo === 0 || n < exonLo) exonLo = n;
      if (n > exonHi) exonHi = n;
    }
    if (i + 1 >= nEx) continue;
    const is = ee + 1;
    const ie = ex[2 * i + 2]! - 1;
    if (ie < is || ie + SPLICE_REACH < s.a) continue;
    if (touches(s, is, ie, true) || (!s.ins && touches(s, is, ie))) {
      const n = plus ? i + 1 : nEx - 1 - i;
      if (intronLo === 0 || n < intronLo) intronLo = n;
      if (n > intronHi) intronHi = n;
    }
    if (s.a > is + SPLICE_REACH && s.b < ie - SPLICE_REACH) {
      // deep in the intron: no splice term can apply
      terms.add('intron_variant');
      continue;
    }
    // As VEP's _intron_effects (release 115) tests them: an insertion hits a window only with
    // both flanks inside it, so a 2-bp site only when it lands between the site's two bases;
    // insertions next to a site (on either side) are splice_region instead, and those just
    // past the donor or acceptor site intronic too.
    // Introns of 13 bp or less (VEP: frameshift introns, no splice terms at all) follow bcftools
    // csq, which calls an insertion next to either site of such an intron a hit on it.
    const tiny = ie - is <= 12;
    const startSite = s.ins && tiny ? touches(s, is - 1, is + 1, true) : touches(s, is, is + 1, s.ins);
    const endSite = s.ins && tiny ? touches(s, ie - 1, ie + 1, true) : touches(s, ie - 1, ie, s.ins);
    if (plus ? startSite : endSite) terms.add('splice_donor_variant');
    if (plus ? endSite : startSite) terms.add('splice_acceptor_variant');
    if ((startSite || endSite) && !tiny) siteHit = true;
    const fifth = plus ? is + 4 : ie - 4;
    if (touches(s, fifth, fifth, true) || (!s.ins && touches(s, fifth, fifth))) terms.add('splice_donor_5th_base_variant');
    if (plus ? touches(s, is + 2, is + 5, s.ins) : touches(s, ie - 5, ie - 2, s.ins)) terms.add('splice_donor_region_variant');
    if (plus ? touches(s, Math.max(ie - 16, is + 2), ie - 2, s.ins) : touches(s, is + 2, Math.min(is + 16, ie - 2), s.ins)) terms.add('splice_polypyrimidine_tract_variant');
    // splice region: 1-3 exonic bases or 3-8 intronic bases from the boundary, never with a
    // donor or acceptor site (VEP's splice_region predicate); an insertion at the
    // exon/intron boundary, or between a site and the rest of the intron, counts too.
    // The 3-8 bases are counted from the boundary even past an intron shorter than 8 bp
    // (the 1-2 bp gaps some models leave for a genome indel): VEP counts so, and bcftools
    // csq agrees on every coding base near the 27 such introns of bench/annotate.
    if (s.ins && tiny) {
      if (touches(s, ee - 2, is + 7, true) || touches(s, ie - 7, ie + 3, true)) terms.add('splice_region_variant');
    } else if (
      touches(s, ee - 2, ee, s.ins) ||
      touches(s, ie + 1, ie + 3, s.ins) ||
      touches(s, is + 2, is + 7, s.ins) ||
      touches(s, ie - 7, ie - 2, s.ins) ||
      (s.ins && (s.b === is || s.a === ie || s.b === is + 2 || s.a === ie - 2))
    ) {
      regionHit = true;
    }
    if (touches(s, is + 2, ie - 2, s.ins) || (s.ins && (s.b === is + 2 || s.a === ie - 2))) terms.add('intron_variant');
  }
  if (regionHit && !siteHit) terms.add('splice_region_variant');
  if (exonLo > 0) out.exon = rankLabel(exonLo, exonHi, nEx, layoutOf(t).exonLabels);
  if (intronLo > 0) out.intron = rankLabel(intronLo, intronHi, nEx - 1, layoutOf(t).intronLabels);

  const coding = isCoding(t);
  const cr = codingRange(t);
  if (exonic) {
    if (!coding) terms.add('non_coding_transcript_exon_variant');
    else exonicCodingTerms(v, s, t, cr, structural ? undefined : seq, terms, out, call.hgvs);
  }
  if (!coding && !exonic) terms.add('non_coding_transcript_variant');
  if (t.biotype === 'nonsense_mediated_decay') terms.add('NMD_transcript_variant');
  if (terms.size === 0) terms.add(coding ? 'coding_transcript_variant' : 'non_coding_transcript_variant');

  // cDNA position and HGVS c. need only the exon table (and the sequence for the 3' shift)
  const c1 = exonHit(t, s.a)?.cdna;
  const c2 = exonHit(t, s.b)?.cdna;
  if (c1 !== undefined || c2 !== undefined) out.cdnaPosition = positionLabel(c1, c2, s.ins);
  const hc = call.hgvs ? hgvsC(v, t, cr, seq, room) : undefined;
  if (hc) {
    out.hgvsc = hc.text;
    if (hc.shift > 0) out.hgvsShift = hc.shift;
  }
  return finish(out, terms);
}

function finish(c: TranscriptConsequence, terms: TermSet): TranscriptConsequence {
  const it = terms.interned();
  c.terms = it.terms;
  c.impact = it.impact;
  c.rank = it.rank;
  return c;
}

/**
 * VEP's EXON/INTRON value: `n/total` or `lo-hi/total`; single-number labels are kept per
 * transcript (an intronic variant on a long gene would build the same string again).
 */
function rankLabel(lo: number, hi: number, total: number, labels: string[]): string {
  if (lo !== hi) return `${lo}-${hi}/${total}`;
  return (labels[lo] ??= `${lo}/${total}`);
}

/** VEP's cDNA_position: `n`, `lo-hi`, or `?-n` / `n-?` when one end lies outside the exons. */
function positionLabel(x: number | undefined, y: number | undefined, ins: boolean): string {
  if (x === undefined) return `?-${y}`;
  if (y === undefined) return `${x}-?`;
  const lo = Math.min(x, y);
  const hi = Math.max(x, y);
  return lo === hi && !ins ? String(lo) : `${lo}-${hi}`;
}
