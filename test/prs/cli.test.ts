import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';
import { parseTsv } from './plink2-runner.js';

const FX = 'test/fixtures/prs';
const VCF = `${FX}/small.vcf`;
const SCORE = `${FX}/small_score.txt`;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'precis-prs-cli-'));

function tsv(args: string[]): Record<string, string>[] {
  const r = runPrecis(['prs', VCF, '-w', SCORE, '--min-overlap', '0.5', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return parseTsv(r.stdout);
}

const sums = (rows: Record<string, string>[]): number[] => rows.map((r) => Number(r.SUM));

describe('precis prs (CLI, hand-computed fixture)', () => {
  it('scores additive rows: swapped, multi-allelic ALT, strand-flipped, haploid chrX, mean-imputed missing call', () => {
    const rows = tsv([]);
    expect(rows.map((r) => r.sample)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(sums(rows)).toEqual([0.125, 1.375, 2.5, 1.75]);
    expect(rows.map((r) => Number(r.DENOM))).toEqual([7, 8, 7, 8]);
    expect(rows.map((r) => Number(r.ALLELE_CT))).toEqual([7, 8, 7, 6]);
    expect(rows.map((r) => Number(r.N_IMPUTED))).toEqual([0, 0, 0, 1]);
    expect(rows[0]).toMatchObject({ score: 'SMALL1', N_VARIANTS: '4', AVG: String(0.125 / 7) });
  });

  it('--missing zero, --xchr-model 2, --dosage DS', () => {
    expect(sums(tsv(['--missing', 'zero']))).toEqual([0.125, 1.375, 2.5, 1.25]);
    expect(tsv(['--missing', 'zero'])[3]!.DENOM).toBe('6');
    const x2 = tsv(['--xchr-model', '2']);
    expect(sums(x2)).toEqual([0.25, 1.375, 2.5, 1.75]);
    expect(x2[0]!.DENOM).toBe('8');
    const ds = sums(tsv(['--dosage', 'DS']));
    expect(ds[0]).toBeCloseTo(0.175, 14);
    expect(ds[1]).toBeCloseTo(1.325, 14);
    expect(ds[2]).toBeCloseTo(2.4, 14);
    expect(ds[3]).toBeCloseTo(1.25 + (2 * 2.8) / 6 * 0.5, 14);
  });

  it('selects samples and reads stdin', () => {
    const r = runPrecis(['prs', '-', '-w', SCORE, '--min-overlap', '0.5', '-s', 'S3,S1'], { input: readFileSync(VCF) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = parseTsv(r.stdout);
    expect(rows.map((x) => [x.sample, Number(x.SUM)])).toEqual([
      ['S3', 2.5],
      ['S1', 0.125],
    ]);
  });

  it('reads a folder of scoring files (plain and gzip) and scores them in one pass', () => {
    const r = runPrecis(['prs', VCF, '-w', `${FX}/scores`]);
    expect(r.status).toBe(0);
    const rows = parseTsv(r.stdout);
    expect(rows.map((x) => `${x.sample}:${x.score}:${x.SUM}`)).toEqual([
      'S1:FOLDER_A:2',
      'S1:FOLDER_B:4',
      'S2:FOLDER_A:2',
      'S2:FOLDER_B:3',
      'S3:FOLDER_A:2',
      'S3:FOLDER_B:0',
      'S4:FOLDER_A:2',
      'S4:FOLDER_B:5',
    ]);
  });

  it('fails below --min-overlap naming the score, and writes no output file', () => {
    const dir = tmp();
    const out = join(dir, 'scores.tsv');
    const audit = join(dir, 'audit.tsv');
    const r = runPrecis(['prs', VCF, '-w', SCORE, '-o', out, '--audit', audit]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `precis: error: ${VCF}: score(s) below --min-overlap 0.75: SMALL1 (4/6 = 66.7%) (hint: check the genome build and chromosome naming, write --audit FILE to see why rows failed, or lower --min-overlap)`,
    );
    expect(existsSync(out)).toBe(false);
    // the audit says why
    const a = parseTsv(readFileSync(audit, 'utf8'));
    expect(a.map((x) => `${x.rsid}:${x.status}:${x.reason}:${x.matchType}`)).toEqual([
      'rs100:matched:ok:altref',
      'rs200:matched:ok:altref',
      'rs300:excluded:ambiguous:refalt',
      'rs400:matched:ok:refalt_flip',
      'rsX:matched:ok:altref',
      'rs999:unmatched:not_in_target:',
    ]);
    expect(a[1]).toMatchObject({ variant: 'chr1:200:C:A', targetEffectAllele: 'A', multiallelic: 'true', weightUsed: '-0.25' });
    expect(a[3]).toMatchObject({ targetEffectAllele: 'G', flipped: 'true' });
  });

  it('refuses a VCF whose records at one position are not adjacent', () => {
    const dir = tmp();
    const lines = readFileSync(VCF, 'utf8').trimEnd().split('\n');
    const body = lines.filter((l) => !l.startsWith('#'));
    const unsorted = join(dir, 'unsorted.vcf');
    writeFileSync(unsorted, `${[...lines.filter((l) => l.startsWith('#')), ...body, body[0]!.replace('\tA\tG\t', '\tA\tC\t')].join('\n')}\n`);
    const r = runPrecis(['prs', unsorted, '-w', SCORE, '--min-overlap', '0.5']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`precis: error: ${unsorted}:12: records at chr1:100 are not adjacent: the VCF is not sorted (hint: sort it first (bcftools sort -Oz -o sorted.vcf.gz in.vcf.gz))`);
  });

  it('rejects a build that contradicts the VCF', () => {
    const r = runPrecis(['prs', VCF, '-w', `${FX}/grch37_score.txt`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('score OLD has positions on GRCh37 but the VCF is GRCh38');
  });

  it('rejects bad scoring files and usage with one line and the right exit code', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'chr_name\tchr_position\teffect_allele\teffect_weight\n1\t100\tG\tzero\n');
    const r = runPrecis(['prs', VCF, '-w', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`precis: error: ${bad}:2: effect_weight "zero" is not a number (hint: weights must be decimal numbers such as 0.0123 or -1.2e-03)`);
    const u = runPrecis(['prs', VCF]);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('no scoring file');
    expect(runPrecis(['prs', VCF, '-w', SCORE, '--min-overlap', '2']).status).toBe(2);
  });

  it('JSON: metadata, match summary, research-use notice, explanations that add up to the sum', () => {
    const r = runPrecis(['prs', VCF, '-w', SCORE, '--min-overlap', '0.5', '-O', 'j', '--explain', '2']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe('1.0');
    expect(doc.researchUseOnly).toMatch(/Research use only/);
    const s = doc.scores[0];
    expect(s.meta).toMatchObject({ id: 'SMALL1', traitReported: 'Example trait', positionBuild: 'GRCh38' });
    expect(s.match).toMatchObject({ rows: 6, matched: 4, excluded: 1, unmatched: 1, byMatchType: { altref: 3, refalt_flip: 1 }, byReason: { ambiguous: 1, not_in_target: 1 } });
    for (const x of s.samples) {
      const e = { contributions: x.contributions, rest: x.contributionsRest, expectedSum: x.expectedSum };
      expect(e.contributions.length).toBe(2);
      const listed = e.contributions.reduce((a: number, c: { contribution: number }) => a + c.contribution, 0);
      expect(listed + e.rest.contribution).toBeCloseTo(x.sum, 12);
      const dev = e.contributions.reduce((a: number, c: { deviation: number }) => a + c.deviation, 0);
      expect(dev + e.rest.deviation).toBeCloseTo(x.sum - e.expectedSum, 12);
    }
    // S3: the flipped variant (REF dosage 2, weight 1) departs most from its expectation
    const s3 = s.samples[2].contributions[0];
    expect(s3).toMatchObject({ variant: 'chr1:400:G:A', rsid: 'rs400', effectAllele: 'C', weight: 1, dosage: 2, contribution: 2 });
  });

  it('builds a reference distribution with population labels and places samples against it', () => {
    const dir = tmp();
    const ref = join(dir, 'ref.json');
    const w = runPrecis(['prs', '--reference-panel', VCF, '-w', SCORE, '--min-overlap', '0.5', '--labels', `${FX}/labels.tsv`, '--label-column', 'pop', '--write-reference', ref]);
    expect(w.stderr).toBe('');
    expect(w.status).toBe(0);
    const doc = JSON.parse(readFileSync(ref, 'utf8'));
    const sref = doc.scores[0];
    expect(sref.overall.n).toBe(4);
    expect(sref.overall.mean).toBeCloseTo(1.4375, 14);
    expect(sref.overall.sd).toBeCloseTo(Math.sqrt(2.953125 / 4), 14);
    expect(sref.overall.quantiles[0]).toBe(0.125);
    expect(sref.overall.quantiles[100]).toBe(2.5);
    expect(sref.populations.AAA).toMatchObject({ n: 2, mean: 0.75, sd: 0.625 });
    const all = tsv(['--reference', ref]);
    expect(Number(all[0]!.Z)).toBeCloseTo(-1.3125 / Math.sqrt(2.953125 / 4), 12);
    expect(Number(all[0]!.PERCENTILE)).toBe(0);
    expect(Number(all[2]!.PERCENTILE)).toBe(100);
    const byPop = tsv(['--reference', ref, '--labels', `${FX}/labels.tsv`, '--label-column', 'pop']);
    expect(byPop[0]).toMatchObject({ Z: '-1', REFERENCE_POPULATION: 'AAA' });
  });
});
