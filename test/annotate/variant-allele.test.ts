import { describe, expect, it } from 'vitest';
import { csqAllele, csqStripsFirstBase, isSymbolicAlt, minimalAllele, reverseComplement, unspecifiedAlt } from '../../src/annotate/variant-allele.js';

// the plain definition: reversed, A<->T, C<->G, N and anything else N
function naive(s: string): string {
  const comp: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A' };
  return [...s].reverse().map((c) => comp[c] ?? 'N').join('');
}

describe('reverseComplement', () => {
  it('equals the plain definition for short alleles and whole transcripts', () => {
    let seed = 7;
    const pick = (alphabet: string): string => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return alphabet[seed % alphabet.length]!;
    };
    for (const n of [1, 2, 7, 8, 9, 31, 4096, 4097, 10000]) {
      const s = Array.from({ length: n }, () => pick('ACGTACGTACGTNacgé*')).join('');
      expect(reverseComplement(s)).toBe(naive(s));
    }
    expect(reverseComplement('AACCGGTTN')).toBe('NAACCGGTT');
    // a long one, then a short one: the shared buffer leaves nothing behind
    expect(reverseComplement('A'.repeat(9000)).length).toBe(9000);
    expect(reverseComplement('ACGTACGTAA')).toBe('TTACGTACGT');
  });
});

describe('CSQ Allele and symbolic ALTs', () => {
  it('strips the shared first base of plain alleles only, as VEP does', () => {
    expect(csqAllele('A', 'AT', [{ alt: 'AT' }])).toBe('T');
    expect(csqAllele('AT', 'A', [{ alt: 'A' }])).toBe('-');
    // single breakends keep their dot: stripping the base of `A.` would leave `.` (no ALT)
    expect(csqAllele('A', 'A.', [{ alt: 'A.' }])).toBe('A.');
    expect(csqAllele('A', '.A', [{ alt: '.A' }])).toBe('.A');
    expect(csqAllele('A', 'G]1:10000]', [{ alt: 'G]1:10000]' }])).toBe('G]1:10000]');
    expect(minimalAllele('1', 5, 'A', 'A.').kind).toBe('symbolic');
  });

  it('strips the first base only when every ALT of the record shares it and one differs from REF in length', () => {
    const alts = (...a: string[]): { alt: string }[] => a.map((alt) => ({ alt }));
    expect(csqStripsFirstBase('A', alts('AT', 'ATT'))).toBe(true);
    expect(csqAllele('A', 'ATT', alts('AT', 'ATT'))).toBe('TT');
    // an SNV beside the insertion: no shared first base, every allele kept whole
    expect(csqStripsFirstBase('A', alts('AT', 'G'))).toBe(false);
    expect(csqAllele('A', 'AT', alts('AT', 'G'))).toBe('AT');
    // same-length alleles only (an MNV): nothing stripped
    expect(csqStripsFirstBase('AC', alts('AT', 'AG'))).toBe(false);
    // a symbolic ALT in the record keeps every allele whole
    expect(csqStripsFirstBase('A', alts('AT', '<DEL>'))).toBe(false);
    expect(csqStripsFirstBase('A', alts('AT', 'A.'))).toBe(false);
    expect(csqStripsFirstBase('', alts('AT'))).toBe(false);
    // REF-length ALT beside an insertion loses its base to "-"
    expect(csqAllele('AT', 'A', alts('A', 'ATT'))).toBe('-');
  });

  it('tells symbolic ALTs by their ends and brackets, as the VCF specification writes them', () => {
    for (const alt of ['<DEL>', '<INS:ME:ALU>', '<*>', '*', '.', '.A', 'A.', 'G]1:100]', ']1:100]G', 'G[1:100[', '[1:100[G', '<>']) expect(isSymbolicAlt(alt), alt).toBe(true);
    for (const alt of ['A', 'ACGT', 'N', '', '<DEL', 'DEL>', 'A*', '**', 'A.C']) expect(isSymbolicAlt(alt), alt).toBe(false);
  });

  it('knows the ALTs that name no particular change', () => {
    for (const alt of ['*', '<*>', '<NON_REF>', '<X>']) expect(unspecifiedAlt(alt)).toBe(true);
    for (const alt of ['<DEL>', '<INS:ME:ALU>', 'A', 'N', '.A']) expect(unspecifiedAlt(alt)).toBe(false);
  });
});

describe('minimal form', () => {
  const form = (pos: number, ref: string, alt: string): string => {
    const v = minimalAllele('1', pos, ref, alt);
    return `${v.kind} ${v.start}-${v.end} ${v.ref || '-'}>${v.alt || '-'}`;
  };

  it('keeps the VCF anchor of records already in minimal form', () => {
    expect(form(100, 'A', 'AT')).toBe('insertion 101-100 ->T');
    expect(form(100, 'AT', 'A')).toBe('deletion 101-101 T>-');
    // the inserted bases end with the anchor: still inserted after it, as the record places them
    expect(form(1443, 'A', 'ACCCGGCCGCACGCTCTCA')).toBe('insertion 1444-1443 ->CCCGGCCGCACGCTCTCA');
    expect(form(121, 'CT', 'T')).toBe('deletion 121-121 C>-');
    expect(form(374, 'CAAG', 'CT')).toBe('delins 375-377 AAG>T');
    expect(form(4391, 'CC', 'AA')).toBe('mnv 4391-4392 CC>AA');
  });

  it('places an indel that REF spans more of than it needs at its leftmost place in REF (as bcftools does)', () => {
    // bcftools csq corpus ENST00000422159/multiallelic.vcf: REF TAGAGAG, ALT TAG,T; GHRL's stop codon is 278-280
    expect(form(279, 'TAGAGAG', 'TAG')).toBe('deletion 280-283 AGAG>-');
    expect(form(279, 'TAGAGAG', 'T')).toBe('deletion 280-285 AGAGAG>-');
    // ENST00000341065/splice-acceptor-donor5.vcf: one G of GGGG deleted, the first of them
    expect(form(16427, 'GGTACTGGGG', 'GGTACTGGG')).toBe('deletion 16433-16433 G>-');
    expect(form(100, 'ATT', 'ATTT')).toBe('insertion 101-100 ->T');
    expect(form(100, 'CAGAG', 'CAGAGAG')).toBe('insertion 101-100 ->AG');
  });
});
