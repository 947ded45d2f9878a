import { describe, expect, it } from 'vitest';
import { assembleFeatures } from '../../src/model/assemble.js';
import { featureMatrix, joinFeatures, parseFeatureTable } from '../../src/model/features.js';
import { prsScoresFromDocument, selectPrsScore } from '../../src/model/prs-input.js';
import { parseTable } from '../../src/model/table.js';
import { errorOf } from '../helpers/errors.js';

const HEADER = 'sample\tage\tsex\trace\ttotal_cholesterol\thdl\tsystolic_bp\tbp_treated\tsmoker\tdiabetes\tbmi\tprs_z';
const table = (rows: string[], header = HEADER) => parseTable([header, ...rows].join('\n'), 'clin.tsv');

describe('clinical table parsing', () => {
  it('encodes sex and race and keeps numbers', () => {
    const s = parseFeatureTable(table(['A\t60\tmale\tafrican_american\t200\t45\t130\t1\t0\t1\t28.5\t0.3']));
    expect(s[0]!.values).toEqual({ age: 60, male: 1, african_american: 1, total_cholesterol: 200, hdl: 45, systolic_bp: 130, bp_treated: 1, smoker: 0, diabetes: 1, bmi: 28.5, prs_z: 0.3 });
    expect(s[0]!.sex).toBe('male');
    expect(s[0]!.origin.age).toEqual({ file: 'clin.tsv', line: 2 });
  });

  it('reads CSV with quoted fields', () => {
    const s = parseFeatureTable(parseTable('sample,age,note_score\n"A,1",50,"2.5"\n', 'c.csv'));
    expect(s[0]!.sample).toBe('A,1');
    expect(s[0]!.values).toEqual({ age: 50, note_score: 2.5 });
  });

  it('names file and line for implausible or malformed values', () => {
    const e = errorOf(() => parseFeatureTable(table(['A\t60\tmale\twhite\t5.2\t45\t130\t1\t0\t1\t28\t0'])));
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/total_cholesterol = 5.2 is outside/);
    expect(e.hint).toMatch(/mmol/);
    expect(errorOf(() => parseFeatureTable(table(['A\t60\tman\twhite\t200\t45\t130\t1\t0\t1\t28\t0']))).message).toMatch(/sex must be male or female/);
    expect(errorOf(() => parseFeatureTable(table(['A\t60\tmale\twhite\t200\t45\t130\t2\t0\t1\t28\t0']))).message).toMatch(/bp_treated must be 0 or 1/);
    expect(errorOf(() => parseFeatureTable(table(['A\tsixty\tmale\twhite\t200\t45\t130\t1\t0\t1\t28\t0']))).message).toMatch(/age must be a number/);
    expect(errorOf(() => parseFeatureTable(table(['A\t60\tmale\twhite\t200\t45\t130\t1\t0\t1\t28\t0', 'A\t61\tmale\twhite\t200\t45\t130\t1\t0\t1\t28\t0']))).line).toBe(3);
    expect(errorOf(() => parseTable(`${HEADER}\nA\t60`, 'x.tsv')).message).toMatch(/2 fields, expected 12/);
    expect(errorOf(() => parseFeatureTable(table(['60'], 'age'))).message).toMatch(/no "sample" column/);
  });

  it('treats NA/NaN as missing and refuses to feed a gap to a model', () => {
    const s = parseFeatureTable(table(['A\t60\tmale\twhite\t200\tNaN\t130\t1\t0\t1\t28\t0', 'B\t60\tmale\twhite\t200\t40\t130\t1\t0\t1\t28\t0']));
    expect('hdl' in s[0]!.values).toBe(false);
    const e = errorOf(() => featureMatrix(s, ['age', 'hdl']));
    expect(e.message).toMatch(/sample "A" has no value for feature "hdl"/);
    expect(e.line).toBe(2);
    expect(errorOf(() => featureMatrix(s, ['age', 'ldl'])).message).toMatch(/needs feature\(s\) ldl/);
  });

  it('joins extra tables by sample and rejects a feature given twice', () => {
    const clin = parseFeatureTable(table(['A\t60\tmale\twhite\t200\t45\t130\t1\t0\t1\t28\t0', 'B\t50\tfemale\tother\t180\t60\t120\t0\t1\t0\t24\t-1']));
    const omics = parseFeatureTable(parseTable('sample\tlpa\nB\t120\nZ\t5\n', 'omics.tsv'));
    const j = joinFeatures(clin, omics);
    expect(j[1]!.values.lpa).toBe(120);
    expect('lpa' in j[0]!.values).toBe(false);
    const dup = parseFeatureTable(parseTable('sample\tage\nA\t61\n', 'dup.tsv'));
    expect(errorOf(() => joinFeatures(clin, dup)).message).toMatch(/"age" for sample "A" is given twice/);
    const a = assembleFeatures({ clinical: clin, extra: [omics] });
    expect(a.warnings.join()).toMatch(/1 sample\(s\) of an extra feature table/);
  });

  it('takes prs_z from a precis prs document, with per-variant explanations', () => {
    const doc = {
      scores: [
        { id: 'S1', samples: [{ sample: 'A', sum: 1.5, z: 2, explanation: { expectedSum: 1, contributions: [{ variant: 'v1', contribution: 1, deviation: 0.4 }], rest: { variants: 2, contribution: 0.5, deviation: 0.1 } } }] },
        { id: 'S2', samples: [{ sample: 'A', sum: 0.1, z: -1 }] },
      ],
    };
    const all = prsScoresFromDocument(doc);
    expect(all.map((s) => `${s.score}:${s.sample}:${s.z}`)).toEqual(['S1:A:2', 'S2:A:-1']);
    expect(all[0]!.contributions).toEqual([{ variant: 'v1', contribution: 1, deviation: 0.4 }]);
    expect(all[0]!.rest).toEqual({ variants: 2, contribution: 0.5, deviation: 0.1 });
    expect(errorOf(() => selectPrsScore(all, undefined, 'p.json')).message).toMatch(/holds 2 scores/);
    const pick = selectPrsScore(all, 'S2', 'p.json');
    const clin = parseFeatureTable(table(['A\t60\tmale\twhite\t200\t45\t130\t1\t0\t1\t28\t0.5']));
    const a = assembleFeatures({ clinical: clin, prs: pick, prsSource: 'p.json' });
    expect(a.samples[0]!.values.prs_z).toBe(-1);
    expect(a.warnings[0]).toMatch(/prs_z of 1 sample\(s\) taken from p.json/);
    expect(errorOf(() => prsScoresFromDocument({ scores: [{ id: 'S', samples: [{ sample: 'A', sum: 1 }] }] })).message).toMatch(/no z value/);
  });
});
