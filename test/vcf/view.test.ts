import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrecis, runTool } from '../helpers/cli.js';
import { describeShared, describeWithTool } from '../helpers/shared.js';
import {
  bcftoolsTable,
  bgzipIndexed,
  CINECA,
  fixture,
  indexedCopy,
  lineCount,
  makeTmp,
  PHARMCAT_100,
  PHARMCAT_MULTI,
  PHARMCAT_REFERENCE,
  precisTable,
  query,
  records,
  TINY1000G,
} from './compare.js';

// `precis view` against `bcftools view`/`bcftools norm` on real files: same records, same
// genotypes. precis' output is read back by bcftools, so every comparison also checks
// that bcftools accepts what precis writes.

describeWithTool('bcftools', 'precis view vs bcftools', () => {
  describeShared('CINECA synthetic subset (2,504 samples, chr22)', () => {
    const tmp = makeTmp('precis-view-cineca-');
    let vcf = '';
    beforeAll(() => {
      vcf = indexedCopy(CINECA, tmp.dir, 'cineca.vcf.gz');
    });
    afterAll(() => tmp.cleanup());

    it('reads every record and genotype of the whole file', () => {
      const p = precisTable([vcf]);
      expect(lineCount(p)).toBe(829);
      expect(p).toBe(bcftoolsTable([vcf]));
    });

    it.each([
      ['a range', '22:17000000-20000000'],
      ['an open-ended range', '22:40000000-'],
      ['a single position', '22:17080378'],
      ['overlapping and unsorted regions (each record once)', '22:30000000-31000000,22:18000000-19000000,22:18500000-30500000'],
      ['a whole contig', '22'],
      ['a region with no records', '22:1-1000'],
    ])('-r %s', (_what, region) => {
      const p = precisTable([vcf, '-r', region]);
      expect(p).toBe(bcftoolsTable([vcf, '-r', region]));
    });

    it('-r with the chr22 alias finds the records of contig 22', () => {
      const p = precisTable([vcf, '-r', 'chr22:17000000-20000000']);
      expect(lineCount(p)).toBeGreaterThan(0);
      expect(p).toBe(bcftoolsTable([vcf, '-r', '22:17000000-20000000']));
    });

    it('-R with a BED file (0-based) and a CHROM/BEG/END file (1-based)', () => {
      const bed = join(tmp.dir, 'regions.bed');
      const tsv = join(tmp.dir, 'regions.tsv');
      writeFileSync(bed, '22\t17080377\t17300230\n22\t25000000\t26000000\n');
      writeFileSync(tsv, '22\t17080378\t17300230\n22\t25000001\t26000000\n');
      const expected = bcftoolsTable([vcf, '-R', bed]);
      expect(lineCount(expected)).toBeGreaterThan(2);
      expect(precisTable([vcf, '-R', bed])).toBe(expected);
      expect(precisTable([vcf, '-R', tsv])).toBe(bcftoolsTable([vcf, '-R', tsv]));
    });

    it.each([
      ['a range', '22:17000000-20000000'],
      ['an exclusion', '^22:17000000-20000000'],
      ['several ranges', '22:16000000-17300230,22:45000000-'],
    ])('-t %s streams the same records as bcftools', (_what, targets) => {
      const p = precisTable([vcf, '-t', targets]);
      expect(p).toBe(bcftoolsTable([vcf, '-t', targets]));
    });

    it('-t with the chr22 alias', () => {
      expect(precisTable([vcf, '-t', 'chr22:17000000-20000000'])).toBe(bcftoolsTable([vcf, '-t', '22:17000000-20000000']));
    });

    it('-T file and ^file', () => {
      const t = join(tmp.dir, 'targets.tsv');
      writeFileSync(t, '22\t17080378\t17080378\n22\t20000000\t30000000\n');
      expect(precisTable([vcf, '-T', t])).toBe(bcftoolsTable([vcf, '-T', t]));
      expect(precisTable([vcf, '-T', `^${t}`])).toBe(bcftoolsTable([vcf, '-T', `^${t}`]));
    });

    it.each([
      ['in the order given', ['-s', 'HG00099_HG00099,HG00096_HG00096,NA21144_NA21144']],
      ['excluded with ^', ['-s', '^HG00096_HG00096,HG00097_HG00097']],
    ])('-s samples %s', (_what, args) => {
      const p = precisTable([vcf, ...args]);
      expect(p).toBe(bcftoolsTable([vcf, ...args]));
    });

    it('-S file and ^file, combined with -r', () => {
      const s = join(tmp.dir, 'samples.txt');
      writeFileSync(s, 'HG00100_HG00100\nHG00097_HG00097\n');
      const args = ['-r', '22:17000000-25000000'];
      expect(precisTable([vcf, ...args, '-S', s])).toBe(bcftoolsTable([vcf, ...args, '-S', s]));
      expect(precisTable([vcf, ...args, '-S', `^${s}`])).toBe(bcftoolsTable([vcf, ...args, '-S', `^${s}`]));
    });

    it('stdin: plain, gzip and BGZF input give the same records', () => {
      const bgzf = readFileSync(vcf);
      const plain = Buffer.from(runTool('bgzip', ['-dc', vcf]));
      const expected = bcftoolsTable([vcf]);
      expect(precisTable(['-'], plain)).toBe(expected);
      expect(precisTable(['-'], gzipSync(plain))).toBe(expected);
      expect(precisTable(['-'], bgzf)).toBe(expected);
      // -t works on a pipe
      expect(precisTable(['-', '-t', '22:17000000-20000000'], bgzf)).toBe(bcftoolsTable([vcf, '-t', '22:17000000-20000000']));
    });

    it('BGZF output is read by bcftools and indexed by tabix', () => {
      const out = join(tmp.dir, 'out.vcf.gz');
      const r = runPrecis(['view', vcf, '-s', '^HG00096_HG00096', '-o', out]);
      expect(r.status).toBe(0);
      expect(readFileSync(out).subarray(12, 14).toString('latin1')).toBe('BC');
      expect(query({ path: out })).toBe(bcftoolsTable([vcf, '-s', '^HG00096_HG00096']));
      runTool('tabix', ['-f', '-p', 'vcf', out]);
      expect(runTool('tabix', [out, '22:17000000-20000000']).split('\n').length - 1).toBe(lineCount(bcftoolsTable([vcf, '-r', '22:17000000-20000000'])));
    });

    it('--write-index writes a .tbi that bcftools view -r and tabix accept', () => {
      const out = join(tmp.dir, 'indexed.vcf.gz');
      const r = runPrecis(['view', vcf, '-o', out, '--write-index']);
      expect(r.status).toBe(0);
      expect(existsSync(`${out}.tbi`)).toBe(true);
      for (const region of ['22:17000000-20000000', '22:30000000-51000000', '22:17080378-17080378', '22:1-100']) {
        const expected = bcftoolsTable([vcf, '-r', region]);
        expect(bcftoolsTable([out, '-r', region])).toBe(expected);
        // (tabix reads `chr:pos` as "from pos to the end", so regions here have both ends)
        const viaTabix = runTool('tabix', [out, region]);
        expect(viaTabix === '' ? 0 : viaTabix.trimEnd().split('\n').length).toBe(lineCount(expected));
        // precis reads its own index too
        expect(precisTable([out, '-r', region])).toBe(expected);
      }
    });

    it('-O j writes one JSON object per record with every selected sample', () => {
      const r = runPrecis(['view', vcf, '-r', '22:17000000-20000000', '-s', 'HG00097_HG00097,HG00096_HG00096', '-O', 'j']);
      expect(r.status).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      const expected = bcftoolsTable([vcf, '-r', '22:17000000-20000000', '-s', 'HG00097_HG00097,HG00096_HG00096']).trimEnd().split('\n');
      expect(lines.length).toBe(expected.length);
      lines.forEach((line, i) => {
        const o = JSON.parse(line) as { chrom: string; pos: number; ref: string; alt: string[]; samples: Record<string, { GT: string }> };
        const [chrom, pos, ref, alt, gt1, gt2] = expected[i]!.split('\t');
        expect([o.chrom, String(o.pos), o.ref, o.alt.join(',')]).toEqual([chrom, pos, ref, alt]);
        expect(Object.keys(o.samples)).toEqual(['HG00097_HG00097', 'HG00096_HG00096']);
        expect([o.samples.HG00097_HG00097!.GT, o.samples.HG00096_HG00096!.GT]).toEqual([gt1, gt2]);
      });
    });

    it('adds ##precisVersion/##precisCommand, and --no-version drops them', () => {
      const withVersion = runPrecis(['view', vcf, '-h']).stdout;
      expect(withVersion).toMatch(/^##precisVersion=\d+\.\d+\.\d+$/m);
      expect(withVersion).toMatch(/^##precisCommand=view .*-h; Date=/m);
      const without = runPrecis(['view', vcf, '-h', '--no-version']).stdout;
      expect(without).not.toMatch(/##precis/);
      // the input's header as it is (bcftools adds a ##FILTER=PASS line of its own)
      const dropPass = (text: string): string[] => text.split('\n').filter((l) => !l.startsWith('##FILTER=<ID=PASS'));
      expect(dropPass(without)).toEqual(dropPass(runTool('bcftools', ['view', '-h', '--no-version', vcf])));
    });
  });

  describeShared('tiny1000G (3,202 samples, haploid chrX, contigs not in numeric order)', () => {
    it.each([['X'], ['chrX:1-100000000'], ['1,X,22'], ['10:1-1000000,X'], ['4:1-50000000,2']])('-r %s', (region) => {
      const p = precisTable([TINY1000G, '-r', region]);
      expect(lineCount(p)).toBeGreaterThan(0);
      expect(p).toBe(bcftoolsTable([TINY1000G, '-r', region.replace(/chrX/g, 'X')]));
    });

    it('keeps haploid calls as they are', () => {
      const p = precisTable([TINY1000G, '-r', 'X', '-s', 'HG00096,HG00097']);
      expect(p).toMatch(/\t[01]\t[01]\|[01]\n/);
      expect(p).toBe(bcftoolsTable([TINY1000G, '-r', 'X', '-s', 'HG00096,HG00097']));
    });
  });

  describeShared('PharmCAT multi-sample VCFs', () => {
    it.each([
      ['100samples.vcf.bgz', PHARMCAT_100],
      ['multisample.vcf.bgz', PHARMCAT_MULTI],
      ['reference.vcf', PHARMCAT_REFERENCE],
    ])('-m splits %s exactly as bcftools norm -m-', (_name, path) => {
      const p = runPrecis(['view', path, '-m', '--no-version']);
      expect(p.status).toBe(0);
      const b = runTool('bcftools', ['norm', '-m-', '--no-version', path]);
      const pr = records(p.stdout);
      expect(pr.length).toBeGreaterThan(records(runTool('bcftools', ['view', '-H', path])).length);
      expect(pr).toEqual(records(b));
    });

    it('sample subsets of 100samples.vcf.bgz, with INFO/AC and AN recomputed as bcftools does', () => {
      const args = ['-s', 's99,s1,s50'];
      expect(precisTable([PHARMCAT_100, ...args])).toBe(bcftoolsTable([PHARMCAT_100, ...args]));
      expect(precisTable([PHARMCAT_100, '-s', '^s1'])).toBe(bcftoolsTable([PHARMCAT_100, '-s', '^s1']));
      const acan = '%POS\t%INFO/AC\t%INFO/AN\n';
      const p = query({ text: runPrecis(['view', PHARMCAT_100, ...args]).stdout }, acan);
      expect(p).toBe(query({ text: runTool('bcftools', ['view', PHARMCAT_100, ...args]) }, acan));
      expect(p).toMatch(/\t6\n/);
      // -I keeps the input's values
      const kept = query({ text: runPrecis(['view', PHARMCAT_100, ...args, '-I']).stdout }, acan);
      expect(kept).toBe(query({ text: runTool('bcftools', ['view', '-I', PHARMCAT_100, ...args]) }, acan));
      expect(kept).toMatch(/\t200\n/);
    });
  });

  describe('small fixtures: multi-allelic, left-alignment, gVCF', () => {
    const tmp = makeTmp('precis-view-fixtures-');
    afterAll(() => tmp.cleanup());

    it('-m matches bcftools norm -m- on Number=A/R/G INFO and FORMAT fields, other-ALT alleles and haploid calls', () => {
      const path = fixture('multiallelic.vcf');
      const p = runPrecis(['view', path, '-m', '--no-version']);
      expect(p.status).toBe(0);
      const pr = records(p.stdout);
      expect(pr.length).toBe(14);
      expect(pr).toEqual(records(runTool('bcftools', ['norm', '-m-', '--no-version', path])));
      // a 1/2 call becomes 1/0 and 0/1: the other ALT is recoded to REF, as bcftools does
      expect(pr[1]).toContain('\t1/0:0,4:10:90,60,50:0.4\t');
      expect(pr[2]).toContain('\t0/1:0,6:10:90,40,45:0.6\t');
    });

    it('-f left-aligns and trims indels as bcftools norm -f', () => {
      const path = fixture('leftalign.vcf');
      const fa = join(tmp.dir, 'ref.fa');
      copyFileSync(fixture('ref.fa'), fa);
      copyFileSync(fixture('ref.fa.fai'), `${fa}.fai`);
      const p = runPrecis(['view', path, '-f', fa, '--no-version']);
      expect(p.status).toBe(0);
      const pr = records(p.stdout);
      expect(pr).toEqual(records(runTool('bcftools', ['norm', '-f', fa, '--no-version', path])));
      expect(pr.map((l) => l.split('\t').slice(1, 5).join(' '))).toContain('40 . GCA G');
      // a bgzipped FASTA with .gzi and .fai (the .fai holds uncompressed offsets, as samtools writes it)
      const gz = join(tmp.dir, 'ref.fa.gz');
      writeFileSync(gz, spawnSync('bgzip', ['-c', '-i', '-I', `${gz}.gzi`, fixture('ref.fa')], { maxBuffer: 1 << 20 }).stdout);
      copyFileSync(fixture('ref.fa.fai'), `${gz}.fai`);
      expect(records(runPrecis(['view', path, '-f', gz, '--no-version']).stdout)).toEqual(pr);
      // without a .fai precis indexes the FASTA in memory
      const nofai = join(tmp.dir, 'nofai.fa');
      copyFileSync(fixture('ref.fa'), nofai);
      expect(records(runPrecis(['view', path, '-f', nofai, '--no-version']).stdout)).toEqual(pr);
    });

    it('-m and -f together match bcftools norm -m- -f', () => {
      const fa = fixture('ref.fa');
      const seq = readFileSync(fa, 'utf8').split('>')[1]!.split('\n').slice(1).join('');
      // a multi-allelic record in the CA repeat: a 2-base deletion and a 2-base insertion, right-shifted
      const ref = seq.slice(47, 50);
      const line = ['chr1', '48', 'rsM', ref, `${ref[0]},${ref}${ref.slice(1)}`, '.', 'PASS', '.', 'GT', '1/2'].join('\t');
      const path = join(tmp.dir, 'mf.vcf');
      writeFileSync(path, `${readFileSync(fixture('leftalign.vcf'), 'utf8').split('#CHROM')[0]}#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n${line}\n`);
      const p = records(runPrecis(['view', path, '-m', '-f', fa, '--no-version']).stdout);
      expect(p.length).toBe(2);
      expect(p).toEqual(records(runTool('bcftools', ['norm', '-m-', '-f', fa, '--no-version', path])));
      expect(p.map((l) => l.split('\t')[1])).not.toContain('48');
    });

    it('gVCF: -r matches records whose END overlaps the region, as bcftools -r does', () => {
      const gz = bgzipIndexed(fixture('gvcf.vcf'), tmp.dir, 'g.vcf.gz');
      for (const region of ['chr22:12000-12010,chr22:25000-26000', 'chr22:14999-15000', 'chr22:15001,chrX:5500-6000']) {
        const p = precisTable([gz, '-r', region]);
        expect(p).toBe(bcftoolsTable([gz, '-r', region]));
      }
      // -t keeps records by POS (bcftools' default --targets-overlap)
      for (const targets of ['chr22:12000-12010,chr22:14999-15000', '^chr22:11000-15000']) {
        expect(precisTable([gz, '-t', targets])).toBe(bcftoolsTable([gz, '-t', targets]));
      }
      // contig alias; the reference block 11001-14999 is the one record overlapping 12000-12010
      const alias = precisTable([gz, '-r', '22:12000-12010']);
      expect(alias).toBe(bcftoolsTable([gz, '-r', 'chr22:12000-12010']));
      expect(alias.split('\t').slice(0, 2)).toEqual(['chr22', '11001']);
    });

    it('gVCF records with <NON_REF> and <*> pass through unchanged', () => {
      const path = fixture('gvcf.vcf');
      const p = runPrecis(['view', path, '--no-version']);
      expect(records(p.stdout)).toEqual(records(readFileSync(path, 'utf8')));
      expect(records(runPrecis(['view', path, '-m', '--no-version']).stdout)).toEqual(records(runTool('bcftools', ['norm', '-m-', '--no-version', path])));
    });
  });
});
