import { PrecisError } from '../util/errors.js';
import { isMissingCell, type Table } from './table.js';

/**
 * The fixed clinical columns: name, unit and the plausible range a value must fall in.
 * Ranges reject data-entry errors (cholesterol in mmol/L, age in months), not unusual
 * patients; the Pooled Cohort Equations' own validity ranges are narrower and only warn.
 */
export interface NumericColumnSpec {
  name: string;
  unit: string;
  description: string;
  kind: 'number' | 'binary';
  min: number;
  max: number;
}

export const CLINICAL_NUMERIC: readonly NumericColumnSpec[] = [
  { name: 'age', unit: 'years', description: 'age at assessment', kind: 'number', min: 18, max: 110 },
  { name: 'total_cholesterol', unit: 'mg/dL', description: 'total serum cholesterol', kind: 'number', min: 50, max: 600 },
  { name: 'hdl', unit: 'mg/dL', description: 'HDL cholesterol', kind: 'number', min: 5, max: 200 },
  { name: 'systolic_bp', unit: 'mmHg', description: 'systolic blood pressure', kind: 'number', min: 60, max: 300 },
  { name: 'bp_treated', unit: '0/1', description: 'on antihypertensive treatment', kind: 'binary', min: 0, max: 1 },
  { name: 'smoker', unit: '0/1', description: 'current smoker', kind: 'binary', min: 0, max: 1 },
  { name: 'diabetes', unit: '0/1', description: 'diabetes mellitus', kind: 'binary', min: 0, max: 1 },
  { name: 'bmi', unit: 'kg/m2', description: 'body-mass index', kind: 'number', min: 10, max: 100 },
  { name: 'prs_z', unit: 'SD', description: 'polygenic score, standardised in its reference population', kind: 'number', min: -10, max: 10 },
];

export const SEX_VALUES = ['male', 'female'] as const;
export const RACE_VALUES = ['white', 'african_american', 'other'] as const;
export type Sex = (typeof SEX_VALUES)[number];
export type Race = (typeof RACE_VALUES)[number];

/**
 * Categorical clinical columns become indicator features: `sex` → `male` (1 = male),
 * `race` → `african_american` (1 = African American). "other" shares the white
 * reference level, as the PCE guideline recommends for other groups.
 */
export const ENCODED_FEATURES: Readonly<Record<string, NumericColumnSpec>> = {
  male: { name: 'male', unit: '0/1', description: 'sex is male (from column sex)', kind: 'binary', min: 0, max: 1 },
  african_american: { name: 'african_american', unit: '0/1', description: 'race is african_american (from column race)', kind: 'binary', min: 0, max: 1 },
};

/** Where a value came from, so a model-level problem can name file and line. */
export interface ValueOrigin {
  file: string;
  line: number;
}

/** One sample's features after validation and encoding (model feature space). */
export interface SampleFeatures {
  sample: string;
  values: Record<string, number>;
  origin: Record<string, ValueOrigin>;
  sex?: Sex;
  race?: Race;
}

const NUMERIC_BY_NAME = new Map(CLINICAL_NUMERIC.map((c) => [c.name, c]));

/** Describes a feature name for model cards and errors. */
export function describeFeature(name: string): { unit: string; description: string } {
  const s = NUMERIC_BY_NAME.get(name) ?? ENCODED_FEATURES[name];
  return s ? { unit: s.unit, description: s.description } : { unit: '', description: 'user-supplied numeric feature' };
}

/**
 * Validates and encodes one table (clinical or extra numeric features) into per-sample
 * features. Known clinical columns are checked against their ranges; any other column
 * must be numeric. Missing cells (empty, NA, ., NaN) are left out: whether that is an
 * error depends on whether the model needs the column, decided in `featureMatrix`.
 */
export function parseFeatureTable(table: Table, sampleColumn = 'sample'): SampleFeatures[] {
  const sampleIdx = table.columns.indexOf(sampleColumn);
  if (sampleIdx < 0) {
    throw new PrecisError('BAD_DATA', `no "${sampleColumn}" column in the header (columns: ${table.columns.join(', ')})`, { file: table.file, line: 1 });
  }
  const seen = new Set<string>();
  const out: SampleFeatures[] = [];
  for (const row of table.rows) {
    const where = { file: table.file, line: row.line };
    const sample = row.cells[sampleIdx]!;
    if (sample === '') throw new PrecisError('BAD_DATA', 'empty sample id', where);
    if (seen.has(sample)) throw new PrecisError('BAD_DATA', `sample "${sample}" appears twice`, where);
    seen.add(sample);
    const f: SampleFeatures = { sample, values: {}, origin: {} };
    table.columns.forEach((col, i) => {
      if (i === sampleIdx) return;
      const cell = row.cells[i]!;
      if (isMissingCell(cell)) return;
      if (col === 'sex') {
        const v = cell.toLowerCase();
        if (!(SEX_VALUES as readonly string[]).includes(v)) throw new PrecisError('BAD_DATA', `sex must be male or female, got "${cell}"`, where);
        f.sex = v as Sex;
        setValue(f, 'male', v === 'male' ? 1 : 0, where);
        return;
      }
      if (col === 'race') {
        const v = cell.toLowerCase();
        if (!(RACE_VALUES as readonly string[]).includes(v)) throw new PrecisError('BAD_DATA', `race must be white, african_american or other, got "${cell}"`, where);
        f.race = v as Race;
        setValue(f, 'african_american', v === 'african_american' ? 1 : 0, where);
        return;
      }
      const spec = NUMERIC_BY_NAME.get(col) ?? ENCODED_FEATURES[col];
      const x = Number(cell);
      if (!Number.isFinite(x)) throw new PrecisError('BAD_DATA', `${col} must be a number, got "${cell}"`, where);
      if (spec) {
        if (spec.kind === 'binary' && x !== 0 && x !== 1) throw new PrecisError('BAD_DATA', `${col} must be 0 or 1, got "${cell}"`, where);
        if (x < spec.min || x > spec.max) {
          throw new PrecisError('BAD_DATA', `${col} = ${cell} is outside the plausible range ${spec.min}-${spec.max} ${spec.unit}`, {
            ...where,
            hint: spec.unit === 'mg/dL' ? 'cholesterol is expected in mg/dL (mmol/L x 38.67)' : undefined,
          });
        }
      }
      setValue(f, col, x, where);
    });
    out.push(f);
  }
  return out;
}

function setValue(f: SampleFeatures, name: string, x: number, where: ValueOrigin): void {
  f.values[name] = x;
  f.origin[name] = where;
}

/**
 * Joins feature sets by sample id (the first set defines the samples and their order).
 * A column given by two tables is an error: silently preferring one would hide a mix-up.
 */
export function joinFeatures(base: SampleFeatures[], ...extra: SampleFeatures[][]): SampleFeatures[] {
  const out = base.map((b) => ({ ...b, values: { ...b.values }, origin: { ...b.origin } }));
  const byId = new Map(out.map((s) => [s.sample, s]));
  for (const set of extra) {
    for (const e of set) {
      const s = byId.get(e.sample);
      if (!s) continue;
      for (const [k, v] of Object.entries(e.values)) {
        if (k in s.values) {
          const a = s.origin[k]!;
          const b = e.origin[k]!;
          throw new PrecisError('BAD_DATA', `feature "${k}" for sample "${e.sample}" is given twice (also in ${a.file}:${a.line})`, { file: b.file, line: b.line });
        }
        s.values[k] = v;
        s.origin[k] = e.origin[k]!;
      }
      if (e.sex && !s.sex) s.sex = e.sex;
      if (e.race && !s.race) s.race = e.race;
    }
  }
  return out;
}

/** Samples of `extra` sets that the base set lacks (reported as a warning by callers). */
export function unmatchedSamples(base: SampleFeatures[], extra: SampleFeatures[]): string[] {
  const ids = new Set(base.map((b) => b.sample));
  return extra.filter((e) => !ids.has(e.sample)).map((e) => e.sample);
}

/**
 * Row-major matrix of exactly the model's features, in its order. Every gap is an
 * error naming the sample, the feature and where the sample's row is.
 */
export function featureMatrix(samples: SampleFeatures[], names: readonly string[]): Float64Array {
  const d = names.length;
  const out = new Float64Array(samples.length * d);
  if (samples.length > 0) {
    const s0 = samples[0]!;
    const absent = names.filter((n) => samples.every((s) => !(n in s.values)));
    if (absent.length > 0) {
      const some = Object.values(s0.origin)[0];
      throw new PrecisError('BAD_DATA', `the model needs feature(s) ${absent.join(', ')} that no input provides`, {
        file: some?.file,
        hint: `the model's features are: ${names.join(', ')}${absent.includes('prs_z') ? '; give prs_z in the table or --prs FILE' : ''}`,
      });
    }
  }
  samples.forEach((s, i) => {
    names.forEach((n, j) => {
      const v = s.values[n];
      if (v === undefined || !Number.isFinite(v)) {
        const o = Object.values(s.origin)[0];
        throw new PrecisError('BAD_DATA', `sample "${s.sample}" has no value for feature "${n}" (missing values are not imputed)`, { file: o?.file, line: o?.line });
      }
      out[i * d + j] = v;
    });
  });
  return out;
}
