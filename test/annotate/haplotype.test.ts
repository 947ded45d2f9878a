import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsequenceRecord, VariantAnnotation } from '../../src/annotate/annotation.js';
import { combineSameCodon, type PhasedRecord } from '../../src/annotate/haplotype.js';
import { geneticCode } from '../../src/annotate/codon.js';
import { runPrecis } from '../helpers/cli.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

// parsed --gff models are cached; keep that cache out of the home directory
process.env.PRECIS_CACHE_DIR ??= mkdtempSync(join(tmpdir(), 'precis-annotate-cache-'));

function snv(pos: number, ref: string, alt: string, codons: string, proteinPosition = '5'): VariantAnnotation {
  const c: ConsequenceRecord = { gene: 'G', geneId: 'G', transcript: 'T1', biotype: 'protein_coding', strand: 1, terms: [], impact: 'MODERATE', codons, proteinPosition, mane: null, canonical: false, picked: true };
  return { chrom: '1', pos, id: null, ref, alt, consequences: [c], mostSevere: 'missense_variant', impact: 'MODERATE' };
}

describe('same-codon combination', () => {
  it('CAG: C>T alone is a stop, G>C alone His; together on one haplotype TAC = Tyr', () => {
    const a = snv(100, 'C', 'T', 'Cag/Tag');
    const b = snv(102, 'G', 'C', 'caG/caC');
    expect(combineSameCodon([{ annotations: [a], haplotypes: [new Set([0])] }, { annotations: [b], haplotypes: [new Set([0, 3])] }])).toBe(1);
    expect(a.consequences[0]!.haplotype).toEqual({ terms: ['missense_variant'], aminoAcids: 'Q/Y', codons: 'cag/TaC', with: ['102 G>C'] });
    expect(b.consequences[0]!.haplotype!.with).toEqual(['100 C>T']);
  });

  it('translates with the transcript\'s genetic code: TGA is Trp on the mitochondrion', () => {
    // CGG with C>T (TGG) and G>A (CGA) on one haplotype: TGA, a stop in the standard code
    const pair = (): [VariantAnnotation, VariantAnnotation] => [snv(100, 'C', 'T', 'Cgg/Tgg'), snv(102, 'G', 'A', 'cgG/cgA')];
    const group = (x: VariantAnnotation, y: VariantAnnotation): PhasedRecord[] => [{ annotations: [x], haplotypes: [new Set([0])] }, { annotations: [y], haplotypes: [new Set([0])] }];
    const [a, b] = pair();
    const mito = geneticCode(2);
    expect(combineSameCodon(group(a, b), () => mito)).toBe(1);
    expect(a.consequences[0]!.haplotype).toMatchObject({ terms: ['missense_variant'], aminoAcids: 'R/W', codons: 'cgg/TgA' });
    const [c, d] = pair();
    expect(combineSameCodon(group(c, d))).toBe(1);
    expect(c.consequences[0]!.haplotype).toMatchObject({ terms: ['stop_gained'], aminoAcids: 'R/*' });
    // a code precis does not carry: no combination rather than a guess
    const [e, f] = pair();
    expect(combineSameCodon(group(e, f), () => undefined)).toBe(0);
  });

  it('different haplotypes or different codons are left alone', () => {
    const a = snv(100, 'C', 'T', 'Cag/Tag');
    const b = snv(102, 'G', 'C', 'caG/caC');
    expect(combineSameCodon([{ annotations: [a], haplotypes: [new Set([0])] }, { annotations: [b], haplotypes: [new Set([1])] }])).toBe(0);
    const c = snv(103, 'A', 'G', 'Aaa/Gaa', '6');
    expect(combineSameCodon([{ annotations: [a], haplotypes: [new Set([0])] }, { annotations: [c], haplotypes: [new Set([0])] }])).toBe(0);
    expect(a.consequences[0]!.haplotype).toBeUndefined();
  });
});

describeShared('haplotype-aware annotation on the bcftools corpus', () => {
  const dir = sharedPath('annotation-reference', 'bcftools-csq', 'cases', 'ENST00000381157');
  const args = ['-g', join(dir, 'ENST00000381157.gff'), '-f', join(dir, 'ENST00000381157.fa'), '--no-bundle', '-O', 'j'];
  type Row = { pos: number; consequences: { terms: string[]; aminoAcids?: string; haplotype?: { terms: string[]; aminoAcids: string; with: string[] } }[] };

  it('31177 C>T and 31178 G>T on one haplotype of SAMPLE1 are 88A>88V together (bcftools csq agrees)', () => {
    const r = runPrecis(['annotate', join(dir, 'haploid-diploid.vcf'), ...args]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    const at = (p: number): Row['consequences'][number] => rows.find((x) => x.pos === p)!.consequences[0]!;
    expect(at(31177).haplotype).toEqual({ terms: ['missense_variant'], aminoAcids: 'A/V', codons: 'gcg/gTT', with: ['31178 G>T'] });
    expect(at(31178).terms).toEqual(['synonymous_variant']);
    expect(at(31178).haplotype?.with).toEqual(['31177 C>T']);
    expect(at(31140).haplotype).toBeUndefined();
  });

  it('unphased homozygous calls are combined: both haplotypes carry the ALT (upstream-stop.cmd.out)', () => {
    const d = sharedPath('annotation-reference', 'bcftools-csq', 'cases', 'ENST00000000000');
    // bcftools: 6723 A>T and 6725 G>A, both 1/1 in sample aaa, make 49K>49* together
    const expected = readFileSync(join(d, 'upstream-stop.cmd.out'), 'utf8').split('\n')[0]!;
    expect(expected).toContain('stop_gained|WBGene00016561|C41D11.1e.1|protein_coding|+|49K>49*|6723A>T+6725G>A');
    const r = runPrecis(['annotate', join(d, 'upstream-stop.vcf'), '-g', join(d, 'ENST00000000000.gff'), '-f', join(d, 'ENST00000000000.fa'), '--no-bundle', '-O', 'j']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pos: number; consequences: { transcript: string; haplotype?: { terms: string[]; aminoAcids: string; with: string[] } }[] });
    const on = (p: number) => rows.find((x) => x.pos === p)!.consequences.find((c) => c.transcript === 'C41D11.1e.1')!;
    expect(on(6723).haplotype).toMatchObject({ terms: ['stop_gained'], aminoAcids: 'K/*', with: ['6725 G>A'] });
    expect(on(6725).haplotype?.with).toEqual(['6723 A>T']);
    expect(on(7395).haplotype).toBeUndefined();
  });

  it('a record that cannot combine (an insertion) between the pair holds nothing up: the pair combines, lines keep their order', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'precis-hap-'));
    const lines = readFileSync(join(dir, 'haploid-diploid.vcf'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('X\t31178\t'));
    lines.splice(at, 0, 'X\t31177\t.\tC\tCA\t.\t.\t.\tGT\t1|0\t1');
    writeFileSync(join(tmp, 'with-insertion.vcf'), lines.join('\n'));
    const r = runPrecis(['annotate', join(tmp, 'with-insertion.vcf'), ...args]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row & { alt: string });
    const input = lines.filter((l) => l && !l.startsWith('#')).map((l) => `${l.split('\t')[1]} ${l.split('\t')[4]}`);
    expect(rows.map((x) => `${x.pos} ${x.alt}`)).toEqual(input);
    const snv = rows.find((x) => x.pos === 31177 && x.alt === 'T')!.consequences[0]!;
    expect(snv.haplotype?.with).toEqual(['31178 G>T']);
    expect(rows.find((x) => x.pos === 31177 && x.alt === 'CA')!.consequences.every((c) => c.haplotype === undefined)).toBe(true);
  });

  it('unphased genotypes are not combined', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'precis-hap-'));
    const text = readFileSync(join(dir, 'haploid-diploid.vcf'), 'utf8').replace(/\t1\|0\t1\n/, '\t1/0\t0/1\n').replace(/\t1\t0\|1\n/, '\t1/1\t0/1\n');
    writeFileSync(join(tmp, 'unphased.vcf'), text);
    const r = runPrecis(['annotate', join(tmp, 'unphased.vcf'), ...args]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    expect(rows.every((x) => x.consequences.every((c) => c.haplotype === undefined))).toBe(true);
  });
});
