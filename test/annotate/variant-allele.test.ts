import { describe, expect, it } from 'vitest';
import { csqAllele, minimalAllele, reverseComplement, unspecifiedAlt } from '../../src/annotate/variant-allele.js';

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

  it('knows the ALTs that name no particular change', () => {
    for (const alt of ['*', '<*>', '<NON_REF>', '<X>']) expect(unspecifiedAlt(alt)).toBe(true);
    for (const alt of ['<DEL>', '<INS:ME:ALU>', 'A', 'N', '.A']) expect(unspecifiedAlt(alt)).toBe(false);
  });
});
