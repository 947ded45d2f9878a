import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPrecis, runTool } from '../helpers/cli.js';
import { describeShared, describeWithTool, sharedPath } from '../helpers/shared.js';
import { parseTsv, plink2Score, plinkClose } from './plink2-runner.js';

const EX = 'prs-reference/pgsc_calc/assets/examples';
const CALC = 'prs-reference/pygscatalog/pgscatalog.utils/packages/pgscatalog.calc/tests';
const cineca = (): string => sharedPath(EX, 'target_genomes/cineca_synthetic_subset.vcf.gz');
const scorefile = (n: string): string => sharedPath(EX, 'scorefiles', n);
const tiny = (): string => sharedPath(CALC, 'data/vcf/tiny1000G.vcf.gz');
const pgs1229grch38 = (): string => sharedPath(CALC, 'data/structured/PGS001229_hmPOS_GRCh38.txt.gz');

interface Scored {
  rows: Record<string, string>[];
  audit: Record<string, string>[];
}

function precis(vcf: string, scores: string[], args: string[] = []): Scored {
  const dir = mkdtempSync(join(tmpdir(), 'precis-prs-'));
  const audit = join(dir, 'audit.tsv');
  const r = runPrecis(['prs', vcf, '-w', ...scores, '--audit', audit, '-q', ...args]);
  if (r.status !== 0) throw new Error(`precis prs failed (${r.status}): ${r.stderr}`);
  return { rows: parseTsv(r.stdout), audit: parseTsv(readFileSync(audit, 'utf8')) };
}

/** Compares every sample x score of precis with plink2 on the same matched variants; returns the number compared. */
function expectEqualToPlink(vcf: string, s: Scored, options: Parameters<typeof plink2Score>[2] = {}, compareDenom = true): number {
  const plink = plink2Score(vcf, s.audit, options);
  let n = 0;
  const bad: string[] = [];
  for (const row of s.rows) {
    const p = plink.bySample.get(row.sample!)?.get(row.score!);
    expect(p, `${row.sample} ${row.score} scored by plink2`).toBeDefined();
    if (!plinkClose(Number(row.SUM), p!)) bad.push(`${row.sample}/${row.score}: precis ${row.SUM} plink2 ${p!.sum}`);
    if (compareDenom) {
      expect(Number(row.DENOM)).toBe(p!.denom);
      expect(Number(row.ALLELE_CT)).toBe(p!.alleleCt);
    }
    n++;
  }
  expect(bad.slice(0, 5)).toEqual([]);
  return n;
}

describeShared('prs: equal to plink2 --score on the same matched variants', () => {
  describeWithTool('plink2', 'plink2 conformance', () => {
    describe('CINECA chr22 x PGS001229_22', () => {
      let mean: Scored;
      beforeAll(() => {
        mean = precis(cineca(), [scorefile('PGS001229_22.txt')]);
      });

      it('matches the variants pgsc_calc matches: 782 (566 swapped, 216 exact), 47 ambiguous excluded, 6 unmatched', () => {
        const count = (f: (r: Record<string, string>) => boolean): number => mean.audit.filter(f).length;
        expect(mean.audit).toHaveLength(835);
        expect(count((r) => r.status === 'matched')).toBe(782);
        expect(count((r) => r.status === 'matched' && r.matchType === 'altref')).toBe(566);
        expect(count((r) => r.status === 'matched' && r.matchType === 'refalt')).toBe(216);
        expect(count((r) => r.status === 'excluded' && r.reason === 'ambiguous')).toBe(47);
        expect(count((r) => r.status === 'unmatched')).toBe(6);
        // the same IDs pgsc_calc gave plink2 (its list-variants output)
        const vars = readFileSync(sharedPath(CALC, 'legacy/data/aggregate/cineca_22_additive_0.sscore.vars'), 'utf8').trim().split('\n').sort();
        expect(mean.audit.filter((r) => r.status === 'matched').map((r) => r.variant).sort()).toEqual(vars);
      });

      it('gives plink2 SUM/DENOM/ALLELE_CT for all 2,504 samples with mean imputation', () => {
        expect(mean.rows.filter((r) => Number(r.N_IMPUTED) > 0).length).toBeGreaterThan(0);
        expect(expectEqualToPlink(cineca(), mean)).toBe(2504);
      });

      it('gives plink2 values with no-mean-imputation (--missing zero)', () => {
        const zero = precis(cineca(), [scorefile('PGS001229_22.txt')], ['--missing', 'zero']);
        expect(expectEqualToPlink(cineca(), zero, { noMeanImputation: true })).toBe(2504);
        const imputed = zero.rows.find((r) => Number(r.N_IMPUTED) > 0)!;
        expect(Number(imputed.DENOM)).toBeLessThan(1564);
      });

      it('handles dominant and recessive rows as plink2 dominant/recessive runs do', () => {
        const s = precis(cineca(), [scorefile('scorefile_dominant_and_recessive.txt')]);
        const types = new Set(s.audit.filter((r) => r.status === 'matched').map((r) => r.effectType));
        expect([...types].sort()).toEqual(['additive', 'dominant', 'recessive']);
        expect(expectEqualToPlink(cineca(), s)).toBe(2504);
        const z = precis(cineca(), [scorefile('scorefile_dominant_and_recessive.txt')], ['--missing', 'zero']);
        expect(expectEqualToPlink(cineca(), z, { noMeanImputation: true })).toBe(2504);
      });

      it('scores several scores in one pass (plink2 layout with two weight columns; two files with opposite effect alleles)', () => {
        const multi = precis(cineca(), [scorefile('multiscore.txt')], ['--keep-ambiguous']);
        expect(new Set(multi.rows.map((r) => r.score))).toEqual(new Set(['PGS001229_22', 'second_score']));
        // plink2 shares one DENOM across a file's score columns (0-filled weights); precis keeps DENOM per score
        expect(expectEqualToPlink(cineca(), multi, {}, false)).toBe(2 * 2504);
        const two = precis(cineca(), [scorefile('PGS001229_22.txt'), scorefile('PGS001229_22_duplicate.txt')]);
        expect(expectEqualToPlink(cineca(), two, {}, false)).toBe(2 * 2504);
        const dup = two.rows.find((r) => r.score === 'duplicatetest')!;
        expect(Number(dup.DENOM)).toBe(16);
      });

      describeWithTool('zstd', "pgsc_calc's stored outputs", () => {
        it("equals pgsc_calc's plink2 .sscore (PGS001229 and duplicatetest, SUM to its 6 digits, DENOM)", () => {
          const two = precis(cineca(), [scorefile('PGS001229_22.txt'), scorefile('PGS001229_22_duplicate.txt')]);
          const dir = sharedPath(CALC, 'legacy/data/aggregate');
          const f0 = parseTsv(runTool('zstd', ['-dc', join(dir, 'cineca_22_additive_0.sscore.zst')]));
          const f1 = parseTsv(runTool('zstd', ['-dc', join(dir, 'cineca_22_additive_1.sscore.zst')]));
          const dup1 = new Map(f1.map((r) => [r.IID!, Number(r.duplicatetest_SUM)]));
          const got = new Map(two.rows.map((r) => [`${r.sample!.split('_')[0]}\t${r.score}`, r]));
          expect(f0).toHaveLength(2504);
          for (const r of f0) {
            const a = got.get(`${r.IID}\tPGS001229`)!;
            expect(Number(a.SUM)).toBeCloseTo(Number(r.PGS001229_SUM), 5);
            expect(Number(Number(a.SUM).toPrecision(6))).toBe(Number(r.PGS001229_SUM));
            expect(Number(a.DENOM)).toBe(Number(r.DENOM));
            const d = got.get(`${r.IID}\tduplicatetest`)!;
            expect(Math.abs(Number(d.SUM) - (Number(r.duplicatetest_SUM) + dup1.get(r.IID!)!))).toBeLessThan(1e-6);
          }
        });
      });
    });

    describe('tiny1000G GRCh38 (3,202 samples) x PGS001229 harmonised', () => {
      let missingVcf: string;
      beforeAll(() => {
        // the ~30%-missing BGEN copy, as a VCF written by plink2 itself
        const dir = mkdtempSync(join(tmpdir(), 'precis-prs-miss-'));
        const b = sharedPath(CALC, 'data/bgen/unphased/missing');
        runTool('plink2', ['--bgen', join(b, 'missing.bgen'), 'ref-first', '--sample', join(b, 'missing.sample'), '--export', 'vcf', 'bgz', '--threads', '1', '--out', join(dir, 'missing')]);
        missingVcf = join(dir, 'missing.vcf.gz');
      });

      it('equals plink2 with ~30% missing calls, mean-imputed and not', () => {
        const mean = precis(missingVcf, [pgs1229grch38()], ['--min-overlap', '0']);
        expect(mean.audit.filter((r) => r.status === 'matched').length).toBeGreaterThan(850);
        expect(Number(mean.rows[0]!.N_IMPUTED)).toBeGreaterThan(100);
        expect(expectEqualToPlink(missingVcf, mean)).toBe(3202);
        const zero = precis(missingVcf, [pgs1229grch38()], ['--min-overlap', '0', '--missing', 'zero']);
        expect(expectEqualToPlink(missingVcf, zero, { noMeanImputation: true })).toBe(3202);
      });

      it('chrX --xchr-model 2 equals plink2 default (haploid call = homozygous diploid)', () => {
        const s = precis(tiny(), [pgs1229grch38()], ['--min-overlap', '0', '--xchr-model', '2', '-t', 'X']);
        expect(s.audit.filter((r) => r.status === 'matched').length).toBeGreaterThan(20);
        expect(expectEqualToPlink(tiny(), s, { extra: ['--chr', 'X'] })).toBe(3202);
      });

      it('chrX ploidy from the genotype equals plink2 --xchr-model 1 with male sex set', () => {
        const s = precis(tiny(), [pgs1229grch38()], ['--min-overlap', '0', '-t', 'X']);
        // males: haploid calls count one allele each
        const male = s.rows.find((r) => r.sample === 'HG00096')!;
        const female = s.rows.find((r) => r.sample === 'HG00097')!;
        expect(Number(male.DENOM) * 2).toBe(Number(female.DENOM));
        const dir = mkdtempSync(join(tmpdir(), 'precis-prs-sex-'));
        const psam = readFileSync(sharedPath(CALC, 'legacy/data/ref.psam'), 'utf8').trim().split('\n').slice(1);
        writeFileSync(join(dir, 'sex.txt'), `#IID\tSEX\n${psam.map((l) => l.split('\t')).map((f) => `${f[0]}\t${f[3]}`).join('\n')}\n`);
        expect(expectEqualToPlink(tiny(), s, { extra: ['--chr', 'X', '--xchr-model', '1', '--update-sex', join(dir, 'sex.txt')] })).toBe(3202);
      });

      it('whole genome (all chromosomes, no missing calls) equals plink2', () => {
        const s = precis(tiny(), [pgs1229grch38()], ['--min-overlap', '0', '--xchr-model', '2']);
        expect(expectEqualToPlink(tiny(), s)).toBe(3202);
      });
    });
  });
});
