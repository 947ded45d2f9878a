import { describe, expect, it } from 'vitest';
import { auroc, binaryMetrics, brier, calibrationFit } from '../../src/model/metrics.js';
import { SeededRandom } from '../../src/model/rng.js';

describe('metrics', () => {
  it('computes AUROC with ties as one half', () => {
    expect(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(auroc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auroc([1, 2, 3], [0, 0, 0])).toBeNaN();
  });

  it('Brier score', () => {
    expect(brier([0.2, 0.9], [0, 1])).toBeCloseTo((0.04 + 0.01) / 2, 12);
  });

  it('calibration slope ~1 and intercept ~0 for outcomes drawn from the predictions', () => {
    const rng = new SeededRandom(5);
    const p: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 40000; i++) {
      const q = 1 / (1 + Math.exp(-rng.normal(-2, 1)));
      p.push(q);
      y.push(rng.bernoulli(q));
    }
    const m = binaryMetrics(p, y);
    expect(m.calibrationSlope).toBeGreaterThan(0.95);
    expect(m.calibrationSlope).toBeLessThan(1.05);
    expect(Math.abs(m.calibrationIntercept)).toBeLessThan(0.05);
    // over-confident predictions (logit doubled) give a slope of about one half
    const over = p.map((q) => 1 / (1 + Math.exp(-2 * Math.log(q / (1 - q)))));
    expect(calibrationFit(over, y).slope).toBeCloseTo(0.5, 1);
  });
});
