import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FastaReader } from '../../src/vcf/index.js';
import { makeTmp } from './compare.js';

describe('FastaReader', () => {
  const tmp = makeTmp('precis-fasta-');
  afterAll(() => tmp.cleanup());
  const write = (name: string, text: string): string => {
    const p = join(tmp.dir, name);
    writeFileSync(p, text);
    return p;
  };

  // two contigs, 60 bases a line, CRLF line ends, lower case (soft-masked) runs
  let seed = 3;
  const bases = (n: number): string =>
    Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return 'ACGTacgtN'[seed % 9]!;
    }).join('');
  const chr1 = bases(150_000);
  const chr2 = bases(777);
  const wrap = (s: string): string => s.replace(/(.{60})/g, '$1\r\n').replace(/\r\n$/, '') + '\r\n';
  const fasta = `>chr1 test\r\n${wrap(chr1)}>2\r\n${wrap(chr2)}`;

  it('reads any span upper-cased, across 64 kb windows, with or without a .fai, through chr aliases', async () => {
    const plain = write('ref.fa', fasta);
    const indexed = write('indexed.fa', fasta);
    const offset2 = fasta.indexOf('>2\r\n') + 4;
    write('indexed.fa.fai', `chr1\t${chr1.length}\t${'>chr1 test\r\n'.length}\t60\t62\n2\t${chr2.length}\t${offset2}\t60\t62\n`);
    for (const path of [plain, indexed]) {
      const fa = await FastaReader.open(path);
      for (const [s, e] of [[1, 10], [65530, 65545], [60, 61], [131000, 131100], [149990, 150000], [149995, 150010]] as const) {
        expect(await fa.fetch('1', s, e)).toBe(chr1.slice(s - 1, e).toUpperCase());
      }
      expect(await fa.fetch('chr2', 700, 800)).toBe(chr2.slice(699).toUpperCase());
    }
  });

  it('a stray byte past ASCII stays one position wide: the bases after it keep their coordinates', async () => {
    // 0xDF is ß in latin1, which a Unicode upper-casing would turn into SS
    const seq = Buffer.concat([Buffer.from('>s\nacgt'), Buffer.from([0xdf]), Buffer.from('tgca\nAC\n')]);
    const p = join(tmp.dir, 'stray.fa');
    writeFileSync(p, seq);
    const fa = await FastaReader.open(p);
    expect(fa.contigLength('s')).toBe(11);
    expect(await fa.fetch('s', 6, 11)).toBe('TGCAAC');
    expect(await fa.fetch('s', 1, 4)).toBe('ACGT');
  });

  it('refuses an empty FASTA, an empty index and a file shorter than its index', async () => {
    await expect(FastaReader.open(write('empty.fa', ''))).rejects.toMatchObject({ code: 'BAD_FASTA', message: expect.stringMatching(/no sequences/) });
    const p = write('noseq.fa', fasta);
    write('noseq.fa.fai', '');
    await expect(FastaReader.open(p)).rejects.toMatchObject({ code: 'BAD_FASTA', message: expect.stringMatching(/lists no sequences/) });
    const cut = write('cut.fa', fasta.slice(0, 5000));
    write('cut.fa.fai', `chr1\t${chr1.length}\t${'>chr1 test\r\n'.length}\t60\t62\n`);
    await expect(FastaReader.open(cut)).rejects.toMatchObject({ code: 'BAD_FASTA', message: expect.stringMatching(/truncated or the index is stale/) });
  });
});
