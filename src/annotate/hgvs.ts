import { threeLetter } from './codon.js';
import { versionedId, type Transcript } from './transcript.js';
import { exonHit, hgvsPoint, missingBases, slippedBefore, type HgvsPoint } from './transcript-map.js';
import { exonAtOrBefore, layoutOf } from './transcript-layout.js';
import { TextBytes } from './text-bytes.js';
import { stranded, type VariantAllele } from './variant-allele.js';
import type { TranscriptSequence } from './consequence.js';
import type { ShiftRoom } from './left-align.js';

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
 * HGVS c. (coding) or n. (non-coding) notation. Insertions and deletions are shifted 3′ as
 * HGVS requires and an insertion repeating the preceding bases is written as a dup;
 * `shift` says how far it moved. Inside an exon the shift reads the transcript sequence;
 * elsewhere (introns, exons of transcripts without a sequence) it uses the allele's
 * `room` along the genome. Either way it stays inside the exon or intron it starts in
 * (HGVS does not shift across an exon/intron junction). The result is one object reused
 * by every call (consequence calling reads it at once).
 */
export function hgvsC(v: VariantAllele, t: Transcript, cr: [number, number], seq: TranscriptSequence | undefined, room?: ShiftRoom): HgvsC | undefined {
  if (v.kind === 'symbolic' || v.kind === 'none') return undefined;
  const plus = t.strand === 1;
  // alleles in transcript orientation are made only where a notation writes them (a deletion never does)
  const out = TEXT.start(layoutOf(t).hgvsPrefix, t);
  if (v.kind === 'snv') {
    if (!out.point(t, v.start, cr)) return undefined;
    return result(out.str(stranded(v.ref, plus)).char(62 /* > */).str(stranded(v.alt, plus)).done(), 0);
  }
  if (v.kind === 'insertion') {
    const altT = stranded(v.alt, plus);
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
        out.label(c - s.length + 1, cr);
        if (s.length !== 1) out.char(95 /* _ */).label(c, cr);
        return result(out.str('dup').done(), shift);
      }
      return result(out.label(c, cr).char(95).label(c + 1, cr).str('ins').str(s).done(), shift);
    }
    if (room && genomeShifted(v, t, room, out, cr)) return RESULT;
    if (!out.point(t, g5, cr) || !out.char(95).point(t, g3, cr)) return undefined;
    return result(out.str('ins').str(altT).done(), 0);
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
      out.label(c5, cr);
      if (c5 !== c3) out.char(95).label(c3, cr);
      return result(out.str('del').done(), shift);
    }
    if (room && genomeShifted(v, t, room, out, cr)) return RESULT;
  }
  if (!ends(t, g5, g3)) return undefined;
  out.span(cr);
  if (v.kind === 'deletion') out.str('del');
  else out.str('delins').str(stranded(v.alt, plus));
  return result(out.done(), 0);
}

const P5: HgvsPoint = { anchor: 0, offset: 0 };
const P3: HgvsPoint = { anchor: 0, offset: 0 };

/** The HGVS coordinates of genome positions g5 and g3 into P5 and P3; false when one lies outside the transcript. */
function ends(t: Transcript, g5: number, g3: number): boolean {
  return hgvsPoint(t, g5, P5) && hgvsPoint(t, g3, P3);
}

/**
 * An insertion or deletion shifted 3′ along the genome within its exon or intron, written
 * into `out` and RESULT; false when it does not lie in one (it is then written unshifted).
 * An insertion is a dup when the bases it can slide over, both ways, cover its length:
 * sliding over them means they repeat the inserted sequence.
 */
function genomeShifted(v: VariantAllele, t: Transcript, room: ShiftRoom, out: HgvsText, cr: [number, number]): boolean {
  const plus = t.strand === 1;
  const ins = v.kind === 'insertion';
  // the region of the deletion, or of the insertion's 5′ flanking base
  if (!regionOf(t, ins ? (plus ? v.end : v.start) : v.start)) return false;
  const rs = REGION[0];
  const re = REGION[1];
  if (!ins && v.end > re) return false;
  const toEnd = re - v.end;
  const toStart = v.start - rs;
  const k = plus ? Math.min(room.right, toEnd) : Math.min(room.left, toStart);
  const s = plus ? v.start + k : v.start - k;
  const e = plus ? v.end + k : v.end - k;
  if (!ins) {
    if (!ends(t, plus ? s : e, plus ? e : s)) return false;
    result(out.span(cr).str('del').done(), k);
    return true;
  }
  const n = v.alt.length;
  const back = plus ? Math.min(room.left, toStart) : Math.min(room.right, toEnd);
  if (k + back >= n) {
    // the n bases before the insertion (transcript order) are the ones it repeats
    if (!ends(t, plus ? s - n : s + n - 1, plus ? s - 1 : s)) return false;
    result(out.span(cr).str('dup').done(), k);
    return true;
  }
  // the inserted bases, rotated by the slide (genome orientation), then in transcript orientation
  const r = plus ? k % n : (n - (k % n)) % n;
  const moved = r === 0 ? v.alt : v.alt.slice(r) + v.alt.slice(0, r);
  if (!ends(t, plus ? e : s, plus ? s : e)) return false;
  result(out.span(cr).str('ins').str(stranded(moved, plus)).done(), k);
  return true;
}

/** The exon or intron holding genome position g, into REGION; false outside the transcript's exons and introns. */
function regionOf(t: Transcript, g: number): boolean {
  const ex = t.exons;
  const i = exonAtOrBefore(t, g);
  if (i < 0) return false;
  if (g <= ex[2 * i + 1]!) {
    REGION[0] = ex[2 * i]!;
    REGION[1] = ex[2 * i + 1]!;
    return true;
  }
  if (2 * i + 2 >= ex.length) return false;
  REGION[0] = ex[2 * i + 1]! + 1;
  REGION[1] = ex[2 * i + 2]! - 1;
  return true;
}
const REGION: [number, number] = [0, 0];

/**
 * HGVS text composed as bytes and made a string once: built by concatenation, each
 * notation was a tree of strings that writing the CSQ then had to flatten (0.2 GB of
 * bench/annotate's allocations).
 */
class HgvsText {
  private readonly out = new TextBytes(256);

  /** the transcript being written, for coding positions past a programmed frameshift */
  private t: Transcript | undefined;

  start(prefix: string, t: Transcript): this {
    this.out.len = 0;
    this.t = t;
    return this.str(prefix);
  }

  str(s: string): this {
    this.out.text(s);
    return this;
  }

  char(c: number): this {
    this.out.byte(c);
    return this;
  }

  /**
   * cDNA position c in HGVS numbering: `n`, `-n` (5′UTR) or `*n` (3′UTR); plain `n` on a
   * non-coding transcript. A 5′-incomplete CDS counts the bases missing from its first
   * codon, as CDS_position does (VEP numbers both so).
   */
  label(c: number, cr: [number, number]): this {
    const cs = cr[0];
    const out = this.out;
    if (cs === 0) out.int(c);
    else if (c < cs) {
      out.byte(45); // -
      out.int(cs - c);
    } else if (c > cr[1]) {
      out.byte(42); // *
      out.int(c - cr[1]);
    } else out.int(c - cs + 1 + missingBases(this.t!) + slippedBefore(this.t!, c));
    return this;
  }

  /** An intronic offset: `+n` or `-n` (nothing when exonic). */
  offset(k: number): this {
    if (k !== 0) {
      this.out.byte(k > 0 ? 43 : 45); // + or -
      this.out.int(k > 0 ? k : -k);
    }
    return this;
  }

  /** P5, then `_` and P3 unless they are the same position (`ends` fills them). */
  span(cr: [number, number]): this {
    this.label(P5.anchor, cr).offset(P5.offset);
    if (P5.anchor !== P3.anchor || P5.offset !== P3.offset) this.char(95).label(P3.anchor, cr).offset(P3.offset);
    return this;
  }

  /** The HGVS coordinate of genome position g (`123`, `-15`, `*40`, `123+5`, `124-2`); false when g lies outside the transcript. */
  point(t: Transcript, g: number, cr: [number, number]): boolean {
    if (!hgvsPoint(t, g, P5)) return false;
    this.label(P5.anchor, cr).offset(P5.offset);
    return true;
  }

  done(): string {
    return utf8(this.out.buf, this.out.len);
  }
}
const TEXT = new HgvsText();

// Buffer's own UTF-8 decoder, without the encoding dispatch of toString (a third of the
// cost of these short strings)
type Utf8Slicing = { utf8Slice?: (start: number, end: number) => string };
const direct = typeof (Buffer.prototype as Utf8Slicing).utf8Slice === 'function';
function utf8(buf: Buffer, n: number): string {
  return direct ? (buf as Utf8Slicing).utf8Slice!(0, n) : buf.toString('utf8', 0, n);
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
