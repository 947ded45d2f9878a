import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/annotate/parallel.js';
import { LINKED_BASES } from '../../src/annotate/haplotype.js';
import { openVcf, VcfRecord } from '../../src/vcf/index.js';
import { runPrecis } from '../helpers/cli.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

process.env.PRECIS_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'precis-annotate-cache-'));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'precis-parallel-'));
});

const HEADER = ['##fileformat=VCFv4.2', '##contig=<ID=1,length=19696>', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1'];
const OTHER: Record<string, string> = { A: 'G', C: 'T', G: 'A', T: 'C' };

/**
 * Records over `ranges` of `seq` (1-based, inclusive): pairs of phased SNVs on
 * neighbouring bases (in a CDS: one codon, one haplotype, so they are combined), now and
 * then a 6-bp deletion whose span reaches the next pair, with gaps a job may be cut at.
 */
function phasedPairs(seq: string, ranges: [number, number][]): string {
  const lines = [...HEADER];
  let k = 0;
  for (const [from, to] of ranges) {
    for (let p = Math.max(2, from); p + 8 < to; k++) {
      const ref = (q: number): string => seq[q - 1]!;
      if (k % 7 === 3) {
        lines.push(['1', p, '.', seq.slice(p - 1, p + 5), ref(p), '.', 'PASS', '.', 'GT', '0|1'].join('\t'));
        p += 4;
      }
      lines.push(['1', p, '.', ref(p), OTHER[ref(p)]!, '.', 'PASS', '.', 'GT', '1|0'].join('\t'));
      lines.push(['1', p + 1, '.', ref(p + 1), OTHER[ref(p + 1)]!, '.', 'PASS', '.', 'GT', k % 2 ? '1|0' : '1|1'].join('\t'));
      // the next pair 1-3 bases past linking distance: some cuts are safe, none between a pair
      p += LINKED_BASES + 2 + (k % 3);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The CDS pieces of a GFF3, in genome order. */
function cdsRanges(gff: string): [number, number][] {
  return readFileSync(gff, 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f[2] === 'CDS')
    .map((f): [number, number] => [Number(f[3]), Number(f[4])])
    .sort((a, b) => a[0] - b[0]);
}

function fastaSeq(path: string): string {
  return readFileSync(path, 'utf8').split('\n').filter((l) => !l.startsWith('>')).join('').toUpperCase();
}

describe('cutting the input into jobs', () => {
  const body = (n: number): string[] => Array.from({ length: n }, (_, i) => ['1', 10 + 2 * i, '.', 'A', 'G', '.', 'PASS', '.'].join('\t'));

  it('hands every line over once, in order, with its line number; sites-only input is cut anywhere', async () => {
    const recs = body(2000);
    const path = join(dir, 'sites.vcf');
    writeFileSync(path, `${HEADER.slice(0, 2).join('\n')}\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${recs.join('\n')}\n`);
    const reader = await openVcf(path);
    const got: Buffer[] = [];
    let nextLine = 4;
    for await (const job of jobs(reader, false, 1024)) {
      expect(job.firstLine).toBe(nextLine);
      const text = job.bytes.toString('latin1');
      expect(text.endsWith('\n')).toBe(true);
      nextLine += text.split('\n').length - 1;
      // each job's bytes are a buffer of their own (handed to a worker without a copy)
      expect(job.bytes.byteOffset).toBe(0);
      expect(job.bytes.buffer.byteLength).toBe(job.bytes.length);
      got.push(job.bytes);
    }
    expect(got.length).toBeGreaterThan(1);
    expect(Buffer.concat(got).toString('latin1')).toBe(`${recs.join('\n')}\n`);
  });

  it('with genotypes, never cuts between records that may change codons together (within LINKED_BASES of any earlier one)', async () => {
    const path = join(dir, 'linked.vcf');
    const seq = 'ACGT'.repeat(5000);
    writeFileSync(path, phasedPairs(seq, [[1, 19000]]));
    const reader = await openVcf(path);
    let cuts = 0;
    let prev: VcfRecord[] = [];
    let total = '';
    for await (const job of jobs(reader, true, 2048)) {
      const text = job.bytes.toString('latin1');
      total += text;
      const recs = text.split('\n').filter(Boolean).map((l, i) => new VcfRecord(Buffer.from(l, 'latin1'), job.firstLine + i, 'x'));
      if (prev.length > 0) {
        cuts++;
        const maxEnd = Math.max(...prev.map((r) => r.end));
        expect(recs[0]!.pos).toBeGreaterThan(maxEnd + LINKED_BASES);
      }
      prev = recs;
    }
    expect(cuts).toBeGreaterThan(10);
    expect(total).toBe(readFileSync(path, 'latin1').split('\n').slice(HEADER.length).join('\n'));
  });
});

describeShared('precis annotate --threads', () => {
  const caseFile = (f: string): string => sharedPath('annotation-reference', 'bcftools-csq', 'cases', 'ENST00000341065', f);
  // small jobs: a small input is cut into many
  const env = { PRECIS_ANNOTATE_JOB_BYTES: '2048' };
  const pairs = (): string => phasedPairs(fastaSeq(caseFile('ENST00000341065.fa')), cdsRanges(caseFile('ENST00000341065.gff')));

  it('writes the same VCF, JSON Lines and summary with 1, 2 and 3 threads, phased same-codon pairs included', () => {
    const vcf = join(dir, 'samd11-pairs.vcf');
    writeFileSync(vcf, pairs());
    const args = ['annotate', vcf, '-g', caseFile('ENST00000341065.gff'), '-f', caseFile('ENST00000341065.fa'), '--no-bundle', '--no-version', '-q'];
    const one = runPrecis([...args, '--threads', '1', '--summary', join(dir, 's1.json')], { env });
    expect(one.status).toBe(0);
    // the pairs are combined (bcftools csq's haplotype-aware calling), so the cuts matter
    expect(one.stdout).toMatch(/\|[a-z_&]+:[A-Z*]+(\/[A-Z*]+)?:[a-zA-Z]{3}\/[a-zA-Z]{3}:\d+[ACGT]>[ACGT]\|/);
    for (const t of ['2', '3']) {
      const many = runPrecis([...args, '--threads', t, '--summary', join(dir, `s${t}.json`)], { env });
      expect(many.stderr).toBe('');
      expect(many.status).toBe(0);
      expect(many.stdout === one.stdout).toBe(true);
      // the same but for the command line it names
      const summaryOf = (f: string): string => readFileSync(join(dir, f), 'utf8').replace(/"command": ".*"/, '');
      expect(summaryOf(`s${t}.json`)).toBe(summaryOf('s1.json'));
    }
    const summary = JSON.parse(readFileSync(join(dir, 's1.json'), 'utf8')) as { summary: { records: number; haplotypeCombined: number } };
    expect(summary.summary.records).toBe(one.stdout.split('\n').filter((l) => l && !l.startsWith('#')).length);
    expect(summary.summary.haplotypeCombined).toBeGreaterThan(100);
    const j1 = runPrecis([...args, '-O', 'j', '--threads', '1'], { env });
    const j2 = runPrecis([...args, '-O', 'j', '--threads', '2'], { env });
    expect(j1.status).toBe(0);
    expect(j2.stdout === j1.stdout).toBe(true);
  });

  it('the embedded bundle with its ClinVar and frequency sources: the same output on 3 threads', () => {
    const input = sharedPath('annotation-reference', 'vep-grch38-chr21', 'test.vcf');
    const small = { PRECIS_ANNOTATE_JOB_BYTES: '2048' };
    const one = runPrecis(['annotate', input, '--no-version', '--threads', '1'], { env: small });
    const three = runPrecis(['annotate', input, '--no-version', '--threads', '3'], { env: small });
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/CLIN_SIG|\|pathogenic|\|benign/);
    expect(three.stdout === one.stdout).toBe(true);
  });

  it('a bad record in a later job fails as on one thread: the same one-line error, exit 1, no output file', () => {
    const lines = pairs().split('\n');
    const bad = lines.length - 40;
    lines[bad] = lines[bad]!.replace(/^1\t\d+/, '1\tx12');
    const vcf = join(dir, 'bad.vcf');
    writeFileSync(vcf, lines.join('\n'));
    const args = ['annotate', vcf, '-g', caseFile('ENST00000341065.gff'), '-f', caseFile('ENST00000341065.fa'), '--no-bundle'];
    const one = runPrecis([...args, '--threads', '1', '-o', join(dir, 'bad1.vcf')], { env });
    const two = runPrecis([...args, '--threads', '2', '-o', join(dir, 'bad2.vcf')], { env });
    expect(one.status).toBe(1);
    expect(two.status).toBe(1);
    expect(two.stderr).toContain(`bad.vcf:${bad + 1}: POS "x12" is not a positive integer`);
    expect(two.stderr.trim().split('\n').filter((l) => l.includes('error'))).toEqual(one.stderr.trim().split('\n').filter((l) => l.includes('error')));
    expect(existsSync(join(dir, 'bad2.vcf'))).toBe(false);
  });
});
