import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTmp } from './compare.js';
import { contigKey, openVcf, parseRegionList, PrecisError, RegionSet, resolveContig, selectSamples } from './imports.js';

const HEADER = '##fileformat=VCFv4.2\n##contig=<ID=chr1,length=248956422>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n';
const line = (pos: number, gt = '0/1'): string => `chr1\t${pos}\t.\tA\tG\t.\tPASS\t.\tGT\t${gt}`;

describe('VcfReader', () => {
  const tmp = makeTmp('precis-reader-');
  afterAll(() => tmp.cleanup());
  const write = (name: string, data: string | Buffer): string => {
    const p = join(tmp.dir, name);
    writeFileSync(p, data);
    return p;
  };

  it('streams records with file line numbers; CRLF and blank lines are tolerated', async () => {
    const p = write('crlf.vcf', `${HEADER.replace(/\n/g, '\r\n')}${line(10)}\r\n\r\n${line(20)}\r\n${line(30)}`);
    const reader = await openVcf(p);
    expect(reader.header.build).toBe('GRCh38');
    const got: [number, number | undefined, string][] = [];
    for await (const rec of reader) got.push([rec.pos, rec.lineNo, rec.sampleColumns()[0]!]);
    expect(got).toEqual([
      [10, 4, '0/1'],
      [20, 6, '0/1'],
      [30, 7, '0/1'],
    ]);
  });

  it('batches() yields the same records as the record iterator, across chunk boundaries', async () => {
    // ~3 MB: several 256 KiB input chunks, lines split across them
    const body = Array.from({ length: 120000 }, (_, i) => line(i + 1, i % 3 === 0 ? '1|1' : '0/0')).join('\n');
    const p = write('big.vcf.gz', gzipSync(`${HEADER}${body}\n`));
    const a: number[] = [];
    for await (const rec of await openVcf(p)) a.push(rec.pos);
    const b: number[] = [];
    let batches = 0;
    for await (const batch of (await openVcf(p)).batches()) {
      batches++;
      for (const rec of batch) b.push(rec.pos);
    }
    expect(a.length).toBe(120000);
    expect(b).toEqual(a);
    expect(batches).toBeGreaterThan(5);
    expect(a.every((pos, i) => pos === i + 1)).toBe(true);
  });

  it('-t targets filter while streaming, by POS (default) or by the record span', async () => {
    const p = write('span.vcf', `${HEADER}chr1\t95\t.\tAAAAAAAAAAAA\tA\t.\tPASS\t.\tGT\t0/1\n${line(100)}\n${line(200)}\n`);
    const targets = new RegionSet(parseRegionList('1:100-150'));
    const byPos: number[] = [];
    for await (const rec of await openVcf(p, { targets })) byPos.push(rec.pos);
    expect(byPos).toEqual([100]);
    const bySpan: number[] = [];
    for await (const rec of await openVcf(p, { targets, targetsOverlap: 'record' })) bySpan.push(rec.pos);
    expect(bySpan).toEqual([95, 100]);
  });
});

describe('regions, contigs and samples', () => {
  it('parses bcftools region syntax', () => {
    expect(parseRegionList('chr1,2:1000,X:1000-2000,MT:5-')).toEqual([
      { chrom: 'chr1', start: 1, end: Infinity },
      { chrom: '2', start: 1000, end: 1000 },
      { chrom: 'X', start: 1000, end: 2000 },
      { chrom: 'MT', start: 5, end: Infinity },
    ]);
    expect(parseRegionList('X:1000-2000')).toEqual([{ chrom: 'X', start: 1000, end: 2000 }]);
    expect(parseRegionList('22:1_000-2_000')).toEqual([{ chrom: '22', start: 1000, end: 2000 }]);
    expect(() => parseRegionList('1:200-100')).toThrow(PrecisError);
    expect(() => parseRegionList('1:abc')).toThrow(/cannot parse region/);
  });

  it('treats chr1/1, chrX/X and chrM/MT/M as one contig', () => {
    expect(contigKey('chr1')).toBe(contigKey('1'));
    expect(contigKey('chrX')).toBe(contigKey('x'));
    expect(new Set(['chrM', 'MT', 'M', 'chrMT'].map(contigKey)).size).toBe(1);
    expect(contigKey('chr1')).not.toBe(contigKey('chr11'));
    // RefSeq and GenBank accessions of the human chromosomes, GRCh38 and GRCh37 versions
    expect(['NC_000001.11', 'NC_000001.10', 'CM000663.2', 'CM000663.1'].map(contigKey)).toEqual(['1', '1', '1', '1']);
    expect(['NC_000021.9', 'NC_000023.11', 'NC_000024.10', 'CM000685.2', 'CM000686.2', 'NC_012920.1'].map(contigKey)).toEqual(['21', 'X', 'Y', 'X', 'Y', 'MT']);
    // other accessions keep their own names (NC_000067.7 is mouse chromosome 1)
    expect(['NC_000067.7', 'NC_000025.1', 'CM000687.1', 'NT_187361.1', 'NC_045512.2'].map(contigKey)).toEqual(['NC_000067.7', 'NC_000025.1', 'CM000687.1', 'NT_187361.1', 'NC_045512.2']);
    expect(resolveContig('NC_000021.9', ['20', '21', '22'])).toBe('21');
    expect(resolveContig('chr22', ['21', '22', 'X'])).toBe('22');
    expect(resolveContig('MT', ['chr1', 'chrM'])).toBe('chrM');
    expect(resolveContig('chr23', ['1', '22'])).toBeUndefined();
    // Chromosome1 (bcftools csq's --unify-chr-names case); a bare Chromosome stays itself
    expect(['Chromosome1', 'chromosome_X', 'CHROMOSOME22', 'ChromosomeMT'].map(contigKey)).toEqual(['1', 'X', '22', 'MT']);
    expect(resolveContig('Chromosome1', ['chr1', 'chr11'])).toBe('chr1');
    expect(resolveContig('Chromosome', ['1', 'chr1'])).toBeUndefined();
    expect(resolveContig('Chromosome11', ['1', 'chr1'])).toBeUndefined();
    const set = new RegionSet(parseRegionList('chr22:100-200,22:150-300,chrX:5-5'));
    expect([set.overlaps('22', 300, 300), set.overlaps('chr22', 301, 400), set.overlaps('X', 5, 5), set.overlaps('chrX', 6, 9)]).toEqual([true, false, true, false]);
    expect(new RegionSet(parseRegionList('22:100-200'), true).accepts('chr22', 150, 150)).toBe(false);
  });

  it('selects samples in the order given, excludes with ^, and names unknown ones', () => {
    const file = ['A', 'B', 'C', 'D'];
    const inc = selectSamples(file, { list: 'C,A' });
    expect([inc.names, Array.from(inc.select), inc.identity]).toEqual([['C', 'A'], [1, -1, 0, -1], false]);
    const exc = selectSamples(file, { list: '^B' });
    expect([exc.names, Array.from(exc.select)]).toEqual([['A', 'C', 'D'], [0, -1, 1, 2]]);
    expect(selectSamples(file, {}).identity).toBe(true);
    expect(() => selectSamples(file, { list: 'A,Z,Y' })).toThrow('samples not in the VCF: Z, Y');
    const dropped: string[] = [];
    expect(selectSamples(file, { list: 'A,Z', force: true }, (u) => dropped.push(...u)).names).toEqual(['A']);
    expect(dropped).toEqual(['Z']);
  });
});
