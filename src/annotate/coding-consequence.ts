import { aminoAcidOf, geneticCode, translate, type GeneticCode } from './codon.js';
import type { TranscriptConsequence, TranscriptSequence } from './consequence.js';
import { hgvsP, type ProteinChange } from './hgvs.js';
import type { TermSet } from './so-terms.js';
import type { Transcript } from './transcript.js';
import { codingBases, exonHit, missingBases, secondReading, slippedBases, slippedBefore } from './transcript-map.js';
import { stranded, type VariantAllele } from './variant-allele.js';
import { touches, type Span } from './variant-span.js';

/** UTR and coding terms for a variant touching exons of a coding transcript; HGVS p. too unless `hgvs` is false. */
export function exonicCodingTerms(
  v: VariantAllele,
  s: Span,
  t: Transcript,
  cr: [number, number],
  seq: TranscriptSequence | undefined,
  terms: TermSet,
  out: Partial<TranscriptConsequence>,
  hgvs = true,
): void {
  const ex = t.exons;
  const plus = t.strand === 1;
  let utr5 = false;
  let utr3 = false;
  let cds = false;
  for (let i = 0; i < ex.length; i += 2) {
    const es = ex[i]!;
    const ee = ex[i + 1]!;
    // exons in genome order: past the variant none can touch it
    if (es > s.b) break;
    if (ee < s.a) continue;
    if (s.ins) {
      // an insertion belongs to the UTR when either flank is untranslated
      const inExon = s.a >= es && s.b <= ee;
      if (!inExon) continue;
      if (s.a < t.cdsStart) plus ? (utr5 = true) : (utr3 = true);
      else if (s.b > t.cdsEnd) plus ? (utr3 = true) : (utr5 = true);
      else cds = true;
      continue;
    }
    // the exon's parts before, after and inside the CDS
    if (touches(s, es, Math.min(ee, t.cdsStart - 1))) plus ? (utr5 = true) : (utr3 = true);
    if (touches(s, Math.max(es, t.cdsEnd + 1), ee)) plus ? (utr3 = true) : (utr5 = true);
    if (touches(s, Math.max(es, t.cdsStart), Math.min(ee, t.cdsEnd))) cds = true;
  }
  if (utr5) terms.add('5_prime_UTR_variant');
  if (utr3) terms.add('3_prime_UTR_variant');
  if (!cds) return;

  const ca = exonHit(t, s.a);
  const cb = exonHit(t, s.b);
  const withinOneExon = ca !== undefined && cb !== undefined && ca.exon === cb.exon;
  const inCds = s.a >= t.cdsStart && s.b <= t.cdsEnd;
  // coding positions count the bases missing before a 5′-incomplete CDS (VEP's CDS_position does)
  const pad = missingBases(t);
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
  // coding positions (a base read twice in a programmed frameshift counts at its first reading)
  const p1 = low - cr[0] + 1 + pad + slippedBefore(t, low);
  // an SNV on a base read twice changes both readings: n bases apart in the coding sequence
  const twice = v.kind === 'snv' ? secondReading(t, low) : 0;
  const p2 = twice > 0 ? p1 + twice : high - cr[0] + 1 + pad + slippedBefore(t, high);
  out.cdsPosition = s.ins || p1 !== p2 ? `${p1}-${p2}` : String(p1);
  const codonLo = Math.floor((p1 - 1) / 3) + 1;
  const codonHi = Math.floor((p2 - 1) / 3) + 1;
  out.proteinPosition = codonLo === codonHi ? String(codonLo) : `${codonLo}-${codonHi}`;
  // a translation table precis does not carry: codon-level terms would be guesses, as without a sequence
  const code = geneticCode(t.geneticCode);
  if (!seq || code === undefined) {
    if (lenDiff % 3 !== 0) terms.add('frameshift_variant');
    else if (lenDiff > 0) terms.add('inframe_insertion');
    else if (lenDiff < 0) terms.add('inframe_deletion');
    else terms.add('coding_sequence_variant');
    return;
  }
  // built once per transcript: made anew it was a copy of the whole cDNA per coding variant
  const cod = (seq.coding ??= codingBases(t, seq.cdna, cr, pad));
  const cdsLen = cr[1] - cr[0] + 1 + pad + slippedBases(t);
  let refT = stranded(v.ref, plus);
  let altT = stranded(v.alt, plus);
  if (twice > 0) {
    // the change as the ribosome meets it: the base, the bases between its readings, the base again
    const between = cod.slice(p1, p1 + twice - 1);
    refT = refT + between + refT;
    altT = altT + between + altT;
  }
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
    // the last codon cannot be read: VEP adds coding_sequence_variant, or the in-frame indel term
    // (its frameshift test declines a partial codon)
    terms.add('incomplete_terminal_codon_variant');
    if (lenDiff === 0 || lenDiff % 3 !== 0) terms.add('coding_sequence_variant');
    else terms.add(lenDiff > 0 ? 'inframe_insertion' : 'inframe_deletion');
    return;
  }
  const stopAt = cdsLen - 3; // index of the reference stop codon, when the CDS ends in one
  const hasStop = translate(cod.slice(stopAt, cdsLen), code) === '*';
  const touchesStop = hasStop && refEnd > stopAt && i0 < cdsLen;
  const touchesStart = codonStart === 0 && pad === 0;
  const refPep = translate(refWin, code);
  if (lenDiff % 3 !== 0) {
    terms.add('frameshift_variant');
    if (touchesStop) terms.add('stop_lost');
    if (touchesStart && i0 < 3) terms.add('start_lost');
    out.aminoAcids = `${refPep}/X`;
    const pc = frameshiftChange(cod, seq, cdsLen, codonStart, i0, refEnd, altT, code);
    if (pc?.alt === '*') terms.add('stop_gained');
    if (pc && hgvs) out.hgvsp = hgvsP(t, pc);
    return;
  }
  const altPep = translate(altWin, code);
  out.aminoAcids = refPep === altPep ? refPep : `${refPep || '-'}/${altPep || '-'}`;
  let pre = 0;
  while (pre < refPep.length && pre < altPep.length && refPep[pre] === altPep[pre]) pre++;
  let suf = 0;
  while (suf < refPep.length - pre && suf < altPep.length - pre && refPep[refPep.length - 1 - suf] === altPep[altPep.length - 1 - suf]) suf++;
  const rp = refPep.slice(pre, refPep.length - suf);
  const ap = altPep.slice(pre, altPep.length - suf);
  const protStart = codonStart / 3 + 1 + pre;
  if (touchesStart && refPep[0] === 'M' && altPep[0] !== 'M') terms.add('start_lost');
  // any stop the change removes, the terminal one or one inside the CDS (VEP's stop_lost reads the peptides only)
  if (refPep.includes('*') && !altPep.includes('*')) terms.add('stop_lost');
  if (ap.includes('*') && !rp.includes('*')) terms.add('stop_gained');
  if (rp === '' && ap === '') {
    if (touchesStop && refPep.endsWith('*')) terms.add('stop_retained_variant');
    else if (touchesStart && refPep[0] === 'M') terms.add('start_retained_variant');
    else if (lenDiff === 0) terms.add('synonymous_variant');
  }
  // an in-frame indel through the stop codon that leaves a stop where it ends (VEP and bcftools: stop_retained too)
  if (lenDiff !== 0 && touchesStop && refPep.endsWith('*') && altPep.endsWith('*') && altPep.indexOf('*') === altPep.length - 1) terms.add('stop_retained_variant');
  if (lenDiff > 0) terms.add('inframe_insertion');
  else if (lenDiff < 0) terms.add('inframe_deletion');
  else if (rp !== '' && !terms.has('stop_gained') && !terms.has('stop_lost') && !terms.has('start_lost')) terms.add('missense_variant');
  if (!hgvs) return;
  const protein = (seq.protein ??= translate(cod.slice(0, cdsLen), code));
  const change: ProteinChange =
    rp === '' && ap === ''
      ? { kind: 'inframe', start: Math.floor(i0 / 3) + 1, ref: '', alt: '', refWindow: refPep[Math.floor(i0 / 3) - codonStart / 3] ?? 'X' }
      : { kind: 'inframe', start: protStart, ref: rp, alt: ap, refWindow: refPep, extension: rp === '*' ? stopExtension(altWin, cod, winEnd, protStart, codonStart, code) : undefined };
  out.hgvsp = hgvsP(t, change, protein);
}

/** Codons as VEP shows them: changed bases upper-case, the rest lower-case. */
function codonLabel(refWin: string, altWin: string, at: number, refLen: number, altLen: number): string {
  const r = refWin.slice(0, at).toLowerCase() + refWin.slice(at, at + refLen).toUpperCase() + refWin.slice(at + refLen).toLowerCase();
  const a = altWin.slice(0, at).toLowerCase() + altWin.slice(at, at + altLen).toUpperCase() + altWin.slice(at + altLen).toLowerCase();
  return `${r}/${a || '-'}`;
}

function frameshiftChange(cod: string, seq: TranscriptSequence, cdsLen: number, codonStart: number, i0: number, refEnd: number, altT: string, code: GeneticCode): ProteinChange | undefined {
  const protein = (seq.protein ??= translate(cod.slice(0, cdsLen), code));
  // the changed sequence from codonStart on (cod[codonStart, i0) + altT + cod[refEnd...]) is
  // read codon by codon where it is needed, not built and translated whole: a frameshift
  // usually meets a stop within a few dozen codons of a transcript thousands of bases long
  const alt = new ShiftedFrame(cod, codonStart, i0, refEnd, altT, code);
  const codons = alt.codons;
  const first = codonStart / 3;
  let k = 0;
  while (k < codons && first + k < protein.length && alt.aminoAcid(k) === protein[first + k]) k++;
  if (first + k >= protein.length) return undefined;
  let stop = -1;
  for (let j = k; j < codons; j++) {
    if (alt.aminoAcid(j) === '*') {
      stop = j;
      break;
    }
  }
  return { kind: 'frameshift', start: first + k + 1, ref: protein[first + k]!, alt: k < codons ? alt.aminoAcid(k) : 'X', refWindow: protein.slice(first), frameshiftLength: stop < 0 ? undefined : stop - k + 1 };
}

/** cod[from, i0) + altT + cod[refEnd, ...), read in codons without being built. */
class ShiftedFrame {
  readonly codons: number;
  private readonly head: number;
  private readonly mid: number;

  constructor(
    private readonly cod: string,
    private readonly from: number,
    i0: number,
    private readonly refEnd: number,
    private readonly altT: string,
    private readonly code: GeneticCode,
  ) {
    this.head = i0 - from;
    this.mid = this.head + altT.length;
    this.codons = Math.floor((this.mid + cod.length - refEnd) / 3);
  }

  private base(j: number): number {
    if (j < this.head) return this.cod.charCodeAt(this.from + j);
    if (j < this.mid) return this.altT.charCodeAt(j - this.head);
    return this.cod.charCodeAt(this.refEnd + j - this.mid);
  }

  /** The amino acid of codon k (one letter). */
  aminoAcid(k: number): string {
    return aminoAcidOf(this.base(3 * k), this.base(3 * k + 1), this.base(3 * k + 2), this.code);
  }
}

/**
 * For a lost stop: how many residues the protein now runs past the old stop, reading the
 * changed codons and then the 3′UTR until the next stop (HGVS `extTerN`); undefined when
 * no stop follows in the transcript.
 */
function stopExtension(altWin: string, cod: string, winEnd: number, stopResidue: number, codonStart: number, code: GeneticCode): number | undefined {
  const from = (stopResidue - 1) * 3 - codonStart;
  const tail = translate(altWin.slice(from) + cod.slice(winEnd), code);
  const next = tail.indexOf('*', 1);
  return next < 0 ? undefined : next;
}
