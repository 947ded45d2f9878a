import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runPrecis, runTool } from '../helpers/cli.js';
import { sharedPath } from '../helpers/shared.js';

/** Records and genotypes as bcftools prints them: the common ground for comparisons. */
export const GT_QUERY = '%CHROM\t%POS\t%REF\t%ALT[\t%GT]\n';

export const CINECA = sharedPath('prs-reference/pgsc_calc/assets/examples/target_genomes/cineca_synthetic_subset.vcf.gz');
export const TINY1000G = sharedPath('prs-reference/pygscatalog/pgscatalog.utils/packages/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz');
export const PHARMCAT_100 = sharedPath('pgx-reference/conformance/extra/100samples.vcf.bgz');
export const PHARMCAT_MULTI = sharedPath('pgx-reference/conformance/extra/multisample.vcf.bgz');
export const PHARMCAT_REFERENCE = sharedPath('pgx-reference/conformance/extra/reference.vcf');

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'vcf');
export const fixture = (name: string): string => join(FIXTURES, name);

export function makeTmp(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a BGZF VCF into `dir` and indexes it with tabix (the shared files are read-only and some have no index). */
export function indexedCopy(src: string, dir: string, name: string): string {
  const dst = join(dir, name);
  copyFileSync(src, dst);
  runTool('tabix', ['-f', '-p', 'vcf', dst]);
  return dst;
}

/** BGZF-compresses a plain VCF into `dir` and indexes it. */
export function bgzipIndexed(src: string, dir: string, name: string): string {
  const dst = join(dir, name);
  const r = spawnSync('bgzip', ['-c', src], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`bgzip failed: ${r.stderr}`);
  writeFileSync(dst, r.stdout);
  runTool('tabix', ['-f', '-p', 'vcf', dst]);
  return dst;
}

/** `bcftools query` of VCF text on stdin (or a path). */
export function query(input: { text?: string; path?: string }, format = GT_QUERY): string {
  if (input.path !== undefined) return runTool('bcftools', ['query', '-f', format, input.path]);
  // a Buffer: runTool's spawnSync uses encoding 'buffer', which cannot encode a string input
  return runTool('bcftools', ['query', '-f', format, '-'], Buffer.from(input.text ?? ''));
}

/** Runs `precis view ARGS` (VCF to stdout) and returns its records and genotypes as bcftools reads them. */
export function precisTable(args: string[], input?: string | Buffer): string {
  const r = runPrecis(['view', ...args], { input });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return query({ text: r.stdout });
}

/** The same through `bcftools view ARGS`. */
export function bcftoolsTable(args: string[]): string {
  const text = runTool('bcftools', ['view', ...args]);
  return query({ text });
}

export function lineCount(table: string): number {
  return table === '' ? 0 : table.trimEnd().split('\n').length;
}

/** Data lines (no header) of VCF text. */
export function records(vcfText: string): string[] {
  return vcfText.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}
