import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BGZF_EOF, compressBlock } from '../../src/vcf/bgzf.js';
import { indexBgzfFasta, indexPlainFasta } from '../../src/vcf/fasta-index.js';
import { FastaReader } from '../../src/vcf/index.js';
import { runTool } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/shared.js';
import { makeTmp } from './compare.js';

const tmp = makeTmp('precis-fasta-index-');
afterAll(() => tmp.cleanup());
const write = (name: string, data: string | Buffer): string => {
  const p = join(tmp.dir, name);
  writeFileSync(p, data);
  return p;
};

let seed = 11;
const bases = (n: number): string =>
  Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return 'ACGTacgtN'[seed % 9]!;
  }).join('');
const wrap = (s: string, w: number, eol = '\n'): string => (s.match(new RegExp(`.{1,${w}}`, 'g')) ?? []).join(eol) + eol;

/** BGZF of `text` in blocks of `size` input bytes (bgzip uses 0xff00), with the EOF block. */
function bgzf(text: string, size = 0xff00): Buffer {
  const b = Buffer.from(text, 'latin1');
  const blocks: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) blocks.push(compressBlock(b.subarray(i, i + size)));
  return Buffer.concat([...blocks, BGZF_EOF]);
}

const chr1 = bases(200_000);
const chr2 = bases(1_234);
const SPANS = [[1, 10], [65_530, 65_545], [70, 71], [131_000, 131_100], [199_990, 200_000], [150_000, 150_700]] as const;

async function expectSame(path: string): Promise<void> {
  const fa = await FastaReader.open(path);
  for (const [s, e] of SPANS) expect(await fa.fetch('1', s, e), `${path} ${s}-${e}`).toBe(chr1.slice(s - 1, e).toUpperCase());
  expect(await fa.fetch('chr2', 1_200, 1_300)).toBe(chr2.slice(1_199).toUpperCase());
  expect(fa.contigLength('1')).toBe(chr1.length);
}

describe('FASTA indexed in memory (no .fai)', () => {
  it('reads the same bases from plain, CRLF, unwrapped and unterminated files, and from BGZF in blocks of any size', async () => {
    const texts = [
      `>1 first\n${wrap(chr1, 60)}>2\n${wrap(chr2, 60)}`,
      `>1\r\n${wrap(chr1, 80, '\r\n')}>2\r\n${wrap(chr2, 80, '\r\n')}`,
      `>1\n${chr1}\n>2\n${chr2}`,
      // blank lines after a sequence's last line are harmless
      `>1\n${wrap(chr1, 61)}\n\n>2\n${wrap(chr2, 61)}\n`,
    ];
    for (const [i, t] of texts.entries()) {
      await expectSame(write(`plain${i}.fa`, t));
      await expectSame(write(`bgzf${i}.fa.gz`, bgzf(t)));
      // blocks that end inside lines and headers
      await expectSame(write(`small${i}.fa.gz`, bgzf(t, 997)));
    }
  });

  it('gives the .fai samtools faidx writes', () => {
    const t = `>1 first\n${wrap(chr1, 60)}>2\n${wrap(chr2, 50)}`;
    const entries = indexPlainFasta(write('fai.fa', t));
    expect(entries).toEqual([
      { name: '1', length: chr1.length, offset: 9, lineBases: 60, lineBytes: 61 },
      { name: '2', length: chr2.length, offset: t.indexOf('>2\n') + 3, lineBases: 50, lineBytes: 51 },
    ]);
    expect(indexBgzfFasta(write('fai.fa.gz', bgzf(t, 4096))).entries).toEqual(entries);
  });

  it('refuses lines of different widths (they would be read at the wrong offsets), naming the line', async () => {
    const irregular = `>1\n${'A'.repeat(60)}\n${'C'.repeat(40)}\n${'G'.repeat(60)}\n`;
    for (const p of [write('irr.fa', irregular), write('irr.fa.gz', bgzf(irregular, 50))]) {
      await expect(FastaReader.open(p)).rejects.toMatchObject({ code: 'BAD_FASTA', line: 4, message: expect.stringMatching(/sequence 1 has lines of different lengths \(60 bases a line, then 60 after a shorter/) });
    }
    await expect(FastaReader.open(write('long.fa', `>1\n${'A'.repeat(60)}\n${'A'.repeat(61)}\n`))).rejects.toMatchObject({ code: 'BAD_FASTA', line: 3 });
    await expect(FastaReader.open(write('blank.fa', `>1\n${'A'.repeat(60)}\n\n${'A'.repeat(60)}\n`))).rejects.toMatchObject({ code: 'BAD_FASTA', line: 4 });
    await expect(FastaReader.open(write('crlf-mix.fa', `>1\n${'A'.repeat(60)}\r\n${'A'.repeat(60)}\n${'A'.repeat(6)}\n`))).rejects.toMatchObject({ code: 'BAD_FASTA', line: 3 });
    await expect(FastaReader.open(write('nohead.fa', `ACGT\n>1\nACGT\n`))).rejects.toMatchObject({ code: 'BAD_FASTA', line: 1, message: expect.stringMatching(/must start with a ">name" line/) });
    await expect(FastaReader.open(write('noname.fa', `>\nACGT\n`))).rejects.toMatchObject({ code: 'BAD_FASTA', line: 1 });
  });

  it('refuses gzip that is not BGZF, and BGZF cut short or damaged', async () => {
    const { gzipSync } = await import('node:zlib');
    const t = `>1\n${wrap(chr1, 60)}`;
    await expect(FastaReader.open(write('plain.fa.gz', gzipSync(t)))).rejects.toMatchObject({ code: 'BAD_FASTA', message: expect.stringMatching(/not BGZF/), hint: expect.stringMatching(/bgzip/) });
    const whole = bgzf(t);
    await expect(FastaReader.open(write('cut.fa.gz', whole.subarray(0, whole.length - 40_000)))).rejects.toMatchObject({ code: 'BAD_FASTA', message: expect.stringMatching(/truncated/) });
    const damaged = Buffer.from(whole);
    damaged.fill(0x55, 40, 400);
    await expect(FastaReader.open(write('damaged.fa.gz', damaged))).rejects.toMatchObject({ code: 'BAD_FASTA', message: expect.stringMatching(/does not inflate/) });
  });

  it('a BGZF FASTA with its .fai but no .gzi is read through the block headers', async () => {
    const t = `>1 first\n${wrap(chr1, 60)}>2\n${wrap(chr2, 60)}`;
    const p = write('fai-only.fa.gz', bgzf(t, 3000));
    write('fai-only.fa.gz.fai', `1\t${chr1.length}\t9\t60\t61\n2\t${chr2.length}\t${t.indexOf('>2\n') + 3}\t60\t61\n`);
    await expectSame(p);
  });
});

describeWithTool('bgzip', 'FASTA indexed in memory against bgzip -i', () => {
  it('finds the blocks bgzip lists in its .gzi, and reads what the bgzip file holds', async () => {
    const t = `>1 first\n${wrap(chr1, 60)}>2\n${wrap(chr2, 60)}`;
    const plain = write('tool.fa', t);
    runTool('bgzip', ['-i', '-f', '-k', plain]);
    const gz = `${plain}.gz`;
    const gzi = readFileSync(`${gz}.gzi`);
    const pairs: [number, number][] = [];
    for (let k = 0; k < Number(gzi.readBigUInt64LE(0)); k++) pairs.push([Number(gzi.readBigUInt64LE(8 + 16 * k)), Number(gzi.readBigUInt64LE(16 + 16 * k))]);
    const { blocks } = indexBgzfFasta(gz, false);
    // the .gzi lists every block but the first
    expect(blocks.compressed.slice(1).map((c, k) => [c, blocks.uncompressed[k + 1]])).toEqual(pairs);
    await expectSame(gz);
  });
});
