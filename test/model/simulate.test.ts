import { describe, expect, it } from 'vitest';
import { pceRisk } from '../../src/model/pce.js';
import { PRS_HAZARD_RATIO_PER_SD, simulateCohort } from '../../src/model/simulate.js';

describe('cohort simulator', () => {
  const people = simulateCohort(40000, 123);

  it('is reproducible from its seed and differs between seeds', () => {
    const strip = ({ sample: _s, ...rest }: (typeof people)[number]) => rest;
    expect(simulateCohort(50, 123).map(strip)).toEqual(people.slice(0, 50).map(strip));
    expect(simulateCohort(50, 124)[0]).not.toEqual(people[0]);
  });

  it('draws risk factors near the published population summaries it encodes', () => {
    const mean = (f: (p: (typeof people)[number]) => number) => people.reduce((a, p) => a + f(p), 0) / people.length;
    expect(mean((p) => p.age)).toBeGreaterThan(58);
    expect(mean((p) => p.age)).toBeLessThan(61);
    expect(mean((p) => p.total_cholesterol)).toBeCloseTo(200, -1);
    const men = people.filter((p) => p.sex === 'male');
    const women = people.filter((p) => p.sex === 'female');
    const hdl = (g: typeof people) => g.reduce((a, p) => a + p.hdl, 0) / g.length;
    expect(hdl(women) - hdl(men)).toBeGreaterThan(8);
    expect(mean((p) => p.smoker)).toBeGreaterThan(0.1);
    expect(mean((p) => p.smoker)).toBeLessThan(0.2);
    expect(mean((p) => p.prs_z)).toBeCloseTo(0, 1);
  });

  it('generates risk from the PCE with the PRS hazard ratio, and events at that risk', () => {
    const p = people[7]!;
    const beta = Math.log(PRS_HAZARD_RATIO_PER_SD);
    const pce = { age: p.age, male: p.sex === 'male', africanAmerican: p.race === 'african_american', totalCholesterol: p.total_cholesterol, hdl: p.hdl, systolicBp: p.systolic_bp, bpTreated: p.bp_treated === 1, smoker: p.smoker === 1, diabetes: p.diabetes === 1 };
    expect(p.true_risk).toBeCloseTo(pceRisk(pce, beta * p.prs_z - (beta * beta) / 2), 12);
    const rate = people.reduce((a, q) => a + q.event, 0) / people.length;
    const meanRisk = people.reduce((a, q) => a + q.true_risk, 0) / people.length;
    expect(Math.abs(rate - meanRisk)).toBeLessThan(0.006);
    // top vs bottom PRS quintile: the hazard ratio shows in the event rates
    const sorted = [...people].sort((a, b) => a.prs_z - b.prs_z);
    const q = people.length / 5;
    const r = (g: typeof people) => g.reduce((a, x) => a + x.event, 0) / g.length;
    expect(r(sorted.slice(-q)) / r(sorted.slice(0, q))).toBeGreaterThan(2.5);
  });
});
