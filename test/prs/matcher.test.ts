import { describe, expect, it } from 'vitest';
import { bestCandidate, candidateTypes, complement, isAmbiguous, matchPosition } from '../../src/prs/matcher.js';
import type { ScoreRow, TargetAllele } from '../../src/prs/types.js';

let line = 0;
function row(ea: string, oa: string | null, extra: Partial<ScoreRow> = {}): ScoreRow {
  line++;
  return { score: 0, line, rowNr: line, rsid: '', chrom: '1', pos: 100, effectAllele: ea, otherAllele: oa, effectType: 'additive', weight: 1, dosageWeights: null, effectAlleleFrequency: NaN, unusable: null, ...extra };
}
function target(ref: string, alts: string[], record = 0): TargetAllele[] {
  return alts.map((alt, k) => ({ record, altIndex: k + 1, ref, alt, multiallelic: alts.length > 1 }));
}
const opts = { keepAmbiguous: false, keepFirstMatch: false };

describe('matcher (pgsc_calc rules)', () => {
  it('complements per base without reversing', () => {
    expect(complement('ACGT')).toBe('TGCA');
    expect(complement('AG')).toBe('TC');
    expect(isAmbiguous('A', 'T')).toBe(true);
    expect(isAmbiguous('C', 'G')).toBe(true);
    expect(isAmbiguous('A', 'G')).toBe(false);
  });

  it('ranks exact > swapped > flipped > flipped-swapped and counts the right allele', () => {
    const t = target('A', ['G']);
    const [exact, swapped, flipped, flippedSwapped, none] = matchPosition([row('A', 'G'), row('G', 'A'), row('T', 'C'), row('C', 'T'), row('A', 'C')].map((r, i) => ({ ...r, score: i })), t, opts);
    expect(exact).toMatchObject({ status: 'matched', matchType: 'refalt', effectIndex: 0, flipped: false });
    expect(swapped).toMatchObject({ status: 'matched', matchType: 'altref', effectIndex: 1 });
    expect(flipped).toMatchObject({ status: 'matched', matchType: 'refalt_flip', effectIndex: 0, flipped: true });
    expect(flippedSwapped).toMatchObject({ status: 'matched', matchType: 'altref_flip', effectIndex: 1, flipped: true });
    expect(none).toMatchObject({ status: 'unmatched', reason: 'allele_mismatch', effectIndex: -1 });
  });

  it('matches rows without other allele on the effect allele only', () => {
    const t = target('C', ['T']);
    const [r, a, rf] = matchPosition([row('C', null), row('T', null), row('G', null)].map((r, i) => ({ ...r, score: i })), t, opts);
    expect(r).toMatchObject({ matchType: 'no_oa_ref', effectIndex: 0 });
    expect(a).toMatchObject({ matchType: 'no_oa_alt', effectIndex: 1 });
    expect(rf).toMatchObject({ matchType: 'no_oa_ref_flip', effectIndex: 0 });
  });

  it('excludes strand-ambiguous sites unless asked; when kept, the same strand wins', () => {
    const t = target('A', ['T']);
    expect(matchPosition([row('A', 'T')], t, opts)[0]).toMatchObject({ status: 'excluded', reason: 'ambiguous', ambiguous: true, matchType: 'refalt' });
    // T/A is both altref and refalt_flip; altref has priority
    expect(matchPosition([row('T', 'A')], t, { ...opts, keepAmbiguous: true })[0]).toMatchObject({ status: 'matched', matchType: 'altref', effectIndex: 1 });
  });

  it('matches multi-allelic records per ALT', () => {
    const t = target('A', ['C', 'G']);
    const [c, g] = matchPosition([row('C', 'A'), row('A', 'G', { score: 1 })], t, opts);
    expect(c).toMatchObject({ status: 'matched', matchType: 'altref', effectIndex: 1, target: { alt: 'C', multiallelic: true } });
    expect(g).toMatchObject({ status: 'matched', matchType: 'refalt', effectIndex: 0, target: { alt: 'G' } });
    // pgsc_calc's default: matches on multi-allelic records are excluded; split records are not multi-allelic
    const [xc, xg] = matchPosition([row('C', 'A'), row('A', 'G', { score: 1 })], t, { ...opts, excludeMultiallelic: true });
    expect(xc).toMatchObject({ status: 'excluded', reason: 'multiallelic', matchType: 'altref' });
    expect(xg).toMatchObject({ status: 'excluded', reason: 'multiallelic' });
    const split = [...target('A', ['C'], 0), ...target('A', ['G'], 1)];
    expect(matchPosition([row('C', 'A')], split, { ...opts, excludeMultiallelic: true })[0]).toMatchObject({ status: 'matched', reason: 'ok' });
  });

  it('keeps the first of tied candidates and flags it', () => {
    // two records at one position, the row lacks its other allele: effect-allele-only ties
    const t = [...target('A', ['G'], 0), ...target('A', ['C'], 1)];
    const [d] = matchPosition([row('A', null)], t, opts);
    expect(d).toMatchObject({ status: 'matched', duplicateBestMatch: true, target: { record: 0, alt: 'G' } });
  });

  it('excludes every row of one score that best-matches the same variant (or keeps the first)', () => {
    const t = target('A', ['G']);
    const rows = [row('A', 'G', { rowNr: 5 }), row('G', 'A', { rowNr: 2 }), row('A', 'G', { score: 1 })];
    const d = matchPosition(rows, t, opts);
    expect(d.map((x) => [x.status, x.reason])).toEqual([
      ['excluded', 'duplicate_id'],
      ['excluded', 'duplicate_id'],
      ['matched', 'ok'],
    ]);
    const k = matchPosition(rows, t, { ...opts, keepFirstMatch: true });
    expect(k.map((x) => x.status)).toEqual(['excluded', 'matched', 'matched']);
  });

  it('takes the first applicable type as a target allele\'s best, for every allele combination', () => {
    const bases = ['A', 'C', 'G', 'T'];
    let n = 0;
    for (const ref of bases)
      for (const alt of bases) {
        if (alt === ref) continue;
        const t = target(ref, [alt])[0]!;
        for (const ea of bases)
          for (const oa of [...bases, null]) {
            if (oa === ea) continue;
            const r = row(ea, oa);
            expect(bestCandidate(r, t)?.type ?? null).toBe(candidateTypes(r, t)[0]?.type ?? null);
            n++;
          }
      }
    expect(n).toBe(12 * 16);
  });

  it('reports unusable rows with their reason', () => {
    expect(matchPosition([row('A', 'G', { unusable: 'haplotype' })], target('A', ['G']), opts)[0]).toMatchObject({ status: 'unmatched', reason: 'haplotype' });
  });
});
