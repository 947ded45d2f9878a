import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnnotateStage, loadResources, renderNotableTsv, type AnnotateResult } from '../../src/annotate/index.js';
import { openVcf, runStages } from '../../src/vcf/index.js';
import { runPrecis } from '../helpers/cli.js';

// parsed --gff models are cached; keep that cache out of the home directory
process.env.PRECIS_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'precis-annotate-cache-'));

// Runs on a fresh clone: only the embedded bundle (data/annotate) and a fixture.
const DEMO = join(import.meta.dirname, '..', 'fixtures', 'annotate', 'demo.vcf');

describe('the embedded GRCh38 bundle on the demo VCF', () => {
  it('the annotate stage (as report drives it) keeps notable alleles and counts', async () => {
    const res = await loadResources({ bundle: true });
    const reader = await openVcf(DEMO);
    const [result] = (await runStages(reader, [createAnnotateStage({ ...res.annotator, provenance: res.provenance })])) as [AnnotateResult];
    reader.close();
    expect(result.summary.records).toBe(7);
    expect(result.summary.alleles).toBe(8);
    expect(result.summary.byClinVar).toEqual({ pathogenic: 3 });
    expect(result.researchUseOnly).toBe(true);
    expect(result.provenance.genomeBuild).toBe('GRCh38');
    const isg15 = result.notable.find((a) => a.pos === 1014143)!;
    expect(isg15.clinvar).toEqual({
      significance: 'Pathogenic',
      class: 'pathogenic',
      reviewStatus: 'no_assertion_criteria_provided',
      condition: 'Immunodeficiency_38_with_basal_ganglia_calcification|IMMUNODEFICIENCY_38_WITH_BASAL_GANGLIA_CALCIFICATION',
      id: '183381',
    });
    // chr1 has no gene models in the bundle
    expect(isg15.mostSevere).toBe('intergenic_variant');
    const app = result.notable.filter((a) => a.pos === 25891784);
    expect(app.map((a) => a.alt)).toEqual(['T', 'G']);
    for (const a of app) {
      expect(a.clinvar?.significance).toBe('not_provided,pathogenic');
      expect(a.consequences.some((c) => c.gene === 'APP')).toBe(true);
    }
    const tsv = renderNotableTsv(result).trim().split('\n');
    expect(tsv[0]!.split('\t').slice(0, 6)).toEqual(['chrom', 'pos', 'id', 'ref', 'alt', 'most_severe']);
    expect(tsv).toHaveLength(4);
  });

  it('`precis annotate demo.vcf` needs no flags', () => {
    const r = runPrecis(['annotate', DEMO, '-O', 'j']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pos: number; alt: string; frequencies: { populations: Record<string, number> } | null });
    expect(rows).toHaveLength(8);
    const first = rows.find((x) => x.pos === 25585733)!;
    expect(first.frequencies?.populations.AFR_AF).toBe(0.003);
    expect(first.frequencies?.populations.ExAC_AFR_AF).toBe(0.004681);
  });

  it('damaged gene models, odd alleles and unknown contigs: warned or annotated, never a crash', () => {
    const vcf = [
      '##fileformat=VCFv4.2',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
      `chrZ\t999\t.\tA${'C'.repeat(5000)}\tA\t.\t.\t.`,
      'chrZ\t1150\t.\tA\t*,<DEL>,<DUP>,C\t.\t.\tEND=1160',
      'chrQ\t5\t.\tA\tG\t.\t.\t.',
    ].join('\n');
    const r = runPrecis(['annotate', '-', '--no-bundle', '-g', join(import.meta.dirname, '..', 'fixtures', 'annotate', 'broken.gff3'), '-O', 'j'], { input: Buffer.from(`${vcf}\n`) }); // (runPrecis needs a Buffer: string input + encoding 'buffer' throws)
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/gene models: 2 missing parent\(s\), 1 CDS without phase/);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pos: number; alt: string; mostSevere: string });
    expect(rows.map((x) => [x.pos, x.alt, x.mostSevere])).toEqual([
      [999, 'A', 'transcript_ablation'],
      [1150, '*', 'sequence_variant'],
      [1150, '<DEL>', 'feature_truncation'],
      [1150, '<DUP>', 'feature_elongation'],
      [1150, 'C', 'coding_sequence_variant'],
      [5, 'G', 'intergenic_variant'],
    ]);
  });
});
