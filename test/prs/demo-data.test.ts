import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { parseTsv } from './plink2-runner.js';

const CALC = 'prs-reference/pygscatalog/pgscatalog.utils/packages/pgscatalog.calc/tests';
const SCORE = 'data/prs/PGS001229_GRCh38_tiny1000G.txt';
const REF = 'data/prs/PGS001229_GRCh38_tiny1000G.reference.json';

describeShared('shipped demo score and reference (data/prs)', () => {
  it('places the panel it was built from at Z mean 0, SD 1, overall and per super-population', () => {
    const psam = sharedPath(CALC, 'legacy/data/ref.psam');
    const r = runPrecis(['prs', sharedPath(CALC, 'data/vcf/tiny1000G.vcf.gz'), '-w', SCORE, '--reference', REF, '--labels', psam, '-q']);
    expect(r.status).toBe(0);
    const rows = parseTsv(r.stdout);
    expect(rows).toHaveLength(3202);
    const ref = JSON.parse(readFileSync(REF, 'utf8'));
    expect(Number(rows[0]!.N_VARIANTS)).toBe(ref.scores[0].variantsUsed);
    const byPop = new Map<string, number[]>();
    for (const row of rows) {
      const z = Number(row.Z);
      const pop = row.REFERENCE_POPULATION!;
      if (!byPop.has(pop)) byPop.set(pop, []);
      byPop.get(pop)!.push(z);
      expect(Number(row.PERCENTILE)).toBeGreaterThanOrEqual(0);
      expect(Number(row.PERCENTILE)).toBeLessThanOrEqual(100);
    }
    expect([...byPop.keys()].sort()).toEqual(['AFR', 'AMR', 'EAS', 'EUR', 'SAS']);
    for (const zs of byPop.values()) {
      const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
      const sd = Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / zs.length);
      expect(Math.abs(mean)).toBeLessThan(1e-9);
      expect(sd).toBeCloseTo(1, 9);
    }
  });

  it('keeps only rows at panel sites, with the PGS Catalog metadata of PGS001229', () => {
    const text = readFileSync(SCORE, 'utf8');
    expect(text).toContain('#pgs_id=PGS001229');
    expect(text).toContain('#citation=Tanigawa Y et al.');
    expect(text).toContain('#genome_build=GRCh38');
    const rows = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(rows[0]).toBe('chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight');
    expect(rows.length - 1).toBe(986);
  });
});
