import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSI, TBI } from '@gmod/tabix';
import { LocalFile } from 'generic-filehandle2';
import { describe, expect, it } from 'vitest';
import { readIndexNames } from '../../src/vcf/index-names.js';
import { describeShared, describeWithTool, sharedPath } from '../helpers/shared.js';

/** The names the full index reader gives (what precis used before reading them itself). */
async function gmodNames(path: string): Promise<string[]> {
  const filehandle = new LocalFile(path);
  const index = path.endsWith('.csi') ? new CSI({ filehandle }) : new TBI({ filehandle });
  return (await index.getMetadata()).refIdToName;
}

const DEMO = join(import.meta.dirname, '..', '..', 'data', 'demo', 'demo.vcf.gz.tbi');

describe('contig names from an index header', () => {
  it('reads the demo index as the full reader does', async () => {
    const names = readIndexNames(DEMO);
    expect(names).toEqual(await gmodNames(DEMO));
    expect(names!.length).toBeGreaterThan(0);
  });

  it('gives undefined for a file that is not an index, or one cut short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-idx-'));
    writeFileSync(join(dir, 'text.tbi'), 'not an index at all\n');
    expect(readIndexNames(join(dir, 'text.tbi'))).toBeUndefined();
    const whole = readFileSync(DEMO);
    writeFileSync(join(dir, 'cut.tbi'), whole.subarray(0, 30));
    expect(readIndexNames(join(dir, 'cut.tbi'))).toBeUndefined();
    writeFileSync(join(dir, 'empty.tbi'), '');
    expect(readIndexNames(join(dir, 'empty.tbi'))).toBeUndefined();
  });
});

describeShared('contig names of the reference indexes', () => {
  const files = [
    'annotation-reference/clinvar/clinvar_alleles.multi.b38.vcf.gz.tbi',
    'annotation-reference/vcfanno-example/fitcons.bed.gz.tbi',
    'annotation-reference/vcfanno-example/dbNSFP_example.txt.gz.tbi',
    'annotation-reference/vcfanno-example/exac.vcf.gz.tbi',
    'annotation-reference/vep-grch38-chr21/test.gff.gz.tbi',
  ];
  for (const f of files) {
    it(f, async () => {
      const path = sharedPath(...f.split('/'));
      expect(readIndexNames(path)).toEqual(await gmodNames(path));
    });
  }
});

describeWithTool('tabix', 'contig names of indexes tabix and bcftools write', () => {
  it('names filling several BGZF blocks, in .tbi and .csi', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-idx-'));
    // 6,000 contigs named by hashes, which compress little: ~250 KB of names, over 64 KB
    // compressed (past the first read of the index)
    const contigs = Array.from({ length: 6000 }, (_, i) => `c${i}_${createHash('sha1').update(String(i)).digest('hex')}`);
    const lines = ['##fileformat=VCFv4.2', ...contigs.map((c) => `##contig=<ID=${c},length=1000>`), '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO'];
    for (const c of contigs) lines.push(`${c}\t10\t.\tA\tC\t.\t.\t.`);
    writeFileSync(join(dir, 'many.vcf'), `${lines.join('\n')}\n`);
    execFileSync('bgzip', ['-f', join(dir, 'many.vcf')]);
    execFileSync('tabix', ['-f', '-p', 'vcf', join(dir, 'many.vcf.gz')]);
    const tbi = join(dir, 'many.vcf.gz.tbi');
    expect(readFileSync(tbi).length).toBeGreaterThan(1 << 17);
    const names = readIndexNames(tbi);
    expect(names).toEqual(contigs);
    expect(names).toEqual(await gmodNames(tbi));
    execFileSync('tabix', ['-f', '-C', '-p', 'vcf', join(dir, 'many.vcf.gz')]);
    const csi = join(dir, 'many.vcf.gz.csi');
    expect(readIndexNames(csi)).toEqual(contigs);
    copyFileSync(DEMO.replace(/\.tbi$/, ''), join(dir, 'demo.vcf.gz'));
    execFileSync('tabix', ['-f', '-C', '-p', 'vcf', join(dir, 'demo.vcf.gz')]);
    expect(readIndexNames(join(dir, 'demo.vcf.gz.csi'))).toEqual(await gmodNames(join(dir, 'demo.vcf.gz.csi')));
  });
});
