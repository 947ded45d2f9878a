/**
 * The 2013 ACC/AHA Pooled Cohort Equations for 10-year risk of a first hard ASCVD event
 * (Goff et al., Circulation 2014;129:S49-S73, Table A; doi:10.1161/01.cir.0000437741.48606.98).
 * Coefficients are those of the published table; "other" race uses the white equations,
 * as the guideline recommends.
 */
export interface PceInput {
  age: number;
  male: boolean;
  africanAmerican: boolean;
  totalCholesterol: number;
  hdl: number;
  systolicBp: number;
  bpTreated: boolean;
  smoker: boolean;
  diabetes: boolean;
}

export interface PceEquation {
  label: string;
  lnAge: number;
  lnAgeSq: number;
  lnTc: number;
  lnAgeLnTc: number;
  lnHdl: number;
  lnAgeLnHdl: number;
  lnTreatedSbp: number;
  lnAgeLnTreatedSbp: number;
  lnUntreatedSbp: number;
  lnAgeLnUntreatedSbp: number;
  smoker: number;
  lnAgeSmoker: number;
  diabetes: number;
  baselineSurvival: number;
  meanLinearPredictor: number;
}

const eq = (label: string, c: Partial<PceEquation> & Pick<PceEquation, 'baselineSurvival' | 'meanLinearPredictor'>): PceEquation => ({
  label,
  lnAge: 0,
  lnAgeSq: 0,
  lnTc: 0,
  lnAgeLnTc: 0,
  lnHdl: 0,
  lnAgeLnHdl: 0,
  lnTreatedSbp: 0,
  lnAgeLnTreatedSbp: 0,
  lnUntreatedSbp: 0,
  lnAgeLnUntreatedSbp: 0,
  smoker: 0,
  lnAgeSmoker: 0,
  diabetes: 0,
  ...c,
});

export const PCE_EQUATIONS = {
  whiteFemale: eq('white female', {
    lnAge: -29.799, lnAgeSq: 4.884, lnTc: 13.54, lnAgeLnTc: -3.114, lnHdl: -13.578, lnAgeLnHdl: 3.149,
    lnTreatedSbp: 2.019, lnUntreatedSbp: 1.957, smoker: 7.574, lnAgeSmoker: -1.665, diabetes: 0.661,
    baselineSurvival: 0.9665, meanLinearPredictor: -29.18,
  }),
  africanAmericanFemale: eq('african american female', {
    lnAge: 17.114, lnTc: 0.94, lnHdl: -18.92, lnAgeLnHdl: 4.475, lnTreatedSbp: 29.291, lnAgeLnTreatedSbp: -6.432,
    lnUntreatedSbp: 27.82, lnAgeLnUntreatedSbp: -6.087, smoker: 0.691, diabetes: 0.874,
    baselineSurvival: 0.9533, meanLinearPredictor: 86.61,
  }),
  whiteMale: eq('white male', {
    lnAge: 12.344, lnTc: 11.853, lnAgeLnTc: -2.664, lnHdl: -7.99, lnAgeLnHdl: 1.769, lnTreatedSbp: 1.797,
    lnUntreatedSbp: 1.764, smoker: 7.837, lnAgeSmoker: -1.795, diabetes: 0.658,
    baselineSurvival: 0.9144, meanLinearPredictor: 61.18,
  }),
  africanAmericanMale: eq('african american male', {
    lnAge: 2.469, lnTc: 0.302, lnHdl: -0.307, lnTreatedSbp: 1.916, lnUntreatedSbp: 1.809, smoker: 0.549, diabetes: 0.645,
    baselineSurvival: 0.8954, meanLinearPredictor: 19.54,
  }),
} as const satisfies Record<string, PceEquation>;

/** The ranges the equations were derived in; outside them the estimate is extrapolated. */
export const PCE_VALID_RANGES = { age: [40, 79], totalCholesterol: [130, 320], hdl: [20, 100], systolicBp: [90, 200] } as const;

export function pceEquation(p: Pick<PceInput, 'male' | 'africanAmerican'>): PceEquation {
  if (p.male) return p.africanAmerican ? PCE_EQUATIONS.africanAmericanMale : PCE_EQUATIONS.whiteMale;
  return p.africanAmerican ? PCE_EQUATIONS.africanAmericanFemale : PCE_EQUATIONS.whiteFemale;
}

/** Individual sum of coefficient x value (before centring on the cohort mean). */
export function pceLinearPredictor(p: PceInput): number {
  const e = pceEquation(p);
  const la = Math.log(p.age);
  const ltc = Math.log(p.totalCholesterol);
  const lhdl = Math.log(p.hdl);
  const lsbp = Math.log(p.systolicBp);
  const s = p.smoker ? 1 : 0;
  let lp = e.lnAge * la + e.lnAgeSq * la * la + e.lnTc * ltc + e.lnAgeLnTc * la * ltc + e.lnHdl * lhdl + e.lnAgeLnHdl * la * lhdl;
  lp += p.bpTreated ? e.lnTreatedSbp * lsbp + e.lnAgeLnTreatedSbp * la * lsbp : e.lnUntreatedSbp * lsbp + e.lnAgeLnUntreatedSbp * la * lsbp;
  lp += e.smoker * s + e.lnAgeSmoker * la * s + e.diabetes * (p.diabetes ? 1 : 0);
  return lp;
}

/** 10-year risk = 1 - S0^exp(lp - mean lp), with an optional extra log-hazard term. */
export function pceRisk(p: PceInput, extraLogHazard = 0): number {
  const e = pceEquation(p);
  return 1 - Math.pow(e.baselineSurvival, Math.exp(pceLinearPredictor(p) - e.meanLinearPredictor + extraLogHazard));
}

/** Which inputs fall outside the derivation ranges (for a warning next to the estimate). */
export function pceOutOfRange(p: PceInput): string[] {
  const out: string[] = [];
  const r = PCE_VALID_RANGES;
  if (p.age < r.age[0] || p.age > r.age[1]) out.push('age');
  if (p.totalCholesterol < r.totalCholesterol[0] || p.totalCholesterol > r.totalCholesterol[1]) out.push('total_cholesterol');
  if (p.hdl < r.hdl[0] || p.hdl > r.hdl[1]) out.push('hdl');
  if (p.systolicBp < r.systolicBp[0] || p.systolicBp > r.systolicBp[1]) out.push('systolic_bp');
  return out;
}

/** Builds the PCE input from encoded features, or null when a needed value is missing. */
export function pceInputFromFeatures(v: Record<string, number>): PceInput | null {
  const need = ['age', 'male', 'african_american', 'total_cholesterol', 'hdl', 'systolic_bp', 'bp_treated', 'smoker', 'diabetes'];
  if (need.some((k) => v[k] === undefined)) return null;
  return {
    age: v.age!,
    male: v.male === 1,
    africanAmerican: v.african_american === 1,
    totalCholesterol: v.total_cholesterol!,
    hdl: v.hdl!,
    systolicBp: v.systolic_bp!,
    bpTreated: v.bp_treated === 1,
    smoker: v.smoker === 1,
    diabetes: v.diabetes === 1,
  };
}
