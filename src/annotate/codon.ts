/**
 * A genetic code: the amino acid (one letter, `*` stop) of each of the 64 codons in TCAG
 * order, as NCBI writes its translation tables.
 */
export type GeneticCode = string;

/** NCBI translation tables by number (https://www.ncbi.nlm.nih.gov/Taxonomy/Utils/wprintgc.cgi). */
const CODES: Record<number, GeneticCode> = {
  1: 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG',
  // vertebrate mitochondrial: TGA Trp, ATA Met, AGA/AGG stop
  2: 'FFLLSSSSYY**CCWWLLLLPPPPHHQQRRRRIIMMTTTTNNKKSS**VVVVAAAADDEEGGGG',
  // yeast mitochondrial: TGA Trp, ATA Met, CTN Thr
  3: 'FFLLSSSSYY**CCWWTTTTPPPPHHQQRRRRIIMMTTTTNNKKSSRRVVVVAAAADDEEGGGG',
  // mold, protozoan and coelenterate mitochondrial, Mycoplasma: TGA Trp
  4: 'FFLLSSSSYY**CCWWLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG',
  // invertebrate mitochondrial: TGA Trp, ATA Met, AGA/AGG Ser
  5: 'FFLLSSSSYY**CCWWLLLLPPPPHHQQRRRRIIMMTTTTNNKKSSSSVVVVAAAADDEEGGGG',
  // bacterial, archaeal and plant plastid: the standard amino acids (other start codons)
  11: 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG',
};

export const STANDARD_CODE: GeneticCode = CODES[1]!;

/** The genetic code of NCBI translation table `table`; undefined for a table precis does not carry. */
export function geneticCode(table: number): GeneticCode | undefined {
  return CODES[table];
}

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
export function translateCodon(seq: string, at = 0, code: GeneticCode = STANDARD_CODE): string {
  return aminoAcidOf(seq.charCodeAt(at), seq.charCodeAt(at + 1), seq.charCodeAt(at + 2), code);
}

/** Amino acid of the codon of three base character codes. */
export function aminoAcidOf(x: number, y: number, z: number, code: GeneticCode = STANDARD_CODE): string {
  const a = baseIndex(x);
  const b = baseIndex(y);
  const c = baseIndex(z);
  if (a < 0 || b < 0 || c < 0) return 'X';
  return code[a * 16 + b * 4 + c]!;
}

/** Translates whole codons; a trailing partial codon is dropped. */
export function translate(seq: string, code: GeneticCode = STANDARD_CODE): string {
  let out = '';
  for (let i = 0; i + 3 <= seq.length; i += 3) out += translateCodon(seq, i, code);
  return out;
}

export function threeLetter(aa: string): string {
  let out = '';
  for (const c of aa) out += THREE[c] ?? 'Xaa';
  return out;
}

