import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';
import { cohortToTsv, simulateCohort } from '../../src/model/simulate.js';
import { pceRisk } from '../../src/model/pce.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'model');
const clinical = join(FIX, 'clinical.tsv');
const prs = join(FIX, 'prs.json');

describe('precis risk', () => {
  it('writes TSV with sample, risk, pce_risk, model, backend', () => {
    const r = runPrecis(['risk', '-c', clinical, '--prs', prs, '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('sample\trisk\tpce_risk\tmodel\tbackend');
    expect(lines).toHaveLength(4);
    const p1 = lines[1]!.split('\t');
    expect(p1[0]).toBe('P1');
    expect(Number(p1[2])).toBeCloseTo(pceRisk({ age: 55, male: false, africanAmerican: false, totalCholesterol: 213, hdl: 50, systolicBp: 120, bpTreated: false, smoker: false, diabetes: false }), 5);
    expect(Number(p1[1])).toBeGreaterThan(0.005);
    expect(Number(p1[1])).toBeLessThan(0.05);
    expect(p1.slice(3)).toEqual(['cad-risk', 'wasm']);
  });

  it('JSON names the backend, model hash, research-use notice; PRECIS_BACKEND=cpu switches backend', () => {
    const r = runPrecis(['risk', '-c', clinical, '-O', 'j'], { env: { PRECIS_BACKEND: 'cpu' } });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe('1.0');
    expect(doc.backend).toBe('cpu');
    expect(doc.researchUseOnly).toBe(true);
    expect(doc.model.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.predictions.map((p: { sample: string }) => p.sample)).toEqual(['P1', 'P2', 'P3']);
    expect(r.stderr).toBe('');
    const w = runPrecis(['risk', '-c', clinical, '-O', 'j'], { env: { PRECIS_BACKEND: 'wasm' } });
    const dw = JSON.parse(w.stdout);
    for (let i = 0; i < 3; i++) expect(Math.abs(dw.predictions[i].risk - doc.predictions[i].risk)).toBeLessThan(1e-5);
    expect(runPrecis(['risk', '-c', clinical], { env: { PRECIS_BACKEND: 'gpu' } }).status).toBe(2);
  });

  it('with a VCF, scores the clinical samples present in it and says which were skipped', () => {
    const r = runPrecis(['risk', join(FIX, 'samples.vcf'), '-c', clinical, '--prs', prs]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual(['sample', 'P1', 'P3']);
    expect(r.stderr).toMatch(/1 clinical sample\(s\) are not in the VCF/);
  });

  it('bad input: one-line errors with file and line, no output file left behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-risk-'));
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, readFileSync(clinical, 'utf8').replace('\t50\t120\t', '\tNaN\t120\t'));
    const out = join(dir, 'out.tsv');
    const r = runPrecis(['risk', '-c', bad, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^precis: error: .*bad\.tsv:2: sample "P1" has no value for feature "hdl"/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(['bad.tsv']);
    const nocol = join(dir, 'nocol.tsv');
    writeFileSync(nocol, 'sample\tage\tsex\nP1\t50\tmale\n');
    const r2 = runPrecis(['risk', '-c', nocol, '--prs', prs]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/needs feature\(s\) race|needs feature\(s\) african_american/);
    const noprs = join(dir, 'noprs.tsv');
    writeFileSync(noprs, readFileSync(clinical, 'utf8').split('\n').map((l) => l.split('\t').slice(0, 11).join('\t')).join('\n'));
    const r3 = runPrecis(['risk', '-c', noprs]);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/needs prs_z: give a VCF \(scored with -w, default the embedded score\), --prs FILE/);
    expect(runPrecis(['risk']).status).toBe(2);
  });
});

describe('precis train', () => {
  it('trains a logistic model, writes model + card + background, and the model is usable by risk and explain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-train-'));
    const table = join(dir, 'cohort.tsv');
    writeFileSync(table, cohortToTsv(simulateCohort(3000, 31)));
    const out = join(dir, 'lr');
    const r = runPrecis(['train', table, '-y', 'event', '--exclude', 'true_risk,bmi', '--model', 'logistic', '--learning-rate', '0.03', '--epochs', '30', '-o', out, '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.model.features).toEqual(['age', 'male', 'african_american', 'total_cholesterol', 'hdl', 'systolic_bp', 'bp_treated', 'smoker', 'diabetes', 'prs_z']);
    expect(s.validation.auroc).toBeGreaterThan(0.7);
    expect(s.training.validation).toBe(600);
    expect(existsSync(join(out, 'weights.bin'))).toBe(true);
    expect(readFileSync(join(out, 'MODEL_CARD.md'), 'utf8')).toMatch(/## Evaluation/);
    expect(readFileSync(join(out, 'background', 'cohort.tsv'), 'utf8').split('\n')[0]).toBe(['sample', ...s.model.features].join('\t'));
    const risk = runPrecis(['risk', '-c', clinical, '--prs', prs, '-m', out, '-q']);
    expect(risk.status).toBe(0);
    expect(risk.stdout).toMatch(/\tlr\twasm\n/);
    const ex = runPrecis(['explain', '-c', clinical, '--prs', prs, '-m', out, '-O', 'j', '--scale', 'logit', '-q']);
    expect(ex.status).toBe(0);
    const doc = JSON.parse(ex.stdout);
    expect(doc.explanations).toHaveLength(3);
    // a missing outcome column is a data error naming the file
    const bad = runPrecis(['train', table, '-y', 'outcome', '-o', join(dir, 'x')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no outcome column "outcome"/);
    expect(existsSync(join(dir, 'x', 'model.json'))).toBe(false);
  });
});
