import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';

/**
 * One record with thousands of long ALTs (insertions of 1 to 750 bases at an exon of the
 * embedded chr21 bundle): every ALT gets its own CSQ entries and JSON line, with its
 * Allele as VEP writes it. Per-record work used to grow with ALTs² × length (20,000 ALTs
 * ran for over ten minutes), and the JSON writer queued one wait per line on a full output.
 */
const N = 3000;
const alts = Array.from({ length: N }, (_, i) => `G${'ACGT'[i % 4]!.repeat(1 + (i >> 2))}`);

function hugeRecord(extra: string): string {
  return tempFile('huge.vcf', ['##fileformat=VCFv4.2', '##contig=<ID=21>', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO', `21\t25585733\t.\tG\t${alts.join(',')}\t.\t.\t${extra}`]);
}

describe('a record with thousands of long ALTs', () => {
  it('VCF: every ALT has its entries, its Allele without the shared base', () => {
    const vcf = hugeRecord('.');
    const out = join(dirname(vcf), 'out.vcf');
    const r = runPrecis(['annotate', vcf, '-o', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const line = readFileSync(out, 'utf8').split('\n').find((l) => l.startsWith('21\t'))!;
    const csq = /CSQ=([^;\t]*)/.exec(line.split('\t')[7]!)![1]!.split(',');
    const alleles = new Set(csq.map((e) => e.split('|')[0]));
    expect(alleles.size).toBe(N);
    for (const a of alts) expect(alleles.has(a.slice(1))).toBe(true);
  });

  it('JSON Lines: one line per ALT, in ALT order, and no warning from the writer', () => {
    const vcf = hugeRecord('.');
    const out = join(dirname(vcf), 'out.jsonl');
    const r = runPrecis(['annotate', vcf, '-O', 'j', '-o', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(N);
    expect(lines.map((l) => (JSON.parse(l) as { alt: string }).alt)).toEqual(alts);
  });
});
