/** The standard genetic code (NCBI table 1), codons in TCAG order. */
const BASES = 'TCAG';
const AMINO = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';

const THREE: Record<string, string> = {
  A: 'Ala', R: 'Arg', N: 'Asn', D: 'Asp', C: 'Cys', Q: 'Gln', E: 'Glu', G: 'Gly', H: 'His', I: 'Ile', L: 'Leu', K: 'Lys',
  M: 'Met', F: 'Phe', P: 'Pro', S: 'Ser', T: 'Thr', W: 'Trp', Y: 'Tyr', V: 'Val', '*': 'Ter', X: 'Xaa',
};

function baseIndex(c: number): number {
  switch (c) {
    case 84: return 0; // T
    case 67: return 1; // C
    case 65: return 2; // A
    case 71: return 3; // G
    default: return -1;
  }
}

/** Amino acid of one codon (one letter, `*` for stop, `X` for ambiguous bases). */
export function translateCodon(seq: string, at = 0): string {
  return aminoAcidOf(seq.charCodeAt(at), seq.charCodeAt(at + 1), seq.charCodeAt(at + 2));
}

/** Amino acid of the codon of three base character codes. */
export function aminoAcidOf(x: number, y: number, z: number): string {
  const a = baseIndex(x);
  const b = baseIndex(y);
  const c = baseIndex(z);
  if (a < 0 || b < 0 || c < 0) return 'X';
  return AMINO[a * 16 + b * 4 + c]!;
}

/** Translates whole codons; a trailing partial codon is dropped. */
export function translate(seq: string): string {
  let out = '';
  for (let i = 0; i + 3 <= seq.length; i += 3) out += translateCodon(seq, i);
  return out;
}

export function threeLetter(aa: string): string {
  let out = '';
  for (const c of aa) out += THREE[c] ?? 'Xaa';
  return out;
}

export { BASES };
