import { describe, expect, it } from 'vitest';
import type { PrsOptions, PrsStageResult } from '../../src/prs/stage.js';
import { scoreVcf } from '../helpers/prs.js';
import { distribution, percentileOf, placeScore } from '../../src/prs/reference.js';
import { imputedContribution, transformDosage } from '../../src/prs/accumulator.js';
import { prsTsv } from '../../src/prs/render.js';

const VCF = 'test/fixtures/prs/small.vcf';

function score(scoreText: string, extra: Partial<PrsOptions> = {}): Promise<PrsStageResult> {
  return scoreVcf(VCF, scoreText, extra);
}

const HEAD = 'chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\tallelefrequency_effect';

describe('PRS stage (library API, as `report` drives it)', () => {
  it('imputes a missing call from the cohort, from the scoring file or not at all', async () => {
    // chr1:100 A>G: S1 0/0, S2 0/1, S3 1/1, S4 missing; cohort f(G) = 3/6
    const text = `${HEAD}\n1\t100\tG\tA\t0.5\t0.1`;
    const cohort = await score(text);
    expect(cohort.scores[0]!.samples.map((s) => s.sum)).toEqual([0, 0.5, 1, 2 * 0.5 * 0.5]);
    const file = await score(text, { frequencies: { kind: 'scorefile' } });
    expect(file.scores[0]!.samples[3]!.sum).toBeCloseTo(2 * 0.1 * 0.5, 15);
    const table = await score(text, { frequencies: { kind: 'table', name: 'f', altFrequency: new Map([['1:100:A:G', 0.2]]) } });
    expect(table.scores[0]!.samples[3]!.sum).toBeCloseTo(2 * 0.2 * 0.5, 15);
    const zero = await score(text, { missing: 'zero' });
    expect(zero.scores[0]!.samples[3]).toMatchObject({ sum: 0, denom: 0, alleleCount: 0, nImputed: 1 });
  });

  it('applies dominant, recessive and dosage-weight rows', async () => {
    // chr1:400 G>A, effect A: S1 1/1 (2), S2 0/1 (1), S3 0/0 (0), S4 0/1 (1)
    const dom = await score('chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\tis_dominant\tis_recessive\n1\t400\tA\tG\t1\tTrue\tFalse');
    expect(dom.scores[0]!.samples.map((s) => s.sum)).toEqual([1, 1, 0, 1]);
    const rec = await score('chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\tis_dominant\tis_recessive\n1\t400\tA\tG\t1\tFalse\tTrue');
    expect(rec.scores[0]!.samples.map((s) => s.sum)).toEqual([1, 0, 0, 0]);
    const dos = await score('chr_name\tchr_position\teffect_allele\tother_allele\tdosage_0_weight\tdosage_1_weight\tdosage_2_weight\n1\t400\tA\tG\t-1\t0.5\t3');
    expect(dos.scores[0]!.samples.map((s) => s.sum)).toEqual([3, 0.5, -1, 0.5]);
  });

  it('keeps plink2 rules for imputation under dominant/recessive models', () => {
    expect(transformDosage('dominant', 2, 2)).toBe(1);
    expect(transformDosage('recessive', 1, 2)).toBe(0);
    expect(transformDosage('recessive', 1, 1)).toBe(1);
    const w = { effectType: 'dominant' as const, weight: 10, dosageWeights: null };
    expect(imputedContribution(w, 0.4, 2)).toBeCloseTo(4, 15);
    expect(imputedContribution({ ...w, effectType: 'additive' }, 0.4, 2)).toBeCloseTo(8, 15);
    expect(imputedContribution({ effectType: 'dosage', weight: 0, dosageWeights: [0, 1, 2] }, 0.5, 2)).toBeCloseTo(1, 15);
  });

  it('renders TSV with a header and one line per sample x score', async () => {
    const r = await score(`${HEAD}\n1\t100\tG\tA\t0.5\t\n1\t400\tA\tG\t1\t`);
    const lines = prsTsv(r).trimEnd().split('\n');
    expect(lines[0]).toBe('sample\tscore\tSUM\tAVG\tDENOM\tALLELE_CT\tN_VARIANTS\tN_IMPUTED');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('S1\tinline\t2\t0.5\t4\t4\t2\t0');
  });
});

describe('reference distributions', () => {
  it('summarises with population SD and interpolated quantiles', () => {
    const d = distribution([4, 1, 3, 2]);
    expect(d).toMatchObject({ n: 4, mean: 2.5 });
    expect(d.sd).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(d.quantiles[0]).toBe(1);
    expect(d.quantiles[50]).toBe(2.5);
    expect(d.quantiles[100]).toBe(4);
    expect(percentileOf(d, 2.5)).toBe(50);
    expect(percentileOf(d, 0)).toBe(0);
    expect(percentileOf(d, 9)).toBe(100);
    const p = placeScore({ id: 'x', variantsUsed: 1, overall: d, populations: {} }, 3.5, 'EUR');
    expect(p.z).toBeCloseTo(1 / Math.sqrt(1.25), 15);
    expect(p.population).toBeNull();
  });
});
