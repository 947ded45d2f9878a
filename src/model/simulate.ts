import { pceRisk, type PceInput } from './pce.js';
import { SeededRandom } from './rng.js';

/**
 * A synthetic cohort drawn from published facts, for training and testing the shipped
 * model where no real cohort can be used:
 * - risk factors: distributions approximating US adults aged 40-79 (NHANES 2011-2016
 *   summary statistics: mean total cholesterol ~195-205 mg/dL, HDL ~47 men / ~58 women,
 *   SBP rising with age, ~30 % on antihypertensives, ~15 % smoking, ~12-15 % diabetes,
 *   mean BMI ~29-30);
 * - outcome: 10-year hard ASCVD from the Pooled Cohort Equations, with a CAD polygenic
 *   score added as an independent log-hazard of ln(1.71) per SD (Inouye et al., JACC
 *   2018;72:1883-1893, metaGRS HR 1.71 per SD), centred so the mean hazard is unchanged.
 * BMI is drawn but has no direct effect (the PCE omit it): a model should learn to ignore it.
 */
export const PRS_HAZARD_RATIO_PER_SD = 1.71;

export interface SimulatedPerson {
  sample: string;
  age: number;
  sex: 'male' | 'female';
  race: 'white' | 'african_american' | 'other';
  total_cholesterol: number;
  hdl: number;
  systolic_bp: number;
  bp_treated: number;
  smoker: number;
  diabetes: number;
  bmi: number;
  prs_z: number;
  /** The generating model's 10-year risk: the ceiling any fitted model can reach. */
  true_risk: number;
  event: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round1 = (x: number): number => Math.round(x * 10) / 10;

export function simulatePerson(rng: SeededRandom, id: string): SimulatedPerson {
  const age = Math.floor(rng.uniform(40, 80));
  const male = rng.bernoulli(0.5) === 1;
  const u = rng.next();
  const race = u < 0.7 ? 'white' : u < 0.85 ? 'african_american' : 'other';
  const aa = race === 'african_american';
  const a = (age - 40) / 39;
  const bmi = round1(clamp(rng.normal(29.5, 6), 16, 60));
  const tc = Math.round(clamp(rng.normal(male ? 195 : 205, 40), 100, 400));
  // HDL is right-skewed: log-normal with the NHANES means/SDs, lower with higher BMI
  const hdlMean = (male ? 47 : 58) - 0.5 * (bmi - 29.5);
  const hdlSd = male ? 13 : 16;
  const s2 = Math.log(1 + (hdlSd / hdlMean) ** 2);
  const hdl = Math.round(clamp(Math.exp(rng.normal(Math.log(hdlMean) - s2 / 2, Math.sqrt(s2))), 20, 120));
  const sbp = Math.round(clamp(rng.normal(116 + 18 * a + (aa ? 4 : 0) + 0.3 * (bmi - 29.5), 16), 85, 220));
  const bpTreated = rng.bernoulli(clamp(0.08 + 0.45 * a + (aa ? 0.08 : 0) + 0.004 * (sbp - 125), 0, 0.95));
  const smoker = rng.bernoulli(clamp((male ? 0.2 : 0.16) - 0.1 * a, 0.02, 0.5));
  const diabetes = rng.bernoulli(clamp(0.05 + 0.13 * a + (aa ? 0.05 : 0) + 0.012 * (bmi - 29.5), 0.01, 0.6));
  const prsZ = Math.round(rng.normal() * 1e4) / 1e4;
  const pce: PceInput = {
    age, male, africanAmerican: aa, totalCholesterol: tc, hdl, systolicBp: sbp,
    bpTreated: bpTreated === 1, smoker: smoker === 1, diabetes: diabetes === 1,
  };
  const beta = Math.log(PRS_HAZARD_RATIO_PER_SD);
  const trueRisk = pceRisk(pce, beta * prsZ - (beta * beta) / 2);
  return {
    sample: id, age, sex: male ? 'male' : 'female', race, total_cholesterol: tc, hdl, systolic_bp: sbp,
    bp_treated: bpTreated, smoker, diabetes, bmi, prs_z: prsZ,
    true_risk: trueRisk, event: rng.bernoulli(trueRisk),
  };
}

export function simulateCohort(n: number, seed: number, prefix = 'SIM'): SimulatedPerson[] {
  const rng = new SeededRandom(seed);
  const width = String(n).length;
  return Array.from({ length: n }, (_, i) => simulatePerson(rng, `${prefix}${String(i + 1).padStart(width, '0')}`));
}

export const COHORT_COLUMNS = [
  'sample', 'age', 'sex', 'race', 'total_cholesterol', 'hdl', 'systolic_bp', 'bp_treated', 'smoker', 'diabetes', 'bmi', 'prs_z', 'true_risk', 'event',
] as const;

export function cohortToTsv(people: SimulatedPerson[]): string {
  const lines = [COHORT_COLUMNS.join('\t')];
  for (const p of people) lines.push(COHORT_COLUMNS.map((c) => (c === 'true_risk' ? p[c].toPrecision(6) : String(p[c]))).join('\t'));
  return `${lines.join('\n')}\n`;
}
