import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DOT, FLAG, KnownVariantFile, MISSING } from '../../src/annotate/known-variants.js';
import { minimalAllele } from '../../src/annotate/variant-allele.js';

const dir = mkdtempSync(join(tmpdir(), 'precis-known-variants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small deterministic generator (the same cases on every run). */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

it('finds INFO values by bytes exactly as the INFO map reads them', async () => {
  const next = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const keys = ['AF', 'AF_afr', 'AC', 'R', 'FL', 'S', 'A'];
  const values = ['0.5', '0.1,0.2', '1,2,3', '', '.', '.,0.3', 'x', 'a=b', '12'];
  const lines = ['##fileformat=VCFv4.2', '##INFO=<ID=AF,Number=A,Type=Float,Description="">', '##INFO=<ID=AF_afr,Number=A,Type=Float,Description="">', '##INFO=<ID=R,Number=R,Type=Float,Description="">', '##INFO=<ID=FL,Number=0,Type=Flag,Description="">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO'];
  const sites: { pos: number; alts: string[] }[] = [];
  for (let i = 0; i < 400; i++) {
    const pos = 100 + i * 10;
    const alts = next() < 0.3 ? ['C', 'G'] : next() < 0.1 ? ['C', 'G', 'T'] : ['C'];
    const items: string[] = [];
    const n = Math.floor(next() * 5);
    for (let k = 0; k < n; k++) {
      const key = pick(keys);
      items.push(key === 'FL' || next() < 0.1 ? key : `${key}=${pick(values)}`);
    }
    lines.push(`1\t${pos}\tv${i}\tA\t${alts.join(',')}\t.\t.\t${items.length > 0 ? items.join(';') : '.'}`);
    sites.push({ pos, alts });
  }
  const file = join(dir, 'info.vcf');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const f = await KnownVariantFile.open(file);
  const infoKeys = keys.map((k) => f.infoKey(k));
  const from = new Int32Array(keys.length);
  const to = new Int32Array(keys.length);
  let compared = 0;
  for (const { pos, alts } of sites) {
    for (const alt of alts) {
      const rows = f.matchRowsSync(minimalAllele('1', pos, 'A', alt))!;
      expect(rows.length).toBe(1);
      f.rowInfoSpans(rows[0]!, infoKeys, from, to);
      const spans = keys.map((_, k) => (from[k] === MISSING ? undefined : from[k] === FLAG ? true : from[k] === DOT ? '.' : f.rowBytes(rows[0]!).toString('utf8', from[k], to[k])));
      const [allele] = f.matchSync(minimalAllele('1', pos, 'A', alt))!;
      const map = f.info(allele!);
      expect(spans, `${pos} ${alt}`).toEqual(keys.map((k) => map.get(k)));
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(500);
});

it('trims the table rows whose alleles share bases (VEP cache AAG/G) as the query side is trimmed', async () => {
  const file = join(dir, 'known.tsv');
  writeFileSync(file, ['#CHROM\tSTART\tID\tREF\tALT\tINFO', '21\t101\tesp1\tAAG\tG\tEA_AF=0.0007', '21\t201\tdash1\tAA\t-\tEA_AF=0.5', '21\t301\tmnv1\tTC\tGA\tCLIN_SIG=pathogenic', ''].join('\n'));
  const f = await KnownVariantFile.open(file);
  const id = async (pos: number, ref: string, alt: string): Promise<string[]> => ((await f.match(minimalAllele('21', pos, ref, alt))) ?? []).map((a) => a.id);
  // AA deleted at 101-102, written with its anchor at 100
  expect(await id(100, 'CAA', 'C')).toEqual(['esp1']);
  expect(await id(200, 'TAA', 'T')).toEqual(['dash1']);
  expect(await id(301, 'TC', 'GA')).toEqual(['mnv1']);
  // a different deletion at the same place matches nothing
  expect(await id(100, 'CAAG', 'C')).toEqual([]);
});
