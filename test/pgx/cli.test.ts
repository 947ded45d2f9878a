import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPgxData } from '../../src/pgx/index.js';
import { runPrecis } from '../helpers/cli.js';
import { referenceVcf } from './synth.js';

const data = loadPgxData();
const dir = mkdtempSync(join(tmpdir(), 'precis-pgx-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const refVcf = file('ref.vcf', referenceVcf(data.genes));

describe('precis pgx (CLI)', () => {
  it('writes a JSON document with versions, research notice and per-gene calls', () => {
    const r = runPrecis(['pgx', refVcf]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { schemaVersion: string; notice: string; data: { versions: { definitions: string } }; samples: { sample: string; genes: { gene: string; diplotypes: string[]; status: string }[]; drugs: { drug: string; matched: boolean }[] }[] };
    expect(doc.schemaVersion).toMatch(/^\d+\.\d+$/);
    expect(doc.notice).toMatch(/Research use only/);
    expect(doc.data.versions.definitions).toBe(data.manifest.definitionsVersion);
    const s = doc.samples[0]!;
    expect(s.sample).toBe('S1');
    expect(s.genes.find((g) => g.gene === 'CYP2C19')!.diplotypes).toEqual(['*38/*38']);
    expect(s.drugs.find((d) => d.drug === 'clopidogrel')!.matched).toBe(true);
  });

  it('-O tsv writes one row per sample x gene with a header', () => {
    const r = runPrecis(['pgx', refVcf, '-O', 'tsv']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rows[0]).toBe('sample\tgene\tdiplotype\tphenotype\tactivity_score\tstatus\tn_missing_positions\tcall_source\tphased\teffectively_phased');
    expect(rows).toHaveLength(1 + 19);
    expect(rows.find((l) => l.includes('\tCYP2C9\t'))).toBe('S1\tCYP2C9\t*1/*1\tNormal Metabolizer\t2.0\tunique\t0\tvcf\tno\tyes');
  });

  it('uses outside calls for CYP2D6 and HLA-B and matches multi-gene guidelines', () => {
    const oc = file('oc.tsv', 'CYP2D6\t*1/*4\nHLA-B\t*57:01/*44:02\n');
    const r = runPrecis(['pgx', refVcf, '--outside-calls', oc]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout).samples[0];
    const cyp2d6 = s.genes.find((g: { gene: string }) => g.gene === 'CYP2D6');
    expect(cyp2d6.callSource).toBe('outside');
    expect(cyp2d6.activityScore).toBe('1.0');
    const ami = s.drugs.find((d: { drug: string; source: string }) => d.drug === 'amitriptyline' && d.source === 'CPIC');
    expect(ami.matched).toBe(true);
    expect(ami.recommendations[0].lookupKey).toEqual({ CYP2D6: '1.0', CYP2C19: 'Normal Metabolizer' });
    const aba = s.drugs.find((d: { drug: string; source: string }) => d.drug === 'abacavir' && d.source === 'CPIC');
    expect(aba.recommendations[0].lookupKey).toEqual({ 'HLA-B': '*57:01 positive' });
  });

  it('rejects an outside-call file with an unknown gene, naming the line, and writes nothing', () => {
    const oc = file('bad.tsv', '# comment\nCYP2D6\t*1/*1\nFOO1\t*1/*2\n');
    const out = join(dir, 'never.json');
    const r = runPrecis(['pgx', refVcf, '--outside-calls', oc, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.tsv:3: unknown gene "FOO1"/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects conflicting outside calls and malformed lines', () => {
    const dup = runPrecis(['pgx', refVcf, '--outside-calls', file('dup.tsv', 'CYP2D6\t*1/*1\nCYP2D6\t*1/*4\n')]);
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/dup\.tsv:2: conflicting outside calls for CYP2D6/);
    const bad = runPrecis(['pgx', refVcf, '--outside-calls', file('cols.tsv', 'CYP2D6\t*1/*1\tNM\t2.0\textra\n')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/cols\.tsv:1: expected at most 4/);
    const empty = runPrecis(['pgx', refVcf, '--outside-calls', file('empty.tsv', 'CYP2D6\n')]);
    expect(empty.stderr).toMatch(/empty\.tsv:1: outside call for CYP2D6 has no diplotype/);
  });

  it('fails on a VCF without any PGx position', () => {
    const v = file('nopgx.vcf', '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\nchr1\t100\t.\tA\tG\t.\t.\t.\tGT\t0/1\n');
    const r = runPrecis(['pgx', v]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/none of the PGx definition positions/);
    expect(r.stdout).toBe('');
  });

  it('fails on a VCF without samples', () => {
    const v = file('nosamples.vcf', '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr10\t94761900\t.\tC\tT\t.\t.\t.\n');
    const r = runPrecis(['pgx', v]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no sample columns/);
  });

  it('fails on PGx records without GT', () => {
    const v = file('nogt.vcf', '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\nchr10\t94761900\t.\tC\tT\t.\t.\t.\tDS\t1\n');
    const r = runPrecis(['pgx', v]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nogt\.vcf: the 1 record\(s\) at PGx positions have no FORMAT\/GT/);
  });

  it('usage errors exit 2', () => {
    expect(runPrecis(['pgx', refVcf, '-O', 'xml']).status).toBe(2);
    expect(runPrecis(['pgx', refVcf, '--genes', 'NOPE']).status).toBe(2);
  });

  it('-s selects samples', () => {
    const two = file('two.vcf', referenceVcf(data.genes).replace('\tS1\n', '\tS1\tS2\n').replace(/\t(0\/0)\n/g, '\t$1\t0/0\n'));
    const r = runPrecis(['pgx', two, '-s', 'S2', '-O', 'tsv']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('sample'));
    expect(new Set(rows.map((l) => l.split('\t')[0]))).toEqual(new Set(['S2']));
  });
});
