import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';

/**
 * An assembly of thousands of scaffolds (non-model genomes, or GRCh38 with its alt and
 * decoy contigs): each record finds its scaffold's sequence, gene and source rows. Every
 * record once scanned every contig name (50,000 scaffolds: 134 s), and a source made
 * room for 1,024 rows on each contig (1.4 GB).
 */
const N = 3_000;
const dir = mkdtempSync(join(tmpdir(), 'precis-scaffolds-'));
let seed = 5;
const base = (): string => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return 'ACGT'[(seed >> 8) % 4]!;
};
const fa: string[] = [];
const gff = ['##gff-version 3'];
const vcf = ['##fileformat=VCFv4.2', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO'];
const freq = ['##fileformat=VCFv4.2', '##INFO=<ID=AF,Number=A,Type=Float,Description="AF">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO'];
const want: string[] = [];
for (let i = 0; i < N; i++) {
  // ATG + 30 codons without a stop + TAA, 50 bases either side
  let cds = 'ATG';
  for (let c = 0; c < 30; c++) cds += `G${base()}${base()}`;
  const seq = `${'C'.repeat(50)}${cds}TAA${'C'.repeat(50)}`;
  fa.push(`>scaf${i}`, seq);
  gff.push(`scaf${i}\tt\tgene\t51\t146\t.\t+\t.\tID=gene:G${i};Name=G${i};biotype=protein_coding`, `scaf${i}\tt\tmRNA\t51\t146\t.\t+\t.\tID=transcript:T${i};Parent=gene:G${i};biotype=protein_coding`, `scaf${i}\tt\texon\t51\t146\t.\t+\t.\tParent=transcript:T${i}`, `scaf${i}\tt\tCDS\t51\t146\t.\t+\t0\tParent=transcript:T${i}`);
  // the first base of codon 2 (G): G>T, a new codon T..
  vcf.push(`scaf${i}\t57\t.\tG\tT\t.\t.\t.`);
  freq.push(`scaf${i}\t57\t.\tG\tT\t.\t.\tAF=${(i / N).toFixed(4)}`);
  want.push(`scaf${i} G${i} T${i}:c.7G>T ${(i / N).toFixed(4)}`);
}
writeFileSync(join(dir, 'r.fa'), `${fa.join('\n')}\n`);
writeFileSync(join(dir, 'r.gff3'), `${gff.join('\n')}\n`);
writeFileSync(join(dir, 'in.vcf'), `${vcf.join('\n')}\n`);
writeFileSync(join(dir, 'freq.vcf'), `${freq.join('\n')}\n`);
const haveTabix = spawnSync('tabix', ['--version']).status === 0 && spawnSync('bgzip', ['--version']).status === 0;

describe('thousands of scaffolds', () => {
  it.each(haveTabix ? ['freq.vcf', 'freq.vcf.gz'] : ['freq.vcf'])('each record gets its own scaffold\'s gene, HGVS and source value (%s)', (source) => {
    if (source.endsWith('.gz')) {
      execFileSync('bgzip', ['-kf', join(dir, 'freq.vcf')]);
      execFileSync('tabix', ['-f', '-p', 'vcf', join(dir, 'freq.vcf.gz')]);
    }
    const r = runPrecis(['annotate', join(dir, 'in.vcf'), '-g', join(dir, 'r.gff3'), '-f', join(dir, 'r.fa'), '--frequencies', join(dir, source), '--no-bundle', '--no-cache', '-O', 'j', '-q']);
    expect(r.stderr).toBe('');
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { chrom: string; consequences: { gene: string; hgvsc: string }[]; frequencies: { AF: number } | null });
    expect(rows.map((x) => `${x.chrom} ${x.consequences[0]?.gene} ${x.consequences[0]?.hgvsc} ${x.frequencies?.AF.toFixed(4)}`)).toEqual(want);
  });
});
