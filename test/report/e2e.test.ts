import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { prsScoresFromDocument } from '../../src/model/prs-input.js';
import { REPO_ROOT, runPrecis } from '../helpers/cli.js';

const DEMO = join(REPO_ROOT, 'data', 'demo', 'demo.vcf.gz');
const CLINICAL = join(REPO_ROOT, 'data', 'demo', 'clinical.tsv');
const PRS_DIR = join(REPO_ROOT, 'data', 'prs');

interface Doc {
  samples: {
    sample: string;
    pgx: { genes: { gene: string; diplotypes: string[]; phenotype: string | null }[] } | null;
    prs: { scores: { id: string; sum: number; z: number | null; percentile: number | null }[] } | null;
    risk: { risk: number; baseline: { risk: number | null }; baseValue: number; contributions: { feature: string; phi: number }[]; residual: number } | null;
  }[];
  provenance: { stages: string[] };
}

function ok(r: { status: number; stderr: string }): void {
  expect(r.stderr.replace(/precis: (warning|wrote).*\n/g, '')).toBe('');
  expect(r.status).toBe(0);
}

describe('precis report on the demo data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'precis-report-'));
  let doc: Doc;
  const score = readdirSync(PRS_DIR).find((f) => /\.txt(\.gz)?$/.test(f))!;
  const reference = readdirSync(PRS_DIR).find((f) => f.endsWith('.reference.json'))!;

  beforeAll(() => {
    const r = runPrecis(['report', DEMO, '--clinical', CLINICAL, '-o', join(dir, 'out') + '/', '--quiet']);
    ok(r);
    doc = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Doc;
  });

  it('writes one page per sample, an index and a JSON that validates against the schema', () => {
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['DEMO1.html', 'DEMO2.html', 'DEMO3.html', 'index.html', 'report.json']);
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(doc.provenance.stages).toEqual(['annotate', 'pgx', 'prs', 'risk', 'explain']);
  });

  it('gives the same PGx calls as `precis pgx`', () => {
    const r = runPrecis(['pgx', DEMO, '-O', 'json']);
    ok(r);
    const pgx = JSON.parse(r.stdout) as { samples: { sample: string; genes: { gene: string; diplotypes: string[] }[] }[] };
    let compared = 0;
    for (const s of doc.samples) {
      const alone = pgx.samples.find((x) => x.sample === s.sample)!;
      for (const g of s.pgx!.genes) {
        expect(g.diplotypes).toEqual(alone.genes.find((x) => x.gene === g.gene)!.diplotypes);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('gives the same scores, risks and SHAP values as prs, risk and explain run one by one', () => {
    const prsJson = join(dir, 'prs.json');
    ok(runPrecis(['prs', DEMO, '-w', join(PRS_DIR, score), '--reference', join(PRS_DIR, reference), '--freq-from', 'reference', '--min-overlap', '0', '--explain', '10', '-O', 'j', '-o', prsJson]));
    const alone = prsScoresFromDocument(JSON.parse(readFileSync(prsJson, 'utf8')));
    for (const s of doc.samples) {
      for (const sc of s.prs!.scores) {
        const a = alone.find((x) => x.sample === s.sample && x.score === sc.id)!;
        expect(sc.sum).toBe(a.sum);
        expect(sc.z).toBe(a.z);
      }
    }
    const risk = runPrecis(['risk', '--clinical', CLINICAL, '--prs', prsJson, '-O', 'j']);
    ok(risk);
    const riskDoc = JSON.parse(risk.stdout) as { predictions: { sample: string; risk: number; pce_risk: number | null }[] };
    const explain = runPrecis(['explain', '--clinical', CLINICAL, '--prs', prsJson, '-O', 'j']);
    ok(explain);
    const explainDoc = JSON.parse(explain.stdout) as { explanations: { sample: string; base: number; contributions: { feature: string; contribution: number }[] }[] };
    for (const s of doc.samples) {
      const p = riskDoc.predictions.find((x) => x.sample === s.sample)!;
      expect(s.risk!.risk).toBe(p.risk);
      expect(s.risk!.baseline.risk).toBe(p.pce_risk);
      const e = explainDoc.explanations.find((x) => x.sample === s.sample)!;
      expect(s.risk!.baseValue).toBe(e.base);
      for (const c of s.risk!.contributions) expect(c.phi).toBe(e.contributions.find((x) => x.feature === c.feature)!.contribution);
      // exact SHAP: the contributions add up to f(x) - E[f]
      const sum = s.risk!.contributions.reduce((a, c) => a + c.phi, 0);
      expect(Math.abs(sum - (s.risk!.risk - s.risk!.baseValue))).toBeLessThan(1e-6);
    }
  });

  it('`precis risk VCF` scores prs_z from the VCF itself and agrees with the report', () => {
    const r = runPrecis(['risk', DEMO, '--clinical', CLINICAL, '-O', 'j']);
    ok(r);
    const d = JSON.parse(r.stdout) as { predictions: { sample: string; risk: number }[] };
    expect(d.predictions.map((p) => p.sample)).toEqual(['DEMO1', 'DEMO2', 'DEMO3']);
    for (const p of d.predictions) expect(p.risk).toBe(doc.samples.find((s) => s.sample === p.sample)!.risk!.risk);
  });

  it('writes FHIR and MultiQC files', () => {
    ok(runPrecis(['report', DEMO, '--clinical', CLINICAL, '-s', 'DEMO2', '-O', 'fhir', '-o', join(dir, 'demo2.fhir.json'), '--multiqc', join(dir, 'mqc'), '--quiet']));
    const bundle = JSON.parse(readFileSync(join(dir, 'demo2.fhir.json'), 'utf8')) as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry[0]!.resource.resourceType).toBe('DiagnosticReport');
    const mqc = JSON.parse(readFileSync(join(dir, 'mqc', 'precis_mqc.json'), 'utf8')) as { data: Record<string, unknown> };
    expect(Object.keys(mqc.data)).toEqual(['DEMO2']);
  });

  it('takes outside calls (CYP2D6, HLA-B, MT-RNR1) as `precis pgx` does', () => {
    const oc = join(dir, 'outside.tsv');
    writeFileSync(oc, 'CYP2D6\t*1/*4\nHLA-B\t*57:01/*58:01\nMT-RNR1\t1555A>G\n');
    const r = runPrecis(['report', DEMO, '--no-annotate', '--no-risk', '--no-prs', '-s', 'DEMO1', '--outside-calls', oc, '-O', 'json', '-q']);
    ok(r);
    const rep = JSON.parse(r.stdout) as { samples: { pgx: { genes: { gene: string; diplotypes: string[]; source: string }[] }; summary: { actionableDrugs: { drug: string }[] } }[] };
    const outside = rep.samples[0]!.pgx.genes.filter((g) => g.source === 'outside').map((g) => [g.gene, g.diplotypes]);
    expect(outside).toEqual([['CYP2D6', ['*1/*4']], ['HLA-B', ['*57:01/*58:01']], ['MT-RNR1', ['1555A>G']]]);
    expect(rep.samples[0]!.summary.actionableDrugs.map((d) => d.drug)).toContain('abacavir');
    const alone = runPrecis(['pgx', DEMO, '-s', 'DEMO1', '--outside-calls', oc, '-O', 'json']);
    ok(alone);
    const genes = (JSON.parse(alone.stdout) as { samples: { genes: { gene: string; diplotypes: string[] }[] }[] }).samples[0]!.genes;
    for (const [gene, dips] of outside) expect(genes.find((g) => g.gene === gene)!.diplotypes).toEqual(dips);
  });

  it('fails cleanly on bad input', () => {
    const r = runPrecis(['report', join(REPO_ROOT, 'README.md'), '-o', join(dir, 'bad') + '/']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^precis: error: .*README\.md.*\n$/);
    const many = runPrecis(['report', DEMO, '--no-risk', '-o', join(dir, 'x.html')]);
    expect(many.status).toBe(2);
    expect(many.stderr).toMatch(/3 samples cannot go into one HTML file/);
  });
});
