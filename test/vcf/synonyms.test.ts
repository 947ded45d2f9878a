import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { ContigNames, contigKey, resolveContig, useContigSynonyms } from '../../src/vcf/contigs.js';
import { readContigSynonyms } from '../../src/vcf/synonyms.js';

afterEach(() => useContigSynonyms(undefined));

it('reads a VEP synonym table, plain or gzip, skipping comments, blank and one-name lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'precis-syn-'));
  const text = '# contig synonyms\nKI270721.1\tchr11_KI270721v1_random\n\nlonely\nAB 1\t2\n';
  writeFileSync(join(dir, 's.txt'), text);
  writeFileSync(join(dir, 's.txt.gz'), gzipSync(text));
  const want = [['KI270721.1', 'chr11_KI270721v1_random'], ['AB', '1', '2']];
  expect(readContigSynonyms(join(dir, 's.txt'))).toEqual(want);
  expect(readContigSynonyms(join(dir, 's.txt.gz'))).toEqual(want);
  expect(() => readContigSynonyms(join(dir, 'none.txt'))).toThrow(/no such file/);
});

it('names on one line are one contig; a name on two lines joins them; clearing restores the built-in rules', () => {
  expect(contigKey('chr11_KI270721v1_random')).not.toBe(contigKey('KI270721.1'));
  useContigSynonyms([
    ['KI270721.1', 'chr11_KI270721v1_random'],
    ['scaffold_7', 'S7'],
    ['S7', 'contig7'],
  ]);
  expect(contigKey('chr11_KI270721v1_random')).toBe(contigKey('KI270721.1'));
  expect(new Set(['scaffold_7', 'S7', 'contig7'].map(contigKey)).size).toBe(1);
  expect(resolveContig('chr11_KI270721v1_random', ['1', 'KI270721.1'])).toBe('KI270721.1');
  // the built-in aliases still hold
  expect(contigKey('chr1')).toBe(contigKey('1'));
  useContigSynonyms(undefined);
  expect(contigKey('chr11_KI270721v1_random')).not.toBe(contigKey('KI270721.1'));
});

it('ContigNames resolves every name as resolveContig does, and follows a synonym table set after it was made', () => {
  const available = ['chr1', '1', 'chrX', 'MT', 'NC_000002.12', 'KI270721.1', 'Chromosome3', 'scaffold_7'];
  const names = new ContigNames(available);
  const wanted = ['1', 'chr1', 'X', 'chrM', 'M', '2', 'chr2', 'NC_000002.11', '3', 'chromosome_3', 'chr11_KI270721v1_random', 'S7', 'nowhere', ''];
  const check = (): void => {
    for (const w of wanted) expect(names.resolve(w), w).toBe(resolveContig(w, available));
  };
  check();
  expect(names.resolve('chr11_KI270721v1_random')).toBeUndefined();
  useContigSynonyms([['KI270721.1', 'chr11_KI270721v1_random'], ['scaffold_7', 'S7']]);
  check();
  expect(names.resolve('chr11_KI270721v1_random')).toBe('KI270721.1');
  expect(names.resolve('S7')).toBe('scaffold_7');
  useContigSynonyms(undefined);
  check();
  expect(names.resolve('S7')).toBeUndefined();
});
