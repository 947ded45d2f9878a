import { translate } from './codon.js';
import { TermSet, type Impact, type SoTerm } from './so-terms.js';
import { isCoding, type Transcript } from './transcript.js';
import { codingRange, exonHit } from './transcript-map.js';
import { exonAtOrBefore, layoutOf } from './transcript-layout.js';
import { reverseComplement, type VariantAllele } from './variant-allele.js';
import { hgvsC, hgvsP, type ProteinChange } from './hgvs.js';

/** How far from an exon boundary a splice term can reach (polypyrimidine tract: 17 bp). */
const SPLICE_REACH = 20;

/** Distance for upstream/downstream_gene_variant (VEP's and SnpEff's default). */
export const UPDOWN_DISTANCE = 5000;

/** The spliced sequence of a transcript, in transcript orientation. */
export interface TranscriptSequence {
  cdna: string;
  /** the reference protein, translated on first use */
  protein?: string;
}

export interface TranscriptConsequence {
  transcript: Transcript;
  terms: SoTerm[];
  impact: Impact;
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

interface Span {
  /** genome bounds of the touched reference bases; for an insertion, its two flanking bases */
  a: number;
  b: number;
  ins: boolean;
}

/** Structural alleles (<DEL>, <INS:ME:ALU>, <DUP>...) by what they do to the reference. */
export function structuralKind(alt: string): 'elongation' | 'truncation' | undefined {
  if (/^<(DEL|CN0)/i.test(alt)) return 'truncation';
  if (/^<(INS|DUP|CN[2-9])/i.test(alt)) return 'elongation';
  return undefined;
}

// the last allele's span: every transcript near an allele asks for it in turn (the
// annotator refills one allele object per ALT, so its fields are compared too)
let spanFor: VariantAllele | undefined;
let spanKey = '';
let spanStart = 0;
let spanEnd = 0;
let lastSpan: Span = { a: 0, b: 0, ins: false };
function spanOf(v: VariantAllele): Span {
  if (v !== spanFor || v.start !== spanStart || v.end !== spanEnd || v.kind !== spanKey || v.vcfAlt !== lastAlt) {
    spanFor = v;
    spanStart = v.start;
    spanEnd = v.end;
    spanKey = v.kind;
    lastAlt = v.vcfAlt;
    lastSpan = computeSpan(v);
  }
  return lastSpan;
}
let lastAlt = '';

function computeSpan(v: VariantAllele): Span {
  if (v.kind === 'symbolic') {
    // an insertion-like allele goes in after POS; a deletion removes the bases after the anchor
    if (structuralKind(v.vcfAlt) === 'elongation' && v.end === v.start) return { a: v.start, b: v.start + 1, ins: true };
    return { a: Math.min(v.start + 1, v.end), b: v.end, ins: false };
  }
  return v.kind === 'insertion' ? { a: v.end, b: v.start, ins: true } : { a: v.start, b: v.end, ins: false };
}

/** Whether the variant touches [x, y]: any base for REF spans, either flank for insertions unless `strict`. */
function touches(s: Span, x: number, y: number, strict = false): boolean {
  if (y < x) return false;
  if (s.ins && strict) return s.a >= x && s.b <= y;
  return s.b >= x && s.a <= y;
}

/** A consequence with every field present (unset): one object shape for all of them. */
export function blankConsequence(t: Transcript): TranscriptConsequence {
  return {
    transcript: t, terms: NO_TERMS, impact: 'MODIFIER', exon: undefined, intron: undefined, cdnaPosition: undefined, cdsPosition: undefined, proteinPosition: undefined,
    aminoAcids: undefined, codons: undefined, hgvsc: undefined, hgvsp: undefined, hgvsShift: undefined, distance: undefined,
  };
}
const NO_TERMS: SoTerm[] = [];
const UPSTREAM: SoTerm[] = ['upstream_gene_variant'];
const DOWNSTREAM: SoTerm[] = ['downstream_gene_variant'];
const UPSTREAM_NMD: SoTerm[] = ['upstream_gene_variant', 'NMD_transcript_variant'];
const DOWNSTREAM_NMD: SoTerm[] = ['downstream_gene_variant', 'NMD_transcript_variant'];

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
 */
export function predictConsequence(v: VariantAllele, t: Transcript, seq: TranscriptSequence | undefined, into?: TranscriptConsequence): TranscriptConsequence | undefined {
  const s = spanOf(v);
  const inside = s.ins ? s.a >= t.start && s.b <= t.end : s.b >= t.start && s.a <= t.end;
  if (!inside) {
    const before = s.b < t.start || (s.ins && s.a < t.start);
    const distance = before ? t.start - s.b : s.a - t.end;
    if (distance > UPDOWN_DISTANCE) return undefined;
    const upstream = before === (t.strand === 1);
    const c = into ? reset(into, t) : blankConsequence(t);
    // in this order, not by rank (as VEP lists them)
    c.terms = t.biotype === 'nonsense_mediated_decay' ? (upstream ? UPSTREAM_NMD : DOWNSTREAM_NMD) : upstream ? UPSTREAM : DOWNSTREAM;
    c.impact = 'MODIFIER';
    c.distance = Math.max(distance, 1);
    return c;
  }
  const out = into ? reset(into, t) : blankConsequence(t);
  const terms = TERMS.clear();
  const structural = v.kind === 'symbolic' ? structuralKind(v.vcfAlt) : undefined;
  if (v.kind === 'symbolic') {
    if (!structural) return finish(out, terms.add(isCoding(t) ? 'coding_transcript_variant' : 'non_coding_transcript_variant'));
    terms.add(structural === 'elongation' ? 'feature_elongation' : 'feature_truncation');
    if (structural === 'truncation' && s.a <= t.start && s.b >= t.end) terms.add('transcript_ablation');
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
    // an insertion hits a 2-bp site when it lands inside it or between it and the exon (bcftools and VEP agree)
    const donorHit = s.ins ? (plus ? touches(s, is - 1, is + 1, true) : touches(s, ie - 1, ie + 1, true)) : plus ? touches(s, is, is + 1) : touches(s, ie - 1, ie);
    if (donorHit) terms.add('splice_donor_variant');
    const acceptorHit = s.ins ? (plus ? touches(s, ie - 1, ie + 1, true) : touches(s, is - 1, is + 1, true)) : plus ? touches(s, ie - 1, ie) : touches(s, is, is + 1);
    if (acceptorHit) terms.add('splice_acceptor_variant');
    const fifth = plus ? is + 4 : ie - 4;
    if (touches(s, fifth, fifth, true) || (!s.ins && touches(s, fifth, fifth))) terms.add('splice_donor_5th_base_variant');
    if (plus ? touches(s, is + 2, is + 5) : touches(s, ie - 5, ie - 2)) terms.add('splice_donor_region_variant');
    if (plus ? touches(s, Math.max(ie - 16, is + 2), ie - 2) : touches(s, is + 2, Math.min(is + 16, ie - 2))) terms.add('splice_polypyrimidine_tract_variant');
    // splice region: 1-3 exonic bases or 3-8 intronic bases from the boundary
    // (an insertion counts when both flanks lie in one boundary's region, exon and intron sides together)
    const regionHit = s.ins
      ? touches(s, ee - 2, Math.min(is + 7, ie), true) || touches(s, Math.max(ie - 7, is), ie + 3, true)
      : touches(s, ee - 2, ee) || touches(s, ie + 1, ie + 3) || touches(s, is + 2, Math.min(is + 7, ie)) || touches(s, Math.max(ie - 7, is), ie - 2);
    if (regionHit) terms.add('splice_region_variant');
    if (touches(s, is + 2, ie - 2, s.ins)) terms.add('intron_variant');
  }
  if (exonLo > 0) out.exon = rankLabel(exonLo, exonHi, nEx, layoutOf(t).exonLabels);
  if (intronLo > 0) out.intron = rankLabel(intronLo, intronHi, nEx - 1, layoutOf(t).intronLabels);

  const coding = isCoding(t);
  const cr = codingRange(t);
  if (exonic) {
    if (!coding) terms.add('non_coding_transcript_exon_variant');
    else exonicCodingTerms(v, s, t, cr, structural ? undefined : seq, terms, out);
  }
  if (!coding && !exonic) terms.add('non_coding_transcript_variant');
  if (t.biotype === 'nonsense_mediated_decay') terms.add('NMD_transcript_variant');
  if (terms.size === 0) terms.add(coding ? 'coding_transcript_variant' : 'non_coding_transcript_variant');

  // cDNA position and HGVS c. need only the exon table (and the sequence for the 3' shift)
  const c1 = exonHit(t, s.a)?.cdna;
  const c2 = exonHit(t, s.b)?.cdna;
  if (c1 !== undefined || c2 !== undefined) out.cdnaPosition = positionLabel(c1, c2, s.ins);
  const hc = hgvsC(v, t, cr, seq);
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

/** UTR and coding terms for a variant touching exons of a coding transcript. */
function exonicCodingTerms(
  v: VariantAllele,
  s: Span,
  t: Transcript,
  cr: [number, number],
  seq: TranscriptSequence | undefined,
  terms: TermSet,
  out: Partial<TranscriptConsequence>,
): void {
  const ex = t.exons;
  const plus = t.strand === 1;
  let utr5 = false;
  let utr3 = false;
  let cds = false;
  for (let i = 0; i < ex.length; i += 2) {
    const es = ex[i]!;
    const ee = ex[i + 1]!;
    const left: [number, number] = [es, Math.min(ee, t.cdsStart - 1)];
    const right: [number, number] = [Math.max(es, t.cdsEnd + 1), ee];
    const mid: [number, number] = [Math.max(es, t.cdsStart), Math.min(ee, t.cdsEnd)];
    if (s.ins) {
      // an insertion belongs to the UTR when either flank is untranslated
      const inExon = s.a >= es && s.b <= ee;
      if (!inExon) continue;
      if (s.a < t.cdsStart) plus ? (utr5 = true) : (utr3 = true);
      else if (s.b > t.cdsEnd) plus ? (utr3 = true) : (utr5 = true);
      else cds = true;
      continue;
    }
    if (touches(s, left[0], left[1])) plus ? (utr5 = true) : (utr3 = true);
    if (touches(s, right[0], right[1])) plus ? (utr3 = true) : (utr5 = true);
    if (touches(s, mid[0], mid[1])) cds = true;
  }
  if (utr5) terms.add('5_prime_UTR_variant');
  if (utr3) terms.add('3_prime_UTR_variant');
  if (!cds) return;

  const ca = exonHit(t, s.a);
  const cb = exonHit(t, s.b);
  const withinOneExon = ca !== undefined && cb !== undefined && ca.exon === cb.exon;
  const inCds = s.a >= t.cdsStart && s.b <= t.cdsEnd;
  const pad = (3 - t.cdsPhase) % 3;
  const lenDiff = v.alt.length - v.ref.length;
  if (v.kind === 'symbolic') {
    terms.add('coding_sequence_variant');
    return;
  }
  if (!withinOneExon || !inCds) {
    terms.add('coding_sequence_variant');
    if (!s.ins) {
      // the frame still follows from how many coding bases go (the ALT bases are assumed to stay in the CDS)
      let cdsBases = 0;
      for (let i = 0; i < ex.length; i += 2) {
        const x = Math.max(ex[i]!, t.cdsStart, s.a);
        const y = Math.min(ex[i + 1]!, t.cdsEnd, s.b);
        if (y >= x) cdsBases += y - x + 1;
      }
      const net = cdsBases - v.alt.length;
      if (net > 0 && net % 3 !== 0) terms.add('frameshift_variant');
      else if (net > 0) terms.add('inframe_deletion');
    }
    // a change reaching the first or last codon from outside still removes it
    if (!s.ins && touches(s, plus ? t.cdsStart : t.cdsEnd - 2, plus ? t.cdsStart + 2 : t.cdsEnd) && t.cdsPhase === 0) terms.add('start_lost');
    if (!s.ins && touches(s, plus ? t.cdsEnd - 2 : t.cdsStart, plus ? t.cdsEnd : t.cdsStart + 2)) terms.add('stop_lost');
    return;
  }
  const low = Math.min(ca.cdna, cb.cdna);
  const high = Math.max(ca.cdna, cb.cdna);
  const p1 = low - cr[0] + 1 + pad;
  const p2 = high - cr[0] + 1 + pad;
  out.cdsPosition = s.ins ? `${p1 - pad}-${p2 - pad}` : p1 === p2 ? String(p1 - pad) : `${p1 - pad}-${p2 - pad}`;
  const codonLo = Math.floor((p1 - 1) / 3) + 1;
  const codonHi = Math.floor((p2 - 1) / 3) + 1;
  out.proteinPosition = codonLo === codonHi ? String(codonLo) : `${codonLo}-${codonHi}`;
  if (!seq) {
    if (lenDiff % 3 !== 0) terms.add('frameshift_variant');
    else if (lenDiff > 0) terms.add('inframe_insertion');
    else if (lenDiff < 0) terms.add('inframe_deletion');
    else terms.add('coding_sequence_variant');
    return;
  }
  const cod = 'N'.repeat(pad) + seq.cdna.slice(cr[0] - 1);
  const cdsLen = cr[1] - cr[0] + 1 + pad;
  const refT = plus ? v.ref : reverseComplement(v.ref);
  const altT = plus ? v.alt : reverseComplement(v.alt);
  // i0: 0-based index in `cod` of the first changed base (for insertions, the base after the insertion point)
  const i0 = s.ins ? p1 : p1 - 1;
  const refEnd = i0 + refT.length;
  if (!s.ins && cod.slice(i0, refEnd) !== refT) {
    // the reference disagrees with the VCF REF: codon-level terms would be guesses
    terms.add('coding_sequence_variant');
    return;
  }
  const codonStart = Math.floor(i0 / 3) * 3;
  const winEnd = Math.max(Math.ceil(refEnd / 3) * 3, codonStart + 3);
  const refWin = cod.slice(codonStart, winEnd);
  const altWin = cod.slice(codonStart, i0) + altT + cod.slice(refEnd, winEnd);
  out.codons = codonLabel(refWin, altWin, i0 - codonStart, refT.length, altT.length);
  const terminalPartial = cdsLen % 3 !== 0 && winEnd > cdsLen - (cdsLen % 3);
  if (terminalPartial) {
    terms.add('incomplete_terminal_codon_variant');
    return;
  }
  const stopAt = cdsLen - 3; // index of the reference stop codon, when the CDS ends in one
  const hasStop = translate(cod.slice(stopAt, cdsLen)) === '*';
  const touchesStop = hasStop && refEnd > stopAt && i0 < cdsLen;
  const touchesStart = codonStart === 0 && pad === 0;
  const refPep = translate(refWin);
  if (lenDiff % 3 !== 0) {
    terms.add('frameshift_variant');
    if (touchesStop) terms.add('stop_lost');
    if (touchesStart && i0 < 3) terms.add('start_lost');
    out.aminoAcids = `${refPep}/X`;
    const pc = frameshiftChange(cod, seq, cdsLen, codonStart, i0, refEnd, altT);
    if (pc?.alt === '*') terms.add('stop_gained');
    if (pc) out.hgvsp = hgvsP(t, pc);
    return;
  }
  const altPep = translate(altWin);
  out.aminoAcids = refPep === altPep ? refPep : `${refPep || '-'}/${altPep || '-'}`;
  let pre = 0;
  while (pre < refPep.length && pre < altPep.length && refPep[pre] === altPep[pre]) pre++;
  let suf = 0;
  while (suf < refPep.length - pre && suf < altPep.length - pre && refPep[refPep.length - 1 - suf] === altPep[altPep.length - 1 - suf]) suf++;
  const rp = refPep.slice(pre, refPep.length - suf);
  const ap = altPep.slice(pre, altPep.length - suf);
  const protStart = codonStart / 3 + 1 + pre;
  if (touchesStart && refPep[0] === 'M' && altPep[0] !== 'M') terms.add('start_lost');
  if (touchesStop && refPep.includes('*') && !altPep.includes('*')) terms.add('stop_lost');
  if (ap.includes('*') && !rp.includes('*')) terms.add('stop_gained');
  if (rp === '' && ap === '') {
    if (touchesStop && refPep.endsWith('*')) terms.add('stop_retained_variant');
    else if (touchesStart && refPep[0] === 'M') terms.add('start_retained_variant');
    else if (lenDiff === 0) terms.add('synonymous_variant');
  }
  if (lenDiff > 0) terms.add('inframe_insertion');
  else if (lenDiff < 0) terms.add('inframe_deletion');
  else if (rp !== '' && !terms.has('stop_gained') && !terms.has('stop_lost') && !terms.has('start_lost')) terms.add('missense_variant');
  const protein = (seq.protein ??= translate(cod.slice(0, cdsLen)));
  const change: ProteinChange =
    rp === '' && ap === ''
      ? { kind: 'inframe', start: Math.floor(i0 / 3) + 1, ref: '', alt: '', refWindow: refPep[Math.floor(i0 / 3) - codonStart / 3] ?? 'X' }
      : { kind: 'inframe', start: protStart, ref: rp, alt: ap, refWindow: refPep, extension: rp === '*' ? stopExtension(altWin, cod, winEnd, protStart, codonStart) : undefined };
  out.hgvsp = hgvsP(t, change, protein);
}

/** Codons as VEP shows them: changed bases upper-case, the rest lower-case. */
function codonLabel(refWin: string, altWin: string, at: number, refLen: number, altLen: number): string {
  const r = refWin.slice(0, at).toLowerCase() + refWin.slice(at, at + refLen).toUpperCase() + refWin.slice(at + refLen).toLowerCase();
  const a = altWin.slice(0, at).toLowerCase() + altWin.slice(at, at + altLen).toUpperCase() + altWin.slice(at + altLen).toLowerCase();
  return `${r}/${a || '-'}`;
}

function frameshiftChange(cod: string, seq: TranscriptSequence, cdsLen: number, codonStart: number, i0: number, refEnd: number, altT: string): ProteinChange | undefined {
  const protein = (seq.protein ??= translate(cod.slice(0, cdsLen)));
  const alt = translate(cod.slice(codonStart, i0) + altT + cod.slice(refEnd));
  const first = codonStart / 3;
  let k = 0;
  while (k < alt.length && first + k < protein.length && alt[k] === protein[first + k]) k++;
  if (first + k >= protein.length) return undefined;
  const stop = alt.indexOf('*', k);
  return { kind: 'frameshift', start: first + k + 1, ref: protein[first + k]!, alt: alt[k] ?? 'X', refWindow: protein.slice(first), frameshiftLength: stop < 0 ? undefined : stop - k + 1 };
}

/**
 * For a lost stop: how many residues the protein now runs past the old stop, reading the
 * changed codons and then the 3′UTR until the next stop (HGVS `extTerN`); undefined when
 * no stop follows in the transcript.
 */
function stopExtension(altWin: string, cod: string, winEnd: number, stopResidue: number, codonStart: number): number | undefined {
  const from = (stopResidue - 1) * 3 - codonStart;
  const tail = translate(altWin.slice(from) + cod.slice(winEnd));
  const next = tail.indexOf('*', 1);
  return next < 0 ? undefined : next;
}
