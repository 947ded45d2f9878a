import { threeLetter } from './codon.js';
import { versionedId, type Transcript } from './transcript.js';
import { cdnaLabel, exonHit, hgvsCoordinate } from './transcript-map.js';
import { layoutOf } from './transcript-layout.js';
import { reverseComplement, type VariantAllele } from './variant-allele.js';
import type { TranscriptSequence } from './consequence.js';

/** A protein-level change: amino acids `ref` at `start` replaced by `alt` (one-letter codes). */
export interface ProteinChange {
  kind: 'inframe' | 'frameshift';
  start: number;
  ref: string;
  alt: string;
  /** the reference amino acid(s) of the changed codons, for synonymous changes */
  refWindow: string;
  /** stop position counted from the first changed residue (frameshifts), when one is reached */
  frameshiftLength?: number;
  /** residues added past the old stop when a stop is lost (extTerN) */
  extension?: number;
}

/** cDNA position of the last base of exon `n` (transcript order). */
function exonCdnaEnd(t: Transcript, n: number): number {
  const ex = t.exons;
  const k = ex.length / 2;
  let total = 0;
  for (let j = 1; j <= n; j++) {
    const i = t.strand === 1 ? j - 1 : k - j;
    total += ex[2 * i + 1]! - ex[2 * i]! + 1;
  }
  return total;
}

/**
 * HGVS c. (coding) or n. (non-coding) notation. With the transcript sequence, insertions
 * and deletions inside an exon are shifted 3′ as HGVS requires and an insertion repeating
 * the preceding bases is written as a dup; `shift` says how far it moved. The result is
 * one object reused by every call (consequence calling reads it at once).
 */
export function hgvsC(v: VariantAllele, t: Transcript, cr: [number, number], seq: TranscriptSequence | undefined): HgvsC | undefined {
  if (v.kind === 'symbolic' || v.kind === 'none') return undefined;
  const prefix = layoutOf(t).hgvsPrefix;
  const plus = t.strand === 1;
  const refT = plus ? v.ref : reverseComplement(v.ref);
  const altT = plus ? v.alt : reverseComplement(v.alt);
  if (v.kind === 'snv') {
    const p = hgvsCoordinate(t, v.start, cr);
    return p === undefined ? undefined : result(`${prefix}${p}${refT}>${altT}`, 0);
  }
  if (v.kind === 'insertion') {
    const g5 = plus ? v.end : v.start;
    const g3 = plus ? v.start : v.end;
    const h5 = exonHit(t, g5);
    const h3 = exonHit(t, g3);
    if (seq && h5 && h3 && h5.exon === h3.exon) {
      const cdna = seq.cdna;
      const limit = exonCdnaEnd(t, h5.exon);
      let c = h5.cdna;
      let s = altT;
      let shift = 0;
      while (c < limit && cdna[c] === s[0]) {
        s = s.slice(1) + s[0];
        c++;
        shift++;
      }
      if (c >= s.length && cdna.slice(c - s.length, c) === s) {
        const from = cdnaLabel(c - s.length + 1, cr);
        const to = cdnaLabel(c, cr);
        return result(`${prefix}${s.length === 1 ? from : `${from}_${to}`}dup`, shift);
      }
      return result(`${prefix}${cdnaLabel(c, cr)}_${cdnaLabel(c + 1, cr)}ins${s}`, shift);
    }
    const a = hgvsCoordinate(t, g5, cr);
    const b = hgvsCoordinate(t, g3, cr);
    return a === undefined || b === undefined ? undefined : result(`${prefix}${a}_${b}ins${altT}`, 0);
  }
  const g5 = plus ? v.start : v.end;
  const g3 = plus ? v.end : v.start;
  if (v.kind === 'deletion') {
    const h5 = exonHit(t, g5);
    const h3 = exonHit(t, g3);
    if (seq && h5 && h3 && h5.exon === h3.exon) {
      const cdna = seq.cdna;
      const limit = exonCdnaEnd(t, h5.exon);
      let c5 = h5.cdna;
      let c3 = h3.cdna;
      let shift = 0;
      while (c3 < limit && cdna[c3] === cdna[c5 - 1]) {
        c5++;
        c3++;
        shift++;
      }
      const a = cdnaLabel(c5, cr);
      const b = cdnaLabel(c3, cr);
      return result(`${prefix}${c5 === c3 ? a : `${a}_${b}`}del`, shift);
    }
  }
  const a = hgvsCoordinate(t, g5, cr);
  const b = hgvsCoordinate(t, g3, cr);
  if (a === undefined || b === undefined) return undefined;
  const span = a === b ? a : `${a}_${b}`;
  return result(`${prefix}${span}${v.kind === 'deletion' ? 'del' : `delins${altT}`}`, 0);
}

export interface HgvsC {
  text: string;
  shift: number;
}
const RESULT: HgvsC = { text: '', shift: 0 };

function result(text: string, shift: number): HgvsC {
  RESULT.text = text;
  RESULT.shift = shift;
  return RESULT;
}

/** HGVS p. notation with three-letter amino acids, as VEP writes it. */
export function hgvsP(t: Transcript, c: ProteinChange, protein?: string): string {
  const prefix = `${t.proteinId ?? versionedId(t)}:p.`;
  const aa = (s: string): string => threeLetter(s);
  if (c.kind === 'frameshift') {
    if (c.alt === '*') return `${prefix}${aa(c.ref)}${c.start}Ter`;
    return `${prefix}${aa(c.ref)}${c.start}${aa(c.alt)}fsTer${c.frameshiftLength ?? '?'}`;
  }
  const { ref } = c;
  let { alt, start } = c;
  if (ref === '' && alt === '') return `${prefix}${aa(c.refWindow[0] ?? 'X')}${start}=`;
  if (start === 1 && ref.startsWith('M') && !alt.startsWith('M')) return `${prefix}Met1?`;
  if (ref.length === 1 && alt.length === 1) {
    if (ref === '*') return `${prefix}Ter${start}${aa(alt)}extTer${c.extension ?? '?'}`;
    return `${prefix}${aa(ref)}${start}${aa(alt)}`;
  }
  if (ref === '') {
    // insertion between residues start-1 and start
    if (protein) {
      // shift the insertion C-terminal while the next residue repeats its first one
      let ins = alt;
      while (start - 1 < protein.length && protein[start - 1] === ins[0] && protein[start - 1] !== '*') {
        ins = ins.slice(1) + ins[0];
        start++;
      }
      alt = ins;
      const before = protein.slice(start - 1 - alt.length, start - 1);
      if (before === alt) {
        const s0 = start - alt.length;
        return `${prefix}${alt.length === 1 ? `${aa(alt)}${s0}` : `${aa(alt[0]!)}${s0}_${aa(alt[alt.length - 1]!)}${start - 1}`}dup`;
      }
      const left = protein[start - 2];
      const right = protein[start - 1];
      if (left !== undefined && right !== undefined) return `${prefix}${aa(left)}${start - 1}_${aa(right)}${start}ins${aa(alt)}`;
    }
    return `${prefix}${start - 1}_${start}ins${aa(alt)}`;
  }
  if (alt === '' && protein) {
    // deletions are shifted to the most C-terminal equivalent position, as HGVS requires
    let s0 = start;
    let e0 = start + ref.length - 1;
    while (e0 < protein.length && protein[e0] === protein[s0 - 1] && protein[e0] !== '*') {
      s0++;
      e0++;
    }
    const r = protein.slice(s0 - 1, e0);
    return `${prefix}${r.length === 1 ? `${aa(r)}${s0}` : `${aa(r[0]!)}${s0}_${aa(r[r.length - 1]!)}${e0}`}del`;
  }
  const last = start + ref.length - 1;
  const span = ref.length === 1 ? `${aa(ref)}${start}` : `${aa(ref[0]!)}${start}_${aa(ref[ref.length - 1]!)}${last}`;
  if (alt.startsWith('*')) return `${prefix}${aa(ref[0]!)}${start}Ter`;
  if (alt === '') return `${prefix}${span}del`;
  return `${prefix}${span}delins${aa(alt)}`;
}
