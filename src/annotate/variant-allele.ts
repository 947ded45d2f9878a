/**
 * One ALT allele of a VCF record in minimal form: the bases REF and ALT share at either end
 * are trimmed (see `minimalAlleleInto` for the order), so `ref` covers genome [start, end]
 * and is empty for an insertion, which then sits between `end` (= start - 1) and `start`.
 */
export interface VariantAllele {
  chrom: string;
  /** the VCF record's own POS/REF/ALT */
  vcfPos: number;
  vcfRef: string;
  vcfAlt: string;
  start: number;
  end: number;
  ref: string;
  alt: string;
  kind: 'snv' | 'mnv' | 'insertion' | 'deletion' | 'delins' | 'symbolic' | 'none';
}

/**
 * Symbolic (<DEL>), breakends (G]17:198982], single breakends .A and A.), `*` and `.`.
 * Ends and two native scans, not a regex: a regex tried at every offset of a 5 kb ALT
 * in a record of thousands of ALTs made the record take minutes.
 */
export function isSymbolicAlt(alt: string): boolean {
  const n = alt.length;
  if (n === 0) return false;
  const first = alt.charCodeAt(0);
  const last = alt.charCodeAt(n - 1);
  if (first === 46 || last === 46) return true; // .
  if (first === 60 && last === 62) return true; // <...>
  if (n === 1 && first === 42) return true; // *
  return alt.includes('[') || alt.includes(']');
}

/**
 * An ALT that names no particular change: `*` (the allele is deleted by an overlapping
 * deletion), `<*>` or `<NON_REF>` (gVCF: any allele not listed), `<X>` (older gVCF).
 * Annotated as `sequence_variant` on no transcript, as a REF-only allele is.
 */
export function unspecifiedAlt(alt: string): boolean {
  return alt === '*' || alt === '<*>' || alt === '<NON_REF>' || alt === '<X>';
}

/** Non-empty and only A, C, G, T, N in either case. */
export function isBases(s: string): boolean {
  return s.length > 0 && plainBases(s);
}

/** Only A, C, G, T, N in either case (or empty). */
function plainBases(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c !== 97 && c !== 99 && c !== 103 && c !== 116 && c !== 110) return false;
  }
  return true;
}

/** `recordEnd` (INFO/END) sets the span of symbolic alleles such as <DEL>. */
export function minimalAllele(chrom: string, pos: number, ref: string, alt: string, recordEnd?: number): VariantAllele {
  return minimalAlleleInto({ chrom, vcfPos: pos, vcfRef: ref, vcfAlt: alt, start: 0, end: 0, ref: '', alt: '', kind: 'none' }, chrom, pos, ref, alt, recordEnd);
}

/** `minimalAllele` into an existing object (the annotator reuses one per ALT). */
export function minimalAlleleInto(v: VariantAllele, chrom: string, pos: number, ref: string, alt: string, recordEnd?: number): VariantAllele {
  v.chrom = chrom;
  v.vcfPos = pos;
  v.vcfRef = ref;
  v.vcfAlt = alt;
  if (ref.length === 1 && alt.length === 1 && ref !== alt && isUpperBase(ref.charCodeAt(0)) && isUpperBase(alt.charCodeAt(0))) {
    // an SNV in upper case, most records: nothing to trim or test
    v.start = v.end = pos;
    v.ref = ref;
    v.alt = alt;
    v.kind = 'snv';
    return v;
  }
  const R = upper(ref);
  const A = upper(alt);
  // plain bases (the usual case) cannot be symbolic: skip the regexes
  if (!(plainBases(ref) && plainBases(alt)) && (isSymbolicAlt(alt) || !/^[ACGTN]*$/.test(A) || !/^[ACGTN]*$/.test(R))) {
    v.start = pos;
    v.end = Math.max(recordEnd ?? 0, pos + Math.max(ref.length, 1) - 1);
    v.ref = R;
    v.alt = A;
    v.kind = 'symbolic';
    return v;
  }
  // Trailing bases first while both keep their first base (the VCF anchor), then the leading
  // ones, then any trailing ones left: an indel inside a repeat that REF spans more of than
  // it needs (TAGAGAG>TAG, what multi-allelic records hold) lands at its leftmost place
  // there, as `bcftools norm` and bcftools csq place it, not wherever its first trimmed
  // base happens to fall. Records already in minimal form are left as they are.
  let rEnd = R.length;
  let aEnd = A.length;
  while (rEnd > 1 && aEnd > 1 && R.charCodeAt(rEnd - 1) === A.charCodeAt(aEnd - 1)) {
    rEnd--;
    aEnd--;
  }
  let s = 0;
  while (s < rEnd && s < aEnd && R.charCodeAt(s) === A.charCodeAt(s)) s++;
  while (rEnd > s && aEnd > s && R.charCodeAt(rEnd - 1) === A.charCodeAt(aEnd - 1)) {
    rEnd--;
    aEnd--;
  }
  const r = R.slice(s, rEnd);
  const a = A.slice(s, aEnd);
  v.start = pos + s;
  v.end = v.start + r.length - 1;
  v.ref = r;
  v.alt = a;
  if (r.length === 0 && a.length === 0) v.kind = 'none';
  else if (r.length === 0) v.kind = 'insertion';
  else if (a.length === 0) v.kind = 'deletion';
  else if (r.length === a.length) v.kind = r.length === 1 ? 'snv' : 'mnv';
  else v.kind = 'delins';
  return v;
}

/** A, C, G, T or N. */
function isUpperBase(c: number): boolean {
  return c === 65 || c === 67 || c === 71 || c === 84 || c === 78;
}

/** `s.toUpperCase()`, without a new string when there is no lower case (the usual case). */
export function upper(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97) return s.toUpperCase();
  }
  return s;
}

/**
 * The CSQ `Allele` column: the ALT without the base shared with REF, "-" when empty
 * (VEP's convention); `alleles` are the record's ALTs.
 */
export function csqAllele(ref: string, alt: string, alleles: readonly { alt: string }[]): string {
  if (alt.length === 1 && ref.length === 1) return alt; // an SNV (or `*`, `.`) is written as is
  return csqAlleleOf(alt, csqStripsFirstBase(ref, alleles));
}

/** `csqAllele` given the record-level answer of `csqStripsFirstBase`. */
export function csqAlleleOf(alt: string, strip: boolean): string {
  if (!strip || isSymbolicAlt(alt)) return alt;
  const s = alt.slice(1);
  return s === '' ? '-' : s;
}

/**
 * Whether the CSQ alleles of a record drop their first base: VEP strips it only when every
 * ALT shares it with REF and some ALT differs from REF in length. One answer per record
 * (asked per ALT, it made a record of n ALTs cost n² ALT scans).
 */
export function csqStripsFirstBase(ref: string, alleles: readonly { alt: string }[]): boolean {
  const first = ref.charCodeAt(0);
  if (ref.length === 0) return false;
  let otherLength = false;
  for (let i = 0; i < alleles.length; i++) {
    const a = alleles[i]!.alt;
    if (a.length === 0 || a.charCodeAt(0) !== first || isSymbolicAlt(a)) return false;
    if (a.length !== ref.length) otherLength = true;
  }
  return otherLength;
}

const COMP: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A', N: 'N' };

/** Bases as a transcript on the given strand reads them (reverse complement on the minus strand). */
export function stranded(bases: string, plus: boolean): string {
  return plus ? bases : reverseComplement(bases);
}

// complement by character code (anything but ACGTN becomes N, as in COMP)
const COMP_CODE = new Uint8Array(256).fill(78);
for (const [b, c] of Object.entries(COMP)) COMP_CODE[b.charCodeAt(0)] = c.charCodeAt(0);
let compBuf = Buffer.allocUnsafe(1 << 12);

export function reverseComplement(s: string): string {
  // one base (most alleles): one of five strings, nothing built
  if (s.length === 1) return COMP[s] ?? 'N';
  const n = s.length;
  if (n < 8) {
    let out = '';
    for (let i = n - 1; i >= 0; i--) out += COMP[s[i]!] ?? 'N';
    return out;
  }
  // longer ones (transcript sequences on the minus strand): composed as bytes, one string
  // made at the end (appending a character at a time built a chain of string pieces)
  if (compBuf.length < n) compBuf = Buffer.allocUnsafe(Math.max(n, 2 * compBuf.length));
  const b = compBuf;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    b[n - 1 - i] = c < 256 ? COMP_CODE[c]! : 78;
  }
  return b.toString('latin1', 0, n);
}
