import { describe, expect, it } from 'vitest';
import { splitPrsAttribution } from '../../src/explain/prs-split.js';
import { SeededRandom } from '../../src/model/rng.js';

describe('PRS attribution split', () => {
  it('splits by deviation, listed variants plus the rest adding up to the prs_z contribution', () => {
    const s = splitPrsAttribution(0.06, {
      sample: 'A', score: 'S', sum: 0.8, z: 1.5,
      contributions: [
        { variant: 'a', contribution: 0.6, deviation: 0.45 },
        { variant: 'b', contribution: 0.1, deviation: 0 },
        { variant: 'c', contribution: -0.2, deviation: 0.05 },
      ],
      rest: { variants: 2, contribution: 0.3, deviation: 0.05 },
    }, 2)!;
    expect(s.method).toBe('proportional-to-deviation');
    expect(s.topVariants.map((v) => v.variant)).toEqual(['a', 'c']);
    expect(s.topVariants[0]!.contribution).toBeCloseTo((0.06 * 0.45) / 0.55, 14);
    expect(s.otherVariants.count).toBe(3);
    const total = s.topVariants.reduce((a, v) => a + v.contribution, 0) + s.otherVariants.contribution;
    expect(Math.abs(total - 0.06)).toBeLessThan(1e-15);
    expect(Math.abs(s.residual)).toBeLessThan(1e-15);
  });

  it('splits by weight x dosage when no deviations are given; parts sum exactly for many variants', () => {
    const r = new SeededRandom(9);
    const contributions = Array.from({ length: 5000 }, (_, i) => ({ variant: `v${i}`, contribution: r.normal(0.001, 0.01) * (r.next() < 0.5 ? 0 : 1) }));
    const sum = contributions.reduce((a, c) => a + c.contribution, 0);
    const s = splitPrsAttribution(-0.0312, { sample: 'A', score: 'S', sum, z: -0.7, contributions }, 25)!;
    expect(s.method).toBe('proportional-to-weight-x-dosage');
    expect(s.topVariants.length).toBe(25);
    expect(s.otherVariants.count).toBe(4975);
    expect(Math.abs(s.residual)).toBeLessThan(1e-12);
    // each listed part is its share of the score
    const v = s.topVariants[0]!;
    expect(v.contribution).toBeCloseTo((-0.0312 * v.prsContribution) / sum, 14);
  });

  it('returns null without per-variant terms or when they sum to zero', () => {
    expect(splitPrsAttribution(0.1, { sample: 'A', score: 'S', sum: 1, z: 1 })).toBeNull();
    expect(splitPrsAttribution(0.1, { sample: 'A', score: 'S', sum: 0, z: 0, contributions: [{ variant: 'a', contribution: 1 }, { variant: 'b', contribution: -1 }] })).toBeNull();
  });
});
