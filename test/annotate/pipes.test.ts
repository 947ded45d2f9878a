import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRECIS_BIN } from '../helpers/cli.js';

/**
 * Inputs given as pipes, as shells and workflow engines give them (`<(zcat genes.gff3.gz)`):
 * gene models stream from a pipe like from a file (and are not cached under a pipe's
 * name); a FASTA or an annotation source, read by position, is refused in one line.
 */
const dir = mkdtempSync(join(tmpdir(), 'precis-pipes-'));
const cache = mkdtempSync(join(tmpdir(), 'precis-pipes-cache-'));
const cds = `ATG${'GAT'.repeat(20)}TAA`;
writeFileSync(join(dir, 'r.fa'), `>1\n${'C'.repeat(100)}${cds}${'C'.repeat(100)}\n`);
const end = 100 + cds.length;
writeFileSync(
  join(dir, 'r.gff3'),
  ['##gff-version 3', `1\tt\tgene\t101\t${end}\t.\t+\t.\tID=gene:G;Name=G;biotype=protein_coding`, `1\tt\tmRNA\t101\t${end}\t.\t+\t.\tID=transcript:T;Parent=gene:G;biotype=protein_coding`, `1\tt\texon\t101\t${end}\t.\t+\t.\tParent=transcript:T`, `1\tt\tCDS\t101\t${end}\t.\t+\t0\tParent=transcript:T`].join('\n') + '\n',
);
writeFileSync(join(dir, 'in.vcf'), ['##fileformat=VCFv4.2', '##contig=<ID=1>', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO', '1\t104\t.\tG\tT\t.\t.\t.', '1\t110\t.\tG\tA\t.\t.\t.'].join('\n') + '\n');

function sh(script: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, NO_COLOR: '1', PRECIS_CACHE_DIR: cache, P: `${process.execPath} ${PRECIS_BIN}` }, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const body = (vcf: string): string => vcf.split('\n').filter((l) => !l.startsWith('##precis')).join('\n');

describe.runIf(spawnSync('bash', ['-c', 'true']).status === 0)('inputs from pipes', () => {
  it('gene models from a pipe, plain or gzip, give the same annotation as from the file, and leave no cache entry', () => {
    const file = sh('$P annotate in.vcf -g r.gff3 -f r.fa --no-bundle --no-cache -o -');
    expect(file.status).toBe(0);
    expect(file.stdout).toMatch(/CSQ=T\|missense_variant\|MODERATE\|G\|/);
    for (const pipe of ['<(cat r.gff3)', '<(gzip -c r.gff3)']) {
      const r = sh(`$P annotate in.vcf -g ${pipe} -f r.fa --no-bundle -o -`);
      expect(r.stderr).toBe('');
      expect(body(r.stdout)).toBe(body(file.stdout));
    }
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a FASTA or an annotation source from a pipe: one line, exit 2', () => {
    const fasta = sh('$P annotate in.vcf -g r.gff3 -f <(cat r.fa) --no-bundle -o -');
    expect(fasta.status).toBe(2);
    expect(fasta.stderr).toMatch(/^precis: error: \/dev\/fd\/\d+: a reference FASTA is read by position, so it must be a file, not a pipe or device \(hint: save it to a file first\)\n$/);
    const source = sh('$P annotate in.vcf --clinvar <(cat in.vcf) -o -');
    expect(source.status).toBe(2);
    expect(source.stderr).toMatch(/^precis: error: \/dev\/fd\/\d+: an annotation source is read by position/);
    const folder = sh('$P annotate in.vcf -g r.gff3 -f . --no-bundle -o -');
    expect(folder.status).toBe(1);
    expect(folder.stderr).toBe('precis: error: .: is a directory, expected a reference FASTA\n');
  });

  it('a --sources config from a pipe names its files from the working folder (a pipe has no folder of its own)', () => {
    writeFileSync(join(dir, 'score.bed'), '1\t100\t105\t0.25\n');
    const conf = '[[annotation]]\nfile="score.bed"\ncolumns=[4]\nops=["max"]\nnames=["score"]\n';
    writeFileSync(join(dir, 'conf.toml'), conf);
    const file = sh('$P annotate in.vcf --no-consequences --sources conf.toml --fields Allele,score -o -');
    expect(file.stderr).toBe('');
    expect(file.stdout).toMatch(/\tCSQ=T\|0\.25\n/);
    const pipe = sh(`$P annotate in.vcf --no-consequences --sources <(printf '${conf.replace(/\n/g, '\\n')}') --fields Allele,score -o -`);
    expect(pipe.stderr).toBe('');
    expect(body(pipe.stdout)).toBe(body(file.stdout));
  });
});
