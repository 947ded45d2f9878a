import { describe, expect, it } from 'vitest';
import { pceInputFromFeatures, pceOutOfRange, pceRisk, type PceInput } from '../../src/model/pce.js';

// The guideline's worked example (Goff et al. 2014, Table A): age 55, TC 213, HDL 50,
// untreated SBP 120, non-smoker, no diabetes.
const example: Omit<PceInput, 'male' | 'africanAmerican'> = { age: 55, totalCholesterol: 213, hdl: 50, systolicBp: 120, bpTreated: false, smoker: false, diabetes: false };

describe('Pooled Cohort Equations', () => {
  it('reproduces the published 10-year risks of the worked example for all four equations', () => {
    // published to 0.1 %, from rounded intermediate sums: agree within 0.1 percentage point
    const near = (r: number, published: number) => expect(Math.abs(r - published)).toBeLessThan(0.001);
    near(pceRisk({ ...example, male: false, africanAmerican: false }), 0.021);
    near(pceRisk({ ...example, male: false, africanAmerican: true }), 0.03);
    near(pceRisk({ ...example, male: true, africanAmerican: false }), 0.053);
    near(pceRisk({ ...example, male: true, africanAmerican: true }), 0.061);
  });

  it('raises risk with smoking, diabetes and treated blood pressure', () => {
    const base = { ...example, male: true, africanAmerican: false };
    const r0 = pceRisk(base);
    expect(pceRisk({ ...base, smoker: true })).toBeGreaterThan(r0);
    expect(pceRisk({ ...base, diabetes: true })).toBeGreaterThan(r0);
    expect(pceRisk({ ...base, bpTreated: true })).toBeGreaterThan(r0);
    expect(pceRisk({ ...base, hdl: 70 })).toBeLessThan(r0);
  });

  it('an extra log-hazard multiplies the cumulative hazard', () => {
    const p = { ...example, male: true, africanAmerican: false };
    const r = pceRisk(p);
    const r2 = pceRisk(p, Math.log(2));
    expect(Math.log(1 - r2) / Math.log(1 - r)).toBeCloseTo(2, 10);
  });

  it('flags inputs outside the derivation ranges and maps encoded features', () => {
    expect(pceOutOfRange({ ...example, age: 35, hdl: 110, male: true, africanAmerican: false })).toEqual(['age', 'hdl']);
    const p = pceInputFromFeatures({ age: 60, male: 1, african_american: 0, total_cholesterol: 200, hdl: 40, systolic_bp: 140, bp_treated: 1, smoker: 0, diabetes: 1 });
    expect(p).toEqual({ age: 60, male: true, africanAmerican: false, totalCholesterol: 200, hdl: 40, systolicBp: 140, bpTreated: true, smoker: false, diabetes: true });
    expect(pceInputFromFeatures({ age: 60 })).toBeNull();
  });
});
