import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'model');
const clinical = join(FIX, 'clinical.tsv');
const prs = join(FIX, 'prs.json');
const pgx = join(FIX, 'pgx.json');

describe('precis explain', () => {
  it('JSON: base value, f(x), sorted contributions, completeness, PRS variant split, PGx evidence', () => {
    const r = runPrecis(['explain', '-c', clinical, '--prs', prs, '--pgx', pgx, '-O', 'j', '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('precis-explain');
    expect(doc.method).toBe('exact-shap');
    expect(doc.backend).toBe('wasm');
    expect(doc.background.n).toBe(64);
    const risk = JSON.parse(runPrecis(['risk', '-c', clinical, '--prs', prs, '-O', 'j', '-q']).stdout);
    for (const [i, e] of doc.explanations.entries()) {
      const sum = e.contributions.reduce((a: number, c: { contribution: number }) => a + c.contribution, 0);
      expect(Math.abs(sum - (e.fx - e.base))).toBeLessThan(1e-6);
      expect(Math.abs(e.fx - risk.predictions[i].risk)).toBeLessThan(1e-6);
    }
    const p2 = doc.explanations[1];
    expect(p2.sample).toBe('P2');
    const prsC = p2.contributions.find((c: { feature: string }) => c.feature === 'prs_z');
    expect(prsC.value).toBe(1.5);
    expect(prsC.contribution).toBeGreaterThan(0);
    const split = prsC.prsVariants;
    expect(split.method).toBe('proportional-to-deviation');
    expect(split.topVariants[0].variant).toBe('2:200:C:T');
    const parts = split.topVariants.reduce((a: number, v: { contribution: number }) => a + v.contribution, 0) + split.otherVariants.contribution;
    expect(Math.abs(parts - prsC.contribution)).toBeLessThan(1e-12);
    expect(p2.pgx.genes[0].diplotype).toBe('*1/*5');
    expect(doc.explanations[0].pgx).toBeUndefined();
  });

  it('text waterfall and TSV', () => {
    const w = runPrecis(['explain', '-c', clinical, '--prs', prs, '-s', 'P3', '-O', 'w', '-q']);
    expect(w.status).toBe(0);
    expect(w.stdout).toMatch(/^P3: risk [\d.]+%, PCE [\d.]+%$/m);
    expect(w.stdout).toMatch(/E\[f\] [\d.]+%/);
    expect(w.stdout).toMatch(/residual /);
    expect(w.stdout).toMatch(/Research use only/);
    const t = runPrecis(['explain', '-c', clinical, '--prs', prs, '-O', 't', '-q']);
    const lines = t.stdout.trim().split('\n');
    expect(lines[0]).toBe('sample\tfeature\tvalue\tcontribution\tbase\tfx\tmethod\tscale\tmodel\tbackend');
    expect(lines).toHaveLength(1 + 3 * 11);
    expect(runPrecis(['explain', '-c', clinical, '--prs', prs, '-s', 'NOPE']).stderr).toMatch(/sample "NOPE"/);
  });

  it('integrated gradients on request, with its residual reported', () => {
    const r = runPrecis(['explain', '-c', clinical, '--prs', prs, '--method', 'integrated-gradients', '--steps', '64', '--scale', 'logit', '--background-size', '16', '-O', 'j', '-q']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.method).toBe('integrated-gradients');
    expect(doc.scale).toBe('logit');
    for (const e of doc.explanations) expect(Math.abs(e.completenessResidual)).toBeLessThan(0.05);
  });

  it('refuses a tampered model with a one-line error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-tamper-'));
    cpSync(join(PACKAGE_ROOT, 'models', 'cad-risk'), dir, { recursive: true });
    const w = readFileSync(join(dir, 'weights.bin'));
    w[100] = w[100]! ^ 0x40;
    writeFileSync(join(dir, 'weights.bin'), w);
    const r = runPrecis(['explain', '-c', clinical, '--prs', prs, '-m', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^precis: error: .*weights\.bin: weights do not match the sha256/);
  });
});
