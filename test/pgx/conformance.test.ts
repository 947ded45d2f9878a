import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadPgxData, runPgx } from '../../src/pgx/index.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

interface Entry {
  vcf: string;
  gene: string;
  expected: string[];
  topCandidateOnly: boolean;
  findCombinations: boolean;
  method: string;
}

describeShared('pgx conformance (PharmCAT test VCFs)', () => {
  const base = sharedPath('pgx-reference', 'conformance');
  const entries = (JSON.parse(readFileSync(`${base}/expected.json`, 'utf8')) as { entries: Entry[] }).entries;
  const data = loadPgxData();

  it.each(entries.map((e, i) => [`${i} ${e.gene} ${e.method}${e.topCandidateOnly ? ' (top)' : ' (all)'}`, e] as const))('%s', async (_n, e) => {
    const r = await runPgx(`${base}/${e.vcf}`, data, { allMatches: !e.topCandidateOnly, combinations: e.findCombinations, genes: [e.gene], recommendations: false });
    const g = r.samples[0]!.genes.find((x) => x.gene === e.gene)!;
    expect(g.diplotypes).toEqual(e.expected);
    expect(g.called).toBe(e.expected.length > 0);
  });

  it('reference.vcf (all positions 0/0) calls CYP2C19 *38/*38 and the reference allele of every gene', async () => {
    const r = await runPgx(`${base}/extra/reference.vcf`, data, {});
    const genes = r.samples[0]!.genes;
    expect(genes.find((g) => g.gene === 'CYP2C19')!.diplotypes).toEqual(['*38/*38']);
    for (const g of genes) {
      const refName = data.genes.find((d) => d.gene === g.gene)!.alleles.find((a) => a.reference)!.name;
      expect(g.diplotypes, g.gene).toEqual([`${refName}/${refName}`]);
      expect(g.status, g.gene).toBe('unique');
    }
  });

  it('missing CYP2C19 positions: one top call, more than 50 candidates with --all-matches', async () => {
    const vcf = `${base}/extra/PharmCATTest-cyp2c19MissingPositions.vcf`;
    const top = await runPgx(vcf, data, { genes: ['CYP2C19'] });
    const g = top.samples[0]!.genes[0]!;
    expect(g.diplotypes).toHaveLength(1);
    expect(g.missingPositions.length).toBeGreaterThan(0);
    expect(g.status).toBe('partial');
    expect(g.explanation.missing.some((m) => m.couldChangeCall === true)).toBe(true);
    const all = await runPgx(vcf, data, { genes: ['CYP2C19'], allMatches: true });
    expect(all.samples[0]!.genes[0]!.diplotypes.length).toBeGreaterThan(50);
  });

  it('multi-sample BGZF input through the index gives the same calls as streaming', async () => {
    const vcf = `${base}/extra/multisample.vcf.bgz`;
    const a = await runPgx(vcf, data, { useIndex: true, recommendations: false });
    const b = await runPgx(vcf, data, { useIndex: false, recommendations: false });
    expect(a.samples.map((s) => s.genes.map((g) => g.diplotypes))).toEqual(b.samples.map((s) => s.genes.map((g) => g.diplotypes)));
    expect(a.samples.length).toBe(2);
  });
});
