import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrsOptions, PrsStageResult } from '../../src/prs/stage.js';
import { scoreVcf } from '../helpers/prs.js';
import { makeTmp } from '../vcf/compare.js';

// The scorer decodes plain diploid 0/1 records straight into kernel slots and decides
// plain positions without match objects. Those shortcuts must give exactly what the
// general path (scanned genotypes, matchPosition) gives: the general path is forced
// here by an explicit sample selection (no slot decoding) and by --audit (no fast
// decisions), on a cohort mixing every kind of record and row.

let seed = 2024;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const N = 37;
const BASES = ['A', 'C', 'G', 'T'] as const;
const COMPLEMENT: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A' };

function cohort(): { vcf: string; rows: string[] } {
  const head = [
    '##fileformat=VCFv4.2',
    '##contig=<ID=1>',
    '##contig=<ID=X>',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=DS,Number=A,Type=Float,Description="Dosage">',
    `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${Array.from({ length: N }, (_, i) => `S${i}`).join('\t')}`,
  ];
  const lines: string[] = [];
  const rows: string[] = [];
  for (const chrom of ['1', 'X']) {
    for (let v = 0; v < 300; v++) {
      const pos = 1000 + v * 10;
      const kind = rand();
      const ref = pick(BASES);
      let alt = pick(BASES.filter((b) => b !== ref));
      if (kind < 0.08) alt = COMPLEMENT[ref]!; // strand-ambiguous
      const alts = kind > 0.92 ? [alt, pick(BASES.filter((b) => b !== ref && b !== alt))] : [alt];
      const missing = kind > 0.6 && kind < 0.7;
      const haploid = chrom === 'X' && kind > 0.5 && kind < 0.6;
      const withDs = kind > 0.85 && kind < 0.9;
      const calls = Array.from({ length: N }, (_, i) => {
        const a = (): string => String(Math.floor(rand() * (alts.length + 1)));
        if (missing && rand() < 0.2) return withDs ? './.:.' : './.';
        if (haploid && i % 2 === 0) return a();
        const gt = `${a()}${rand() < 0.5 ? '/' : '|'}${a()}`;
        return withDs ? `${gt}:${(Number(gt[0]) + Number(gt[2])).toFixed(1)}` : gt;
      });
      lines.push([chrom, pos, '.', ref, alts.join(','), '.', '.', '.', withDs ? 'GT:DS' : 'GT', ...calls].join('\t'));
      // a second record at the same position now and then (a split multi-allelic site)
      if (kind > 0.45 && kind < 0.48) {
        const alt2 = pick(BASES.filter((b) => b !== ref && !alts.includes(b)));
        lines.push([chrom, pos, '.', ref, alt2, '.', '.', '.', 'GT', ...Array.from({ length: N }, () => pick(['0/0', '0/1', '1/1']))].join('\t'));
      }
      for (let s = 0; s < 3; s++) {
        if (rand() < 0.3) continue;
        const w = ((rand() - 0.5) * 0.2).toPrecision(6);
        const r = rand();
        let ea = alt;
        let oa: string = ref;
        if (r < 0.4) [ea, oa] = [ref, alt];
        else if (r < 0.5) [ea, oa] = [COMPLEMENT[alt]!, COMPLEMENT[ref]!];
        else if (r < 0.55) oa = '';
        const type = rand() < 0.1 ? 'dominant' : rand() < 0.05 ? 'recessive' : 'additive';
        rows.push(`${s}\t${chrom}\t${pos}\t${ea}\t${oa}\t${w}\t${type}`);
        // a duplicated row now and then
        if (rand() < 0.03) rows.push(`${s}\t${chrom}\t${pos}\t${ea}\t${oa}\t${w}\t${type}`);
      }
    }
  }
  return { vcf: `${head.join('\n')}\n${lines.join('\n')}\n`, rows };
}

describe('PRS fast paths', () => {
  const tmp = makeTmp('precis-prs-fast-');
  afterAll(() => tmp.cleanup());

  it('give exactly the general path results on a cohort of every kind of record and row', async () => {
    const { vcf, rows } = cohort();
    const path = join(tmp.dir, 'mixed.vcf');
    writeFileSync(path, vcf);
    const text = ['accession\tchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\teffect_type', ...rows.map((r) => `score${r}`)].join('\n');
    const run = (extra: Partial<PrsOptions>): Promise<PrsStageResult> => scoreVcf(path, text, extra, 'mixed.txt');
    const names = Array.from({ length: N }, (_, i) => `S${i}`);
    const fast = await run({});
    const general = await run({ audit: true, samples: { names, select: Int32Array.from({ length: N }, (_, i) => i) } });
    expect(fast.scores).toHaveLength(3);
    for (let s = 0; s < 3; s++) {
      const a = fast.scores[s]!;
      const b = general.scores[s]!;
      expect(a.match).toEqual(b.match);
      expect(a.variantsUsed).toBe(b.variantsUsed);
      expect(a.samples).toEqual(b.samples);
      // the cohort exercises what it is meant to
      expect(a.match.byMatchType.refalt).toBeGreaterThan(20);
      expect(a.match.byMatchType.altref).toBeGreaterThan(20);
      expect(a.match.excluded).toBeGreaterThan(0);
      expect(a.samples.some((x) => x.nImputed > 0)).toBe(true);
    }
    for (const missing of ['zero', 'mean'] as const) {
      for (const xchrModel of ['genotype', '2'] as const) {
        const f = await run({ missing, xchrModel, dosage: 'DS' });
        const g = await run({ missing, xchrModel, dosage: 'DS', audit: true, samples: { names, select: Int32Array.from({ length: N }, (_, i) => i) } });
        expect(f.scores.map((x) => x.samples)).toEqual(g.scores.map((x) => x.samples));
      }
    }
  });
});
