import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM generator shared with the benchmark
import { writeCohortVcf } from '../../bench/pgx/gen-cohort.mjs';
import { loadPgxData, renderPgxJson, runPgx, type PgxResult } from '../../src/pgx/index.js';
import { describeWithTool } from '../helpers/shared.js';
import { runTool } from '../helpers/cli.js';

const data = loadPgxData();
const dir = mkdtempSync(join(tmpdir(), 'precis-pgx-cohort-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const N = 120;
const vcf = join(dir, 'cohort.vcf');
(writeCohortVcf as (n: number, out: string, o: object) => number)(N, vcf, { seed: 7, phased: false, missing: 0.003 });

const summary = (r: PgxResult, s: number) => r.samples[s]!.genes.map((g) => [g.gene, g.diplotypes, g.haplotypes ?? null, g.phenotypes, g.activityScore, g.status, g.missingPositions]);

describe('pgx multi-sample', () => {
  it(`a ${N}-sample unphased cohort gives the same calls as each sample alone`, async () => {
    const cohort = await runPgx(vcf, data, {});
    expect(cohort.samples).toHaveLength(N);
    const statuses = new Set(cohort.samples.flatMap((s) => s.genes.map((g) => g.status)));
    expect(statuses.has('unique')).toBe(true);
    expect(statuses.has('partial')).toBe(true);
    // the compact cohort serialiser writes the same document as JSON.stringify
    expect(JSON.parse(renderPgxJson(cohort)).samples).toEqual(JSON.parse(JSON.stringify(cohort.samples)));
    for (let s = 0; s < N; s += 7) {
      const name = cohort.samples[s]!.sample;
      const alone = await runPgx(vcf, data, { samples: { list: name } });
      expect(alone.samples[0]!.sample).toBe(name);
      expect(summary(alone, 0)).toEqual(summary(cohort, s));
      expect(alone.samples[0]!.drugs).toEqual(cohort.samples[s]!.drugs);
    }
  });
});

describeWithTool('tabix', 'pgx indexed input', () => {
  it('BGZF + .tbi input is read by gene region with the same calls as streaming', async () => {
    const gz = `${vcf}.gz`;
    runTool('sh', ['-c', `bgzip -c ${vcf} > ${gz} && tabix -p vcf ${gz}`]);
    const indexed = await runPgx(gz, data, { recommendations: false });
    const streamed = await runPgx(gz, data, { recommendations: false, useIndex: false });
    expect(indexed.records.read).toBeLessThanOrEqual(streamed.records.read);
    for (let s = 0; s < N; s += 11) expect(summary(indexed, s)).toEqual(summary(streamed, s));
  });
});
