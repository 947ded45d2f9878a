import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrecis, runTool } from '../helpers/cli.js';
import { describeShared, describeWithTool } from '../helpers/shared.js';
import { CINECA, fixture, indexedCopy, makeTmp, PHARMCAT_100, PHARMCAT_REFERENCE, TINY1000G } from '../vcf/compare.js';

// `precis stats` counts against counts computed here, independently, from the genotypes
// `bcftools query -f '[%GT\t]\n'` prints.

interface Counts {
  n_hom_ref: number;
  n_het: number;
  n_hom_alt: number;
  n_missing: number;
  n_haploid: number;
}

/** The counting rules of `precis stats --help`, applied to bcftools' GT strings. */
function countsFromBcftools(path: string, extra: string[] = []): Counts[] {
  const samples = runTool('bcftools', ['query', '-l', ...extra, path]).trimEnd().split('\n');
  const counts = samples.map(() => ({ n_hom_ref: 0, n_het: 0, n_hom_alt: 0, n_missing: 0, n_haploid: 0 }));
  const out = runTool('bcftools', ['query', ...extra, '-f', '[%GT\t]\n', path]);
  for (const line of out.split('\n')) {
    if (line === '') continue;
    line.split('\t').forEach((gt, i) => {
      if (i >= samples.length) return;
      const c = counts[i]!;
      const alleles = gt.split(/[|/]/);
      if (alleles.length === 1) c.n_haploid++;
      const [x, y] = alleles;
      if (x === '.' || y === '.') c.n_missing++;
      else if (y === undefined || x === y) {
        if (x === '0') c.n_hom_ref++;
        else c.n_hom_alt++;
      } else c.n_het++;
    });
  }
  return counts;
}

function parseTsv(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trimEnd().split('\n');
  const cols = head!.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i]!, v])));
}

function precisCounts(args: string[]): { sample: string; counts: Counts; row: Record<string, string> }[] {
  const r = runPrecis(['stats', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return parseTsv(r.stdout).map((row) => ({
    sample: row.sample!,
    row,
    counts: { n_hom_ref: Number(row.n_hom_ref), n_het: Number(row.n_het), n_hom_alt: Number(row.n_hom_alt), n_missing: Number(row.n_missing), n_haploid: Number(row.n_haploid) },
  }));
}

function expectSameCounts(path: string, precisArgs: string[] = [], bcftoolsArgs: string[] = []): void {
  const p = precisCounts([path, ...precisArgs]);
  const b = countsFromBcftools(path, bcftoolsArgs);
  expect(p.length).toBe(b.length);
  expect(p.map((x) => x.counts)).toEqual(b);
}

/** Ti/Tv and record kinds from bcftools' REF/ALT, for the JSON report. */
function siteCountsFromBcftools(path: string): { snv: number; transitions: number; transversions: number; refOnly: number; multiallelic: number } {
  const out = runTool('bcftools', ['query', '-f', '%REF\t%ALT\n', path]);
  let snv = 0;
  let ts = 0;
  let tv = 0;
  let refOnly = 0;
  let multi = 0;
  for (const line of out.trimEnd().split('\n')) {
    const [ref, altText] = line.split('\t');
    const alts = altText === '.' ? [] : altText!.split(',').filter((a) => a !== '<*>' && a !== '<NON_REF>');
    if (alts.length === 0) refOnly++;
    if (alts.length > 1) multi++;
    for (const a of alts) {
      if (ref!.length === 1 && a.length === 1 && /^[ACGTN]$/i.test(a)) {
        snv++;
        const pair = `${ref!.toUpperCase()}${a.toUpperCase()}`;
        if (['AG', 'GA', 'CT', 'TC'].includes(pair)) ts++;
        else tv++;
      }
    }
  }
  return { snv, transitions: ts, transversions: tv, refOnly, multiallelic: multi };
}

describeWithTool('bcftools', 'precis stats vs counts from bcftools query', () => {
  describeShared('real files', () => {
    const tmp = makeTmp('precis-stats-');
    let cineca = '';
    beforeAll(() => {
      cineca = indexedCopy(CINECA, tmp.dir, 'cineca.vcf.gz');
    });
    afterAll(() => tmp.cleanup());

    it('CINECA: 2,504 samples, every count equal', () => {
      const p = precisCounts([cineca]);
      expect(p.length).toBe(2504);
      expect(p[0]!.row).not.toHaveProperty('mean_DS');
      expect(p.map((x) => x.counts)).toEqual(countsFromBcftools(cineca));
      // every call of the 829 records lands in exactly one class
      for (const { counts: c } of p) expect(c.n_hom_ref + c.n_het + c.n_hom_alt + c.n_missing).toBe(829);
    });

    it('CINECA with -r and -s ^ (subset of records and samples)', () => {
      expectSameCounts(cineca, ['-r', '22:17000000-30000000', '-s', '^HG00096_HG00096,HG00097_HG00097'], ['-r', '22:17000000-30000000', '-s', '^HG00096_HG00096,HG00097_HG00097']);
      expectSameCounts(cineca, ['-t', 'chr22:30000000-', '-s', 'NA21144_NA21144,HG00096_HG00096'], ['-t', '22:30000000-', '-s', 'NA21144_NA21144,HG00096_HG00096']);
    });

    it('tiny1000G: haploid chrX calls count by allele and in n_haploid', () => {
      const p = precisCounts([TINY1000G]);
      expect(p.length).toBe(3202);
      expect(p.map((x) => x.counts)).toEqual(countsFromBcftools(TINY1000G));
      const haploid = p.filter((x) => x.counts.n_haploid > 0);
      expect(haploid.length).toBeGreaterThan(1000);
      expect(haploid.every((x) => x.counts.n_haploid === 36)).toBe(true);
    });

    it('PharmCAT 100 samples (multi-allelic sites, missing calls) and reference.vcf', () => {
      expectSameCounts(PHARMCAT_100);
      expectSameCounts(PHARMCAT_REFERENCE);
    });

    it('stdin gives the same counts as the file', () => {
      const file = runPrecis(['stats', cineca]).stdout;
      const piped = runPrecis(['stats', '-'], { input: Buffer.from(runTool('bgzip', ['-dc', cineca])) });
      expect(piped.status).toBe(0);
      expect(piped.stdout).toBe(file);
    });

    it('-O j: record kinds and Ti/Tv equal those computed from bcftools REF/ALT', () => {
      for (const path of [cineca, PHARMCAT_100]) {
        const r = runPrecis(['stats', path, '-O', 'j']);
        expect(r.status).toBe(0);
        const doc = JSON.parse(r.stdout) as {
          schemaVersion: string;
          precisVersion: string;
          records: { total: number; refOnly: number; snv: number; multiallelic: number };
          tstv: { transitions: number; transversions: number; ratio: number | null };
          samples: { sample: string; n_het: number }[];
        };
        const expected = siteCountsFromBcftools(path);
        expect(doc.schemaVersion).toMatch(/^\d+\.\d+/);
        expect(doc.records.total).toBe(Number(runTool('sh', ['-c', `bcftools view -H '${path}' | wc -l`]).trim()));
        expect({ snv: doc.records.snv, transitions: doc.tstv.transitions, transversions: doc.tstv.transversions, refOnly: doc.records.refOnly, multiallelic: doc.records.multiallelic }).toEqual(expected);
        expect(doc.tstv.ratio).toBeCloseTo(expected.transitions / expected.transversions, 10);
        expect(doc.samples.length).toBe(runTool('bcftools', ['query', '-l', path]).trimEnd().split('\n').length);
      }
    });
  });

  describe('fixtures and generated files', () => {
    const tmp = makeTmp('precis-stats-fx-');
    afterAll(() => tmp.cleanup());

    it('gVCF, multi-allelic and left-alignment fixtures', () => {
      expectSameCounts(fixture('gvcf.vcf'));
      expectSameCounts(fixture('multiallelic.vcf'));
      const g = JSON.parse(runPrecis(['stats', fixture('gvcf.vcf'), '-O', 'j']).stdout) as { records: { refOnly: number; indel: number } };
      // <NON_REF>/<*> blocks are reference-only; the GTT>G,<NON_REF> site is one indel
      expect(g.records).toMatchObject({ refOnly: 5, indel: 1 });
    });

    it('mean_DS equals the mean of the DS values bcftools reads; missing DS and GT are skipped', () => {
      const lines = [
        '##fileformat=VCFv4.2',
        '##contig=<ID=1>',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=DS,Number=A,Type=Float,Description="Dosage">',
        '##FORMAT=<ID=GP,Number=G,Type=Float,Description="Genotype probabilities">',
        '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\tC',
      ];
      let seed = 11;
      const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      for (let i = 0; i < 300; i++) {
        const cols = ['1', String(1000 + i * 10), '.', 'A', 'G', '.', 'PASS', '.', i % 50 === 0 ? 'DS:GT' : 'GT:DS:GP'];
        for (let s = 0; s < 3; s++) {
          const x = rand() < 0.3 ? 1 : 0;
          const y = rand() < 0.3 ? 1 : 0;
          const ds = (x + y + (rand() - 0.5) * 0.3).toFixed(s === 2 ? 4 : 3);
          const gt = rand() < 0.02 ? './.' : `${x}|${y}`;
          const dsText = rand() < 0.05 ? '.' : s === 1 && i % 7 === 0 ? `${Number(ds) * 1000}e-3` : ds;
          cols.push(i % 50 === 0 ? `${dsText}:${gt}` : i % 13 === 0 ? gt : `${gt}:${dsText}:0.1,0.8,0.1`);
        }
        lines.push(cols.join('\t'));
      }
      const path = join(tmp.dir, 'ds.vcf');
      writeFileSync(path, `${lines.join('\n')}\n`);
      const p = precisCounts([path]);
      expect(p.map((x) => x.counts)).toEqual(countsFromBcftools(path));
      const ds = runTool('bcftools', ['query', '-f', '[%DS\t]\n', path])
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t'));
      p.forEach((x, i) => {
        const values = ds.map((row) => row[i]!).filter((v) => v !== '.' && v !== '').map(Number);
        expect(values.length).toBeGreaterThan(200);
        expect(Number(x.row.mean_DS)).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 5);
      });
    });
  });
});
