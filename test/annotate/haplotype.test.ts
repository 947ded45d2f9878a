import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsequenceRecord, VariantAnnotation } from '../../src/annotate/annotation.js';
import { combineSameCodon, type PhasedRecord } from '../../src/annotate/haplotype.js';
import { geneticCode } from '../../src/annotate/codon.js';
import { bcftoolsName, type SoTerm } from '../../src/annotate/so-terms.js';
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

  it('three SNVs of one codon on one haplotype (an MNV written as three records) are translated together', () => {
    // GAT (Asp): G>T, A>G, T>C on haplotype 0 give TGC (Cys); any two alone would say otherwise
    const a = snv(100, 'G', 'T', 'Gat/Tat');
    const b = snv(101, 'A', 'G', 'gAt/gGt');
    const c = snv(102, 'T', 'C', 'gaT/gaC');
    const rec = (x: VariantAnnotation, h: number[]): PhasedRecord => ({ annotations: [x], haplotypes: [new Set(h)] });
    expect(combineSameCodon([rec(a, [0]), rec(b, [0]), rec(c, [0])])).toBe(3);
    for (const x of [a, b, c]) expect(x.consequences[0]!.haplotype).toMatchObject({ terms: ['missense_variant'], aminoAcids: 'D/C', codons: 'gat/TGC' });
    expect(a.consequences[0]!.haplotype!.with).toEqual(['101 A>G', '102 T>C']);
    expect(b.consequences[0]!.haplotype!.with).toEqual(['100 G>T', '102 T>C']);
    // the homozygous first SNV with the second on haplotype 0 and the third on haplotype 1:
    // no haplotype carries all three, and no codon claims it does
    const d = snv(100, 'G', 'T', 'Gat/Tat');
    const e = snv(101, 'A', 'G', 'gAt/gGt');
    const f = snv(102, 'T', 'C', 'gaT/gaC');
    combineSameCodon([rec(d, [0, 1]), rec(e, [0]), rec(f, [1])]);
    expect(e.consequences[0]!.haplotype).toMatchObject({ codons: 'gat/TGt', aminoAcids: 'D/C', with: ['100 G>T'] });
    expect(f.consequences[0]!.haplotype).toMatchObject({ codons: 'gat/TaC', aminoAcids: 'D/Y', with: ['100 G>T'] });
    expect(d.consequences[0]!.haplotype!.with).toHaveLength(1);
  });

  it('a long sorted run is combined in pieces with the same result as whole: pairs across the cut are found once', () => {
    // 30 codons of three adjacent SNVs each, every one on haplotype 0
    const make = (): PhasedRecord[] =>
      Array.from({ length: 90 }, (_, i) => {
        const k = i % 3;
        const codon = ['Gat/Tat', 'gAt/gGt', 'gaT/gaC'][k]!;
        return { annotations: [snv(100 + i, 'GAT'[k]!, 'TGC'[k]!, codon, String(1 + Math.floor(i / 3)))], haplotypes: [new Set([0])] };
      });
    const whole = make();
    expect(combineSameCodon(whole)).toBe(90);
    // as the annotate stage does: the first 40 combined, then the last 2 bp of them kept
    // beside the next records, whose pairs start after them
    const pieces = make();
    let n = combineSameCodon(pieces.slice(0, 40));
    n += combineSameCodon(pieces.slice(37), undefined, 3);
    expect(n).toBe(90);
    expect(pieces.map((r) => r.annotations[0]!.consequences[0]!.haplotype)).toEqual(whole.map((r) => r.annotations[0]!.consequences[0]!.haplotype));
    expect(whole[89]!.annotations[0]!.consequences[0]!.haplotype).toMatchObject({ codons: 'gat/TGC', with: ['187 G>T', '188 A>G'] });
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

describe('a long run of adjacent phased coding SNVs', () => {
  it('every codon of 6,000 three-SNV codons (17,999 records, more than a run holds at once) is translated whole, lines in order', () => {
    const codons = 6_000;
    const cds = `ATG${'GAT'.repeat(codons)}TAA`;
    const seq = `${'C'.repeat(100)}${cds}${'C'.repeat(100)}`;
    const dir = mkdtempSync(join(tmpdir(), 'precis-hap-run-'));
    writeFileSync(join(dir, 'r.fa'), `>1\n${seq.replace(/(.{60})/g, '$1\n')}\n`);
    const end = 100 + cds.length;
    writeFileSync(
      join(dir, 'r.gff3'),
      ['##gff-version 3', `1\tt\tgene\t101\t${end}\t.\t+\t.\tID=gene:G;Name=G;biotype=protein_coding`, `1\tt\tmRNA\t101\t${end}\t.\t+\t.\tID=transcript:T;Parent=gene:G;biotype=protein_coding`, `1\tt\texon\t101\t${end}\t.\t+\t.\tParent=transcript:T`, `1\tt\tCDS\t101\t${end}\t.\t+\t0\tParent=transcript:T`].join('\n') + '\n',
    );
    const lines = ['##fileformat=VCFv4.2', '##contig=<ID=1>', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1'];
    // from the second base of the first codon: the run's cuts (every 4,096 records) fall inside codons
    for (let i = 1; i < 3 * codons; i++) lines.push(`1\t${104 + i}\t.\t${'GAT'[i % 3]}\t${'TGC'[i % 3]}\t.\t.\t.\tGT\t1|0`);
    writeFileSync(join(dir, 'r.vcf'), `${lines.join('\n')}\n`);
    const r = runPrecis(['annotate', join(dir, 'r.vcf'), '-g', join(dir, 'r.gff3'), '-f', join(dir, 'r.fa'), '--no-bundle', '--no-cache', '-O', 'j', '-q']);
    expect(r.stderr).toBe('');
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { pos: number; consequences: { haplotype?: { codons: string; aminoAcids: string; with: string[] } }[] });
    expect(rows.map((x) => x.pos)).toEqual(Array.from({ length: 3 * codons - 1 }, (_, i) => 105 + i));
    expect(rows[0]!.consequences[0]!.haplotype).toMatchObject({ codons: 'gat/gGC', aminoAcids: 'D/G', with: ['106 T>C'] });
    const wrong = rows.slice(2).filter((x) => x.consequences[0]?.haplotype?.codons !== 'gat/TGC' || x.consequences[0].haplotype.with.length !== 2);
    expect(wrong.map((x) => x.pos)).toEqual([]);
    expect(rows[3 * 4_000 - 1]!.consequences[0]!.haplotype).toEqual({ terms: ['missense_variant'], aminoAcids: 'D/C', codons: 'gat/TGC', with: ['12105 A>G', '12106 T>C'] });

    // the same records in reverse order: paired in position order (not every pair of the run:
    // 32,000 reversed records took minutes), written out whole at each 4,096; in order, lines as given
    const reversed = [...lines.slice(0, 4), ...lines.slice(4).reverse()];
    writeFileSync(join(dir, 'rev.vcf'), `${reversed.join('\n')}\n`);
    const rv = runPrecis(['annotate', join(dir, 'rev.vcf'), '-g', join(dir, 'r.gff3'), '-f', join(dir, 'r.fa'), '--no-bundle', '--no-cache', '-O', 'j', '-q']);
    expect(rv.stderr).toBe('');
    const back = rv.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as (typeof rows)[number]);
    expect(back.map((x) => x.pos)).toEqual(rows.map((x) => x.pos).reverse());
    // within a written-out stretch every codon is whole, as in order; only codons across the 4 cuts may not be
    const sameAsSorted = back.filter((x, i) => JSON.stringify(x) === JSON.stringify(rows[rows.length - 1 - i])).length;
    expect(sameAsSorted).toBeGreaterThanOrEqual(rows.length - 4 * 3);
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

describeShared('an indel and its neighbour on one haplotype (bcftools csq compound cases)', () => {
  // bcftools csq calls these sites-only files as one haplotype; phased here (0|1) for precis
  const cases = [
    ['ENST00000580206', ['compound.del-ins', 'compound.del-snv', 'compound.ins-snv'], 'test.cmd.out'],
    ['ENST00000379416', ['compound.del-snp', 'compound.ins-del', 'compound.ins-ins', 'compound.ins-snp'], 'compound.cmd.out'],
  ] as const;
  type Row = { pos: number; ref: string; alt: string; consequences: { transcript: string; haplotype?: { terms: string[]; aminoAcids: string; with: string[] } }[] };
  /** `PA>PP` and `A/P` name one change: residues both sides share at either end are dropped */
  const trimmed = (ref: string, alt: string): string => {
    let a = 0;
    while (a < ref.length && a < alt.length && ref[a] === alt[a]) a++;
    let b = 0;
    while (b < ref.length - a && b < alt.length - a && ref[ref.length - 1 - b] === alt[alt.length - 1 - b]) b++;
    return `${ref.slice(a, ref.length - b)}>${alt.slice(a, alt.length - b)}`;
  };

  it('are annotated as the one change they make, with the terms and amino acids bcftools csq gives the compound', () => {
    const seen: string[] = [];
    for (const [id, vcfs, out] of cases) {
      const dir = sharedPath('annotation-reference', 'bcftools-csq', 'cases', id);
      // `term&term|gene|transcript|biotype|strand|353P>353QKK|35750C>CAAAAGA+35751C>A`, for every compound
      const expected = new Map<string, { terms: string[]; aa: string }>();
      for (const entry of readFileSync(join(dir, out), 'utf8').split(/[\n,\t]/)) {
        const f = entry.split('|');
        if (f.length < 7 || !f[6]!.includes('+')) continue;
        const m = /^\d+([A-Z*.]+)>\d+([A-Z*.]+)$/.exec(f[5]!);
        expected.set(`${f[2]} ${f[6]}`, { terms: f[0]!.split('&').filter((t) => t !== 'inframe_altering'), aa: m && !f[0]!.includes('frameshift') ? trimmed(m[1]!, m[2]!) : '' });
      }
      const tmp = mkdtempSync(join(tmpdir(), 'precis-compound-'));
      for (const name of vcfs) {
        const lines = readFileSync(join(dir, `${name}.vcf`), 'utf8').split('\n').filter((l) => l !== '');
        const phased = lines.map((l) => (l.startsWith('##') ? l : l.startsWith('#') ? `##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n${l}\tFORMAT\tS` : `${l}\tGT\t0|1`));
        writeFileSync(join(tmp, `${name}.vcf`), `${phased.join('\n')}\n`);
        const r = runPrecis(['annotate', join(tmp, `${name}.vcf`), '-g', join(dir, `${id}.gff`), '-f', join(dir, `${id}.fa`), '--no-bundle', '--no-cache', '-O', 'j', '-q']);
        expect(r.status).toBe(0);
        for (const row of r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row)) {
          for (const c of row.consequences) {
            if (!c.haplotype) continue;
            const members = [`${row.pos}${row.ref}>${row.alt}`, ...c.haplotype.with.map((w) => w.replace(' ', ''))].sort().join('+');
            const want = expected.get(`${c.transcript.replace(/\.\d+$/, '')} ${members}`);
            if (!want) continue;
            const terms = c.haplotype.terms.map((t) => bcftoolsName(t as SoTerm) ?? t);
            const [ref, alt] = c.haplotype.aminoAcids.split('/');
            expect({ name, members, terms: want.terms.every((t) => terms.includes(t)), aa: want.aa === '' ? '' : trimmed(ref!, alt ?? ref!) }).toEqual({ name, members, terms: true, aa: want.aa });
            seen.push(`${name} ${members}`);
          }
        }
      }
    }
    // every compound of the seven files, on each of its transcripts and both of its records
    expect(new Set(seen).size).toBe(7);
    expect(seen.length).toBeGreaterThanOrEqual(18);
  });
});

describe('a codon split by an intron', () => {
  // exon 1 ends with the first two bases of codon 17 (TC, g149-150), exon 2 starts with its third (A, g401)
  const tmp = mkdtempSync(join(tmpdir(), 'precis-split-codon-'));
  const seq = Array.from({ length: 700 }, (_, i) => 'ACGT'[(i * 7 + (i >> 3)) % 4]!);
  const put = (pos: number, s: string): void => [...s].forEach((c, i) => (seq[pos - 1 + i] = c));
  put(101, `ATG${'GCTAAAGGC'.repeat(5)}TC`);
  put(151, 'GTAAGT');
  put(395, 'TTTCAG');
  put(401, `A${'CTGGATCCATTCAGC'.repeat(3)}CTGGATCCATTCTAA`);
  writeFileSync(join(tmp, 'ref.fa'), `>1\n${seq.join('')}\n`);
  writeFileSync(
    join(tmp, 'g.gff3'),
    [
      '##gff-version 3',
      '1\tt\tgene\t51\t520\t.\t+\t.\tID=gene:G;Name=G;biotype=protein_coding',
      '1\tt\tmRNA\t51\t520\t.\t+\t.\tID=transcript:T;Parent=gene:G;biotype=protein_coding',
      '1\tt\texon\t51\t150\t.\t+\t.\tParent=transcript:T',
      '1\tt\texon\t401\t520\t.\t+\t.\tParent=transcript:T',
      '1\tt\tCDS\t101\t150\t.\t+\t0\tParent=transcript:T',
      '1\tt\tCDS\t401\t461\t.\t+\t1\tParent=transcript:T',
      '',
    ].join('\n'),
  );
  // sample A carries 150 C>G and 401 A>G on its first haplotype, B on different ones; records between them wait
  const rows = [`130\t${seq[129]}\t${seq[129] === 'T' ? 'C' : 'T'}\t0|1\t0|0`, '150\tC\tG\t1|0\t0|1', `300\t${seq[299]}\t${seq[299] === 'A' ? 'C' : 'A'}\t1|1\t0|0`, '401\tA\tG\t1|0\t1|0'];
  writeFileSync(
    join(tmp, 'in.vcf'),
    `##fileformat=VCFv4.2\n##contig=<ID=1,length=700>\n##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n${rows.map((r) => { const [p, ref, alt, a, b] = r.split('\t'); return `1\t${p}\t.\t${ref}\t${alt}\t.\t.\t.\tGT\t${a}\t${b}`; }).join('\n')}\n`,
  );
  const args = ['annotate', join(tmp, 'in.vcf'), '-g', join(tmp, 'g.gff3'), '-f', join(tmp, 'ref.fa'), '--no-bundle', '--no-cache', '-q', '--fields', 'Consequence,Amino_acids,Codons,HAPLOTYPE'];
  const csq = (out: string): string[] => out.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => `${l.split('\t')[1]} ${/CSQ=([^;\t]*)/.exec(l)![1]}`);

  it('is translated with both of its SNVs where one haplotype carries them, as bcftools csq calls it (17S>17W; alone 17S>17* and 17S)', () => {
    const r = runPrecis(args);
    expect(r.status).toBe(0);
    expect(csq(r.stdout)).toEqual([
      expect.stringMatching(/^130 synonymous_variant\|/),
      '150 stop_gained&splice_region_variant|S/*|tCa/tGa|missense_variant:S/W:tca/tGG:401A>G',
      '300 intron_variant|||',
      '401 splice_region_variant&synonymous_variant|S|tcA/tcG|missense_variant:S/W:tca/tGG:150C>G',
    ]);
  });

  it('two frameshifts 3 bp apart on one haplotype restore the frame: an in-frame insertion together (bcftools csq: 342SG>342SRG on the bench)', () => {
    const vcf = join(tmp, 'restore.vcf');
    const b = (p: number): string => seq[p - 1]!;
    writeFileSync(
      vcf,
      `##fileformat=VCFv4.2\n##contig=<ID=1,length=700>\n##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\n` +
        `1\t420\t.\t${b(420)}\t${b(420)}GC\t.\t.\t.\tGT\t1|0\n1\t423\t.\t${b(423)}\t${b(423)}T\t.\t.\t.\tGT\t1|0\n1\t440\t.\t${b(440)}\t${b(440)}GC\t.\t.\t.\tGT\t1|0\n1\t443\t.\t${b(443)}\t${b(443)}T\t.\t.\t.\tGT\t0|1\n`,
    );
    const r = runPrecis(['annotate', vcf, '-g', join(tmp, 'g.gff3'), '-f', join(tmp, 'ref.fa'), '--no-bundle', '--no-cache', '-q', '-O', 'j']);
    expect(r.status).toBe(0);
    type Row = { pos: number; consequences: { terms: string[]; haplotype?: { terms: string[]; with: string[] } }[] };
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    const at = (p: number): Row['consequences'][number] => rows.find((x) => x.pos === p)!.consequences[0]!;
    for (const p of [420, 423, 440, 443]) expect(at(p).terms).toContain('frameshift_variant');
    expect(at(420).haplotype?.terms).toEqual(['inframe_insertion']);
    expect(at(423).haplotype?.with).toEqual([`420 ${b(420)}>${b(420)}GC`]);
    // on different haplotypes each stays a frameshift alone
    expect([at(440).haplotype, at(443).haplotype]).toEqual([undefined, undefined]);
  });

  it('an indel across the intron from a split-codon SNV is not joined to it: only records a few bases apart make one allele', () => {
    const vcf = join(tmp, 'across.vcf');
    // 150 C>G and 401 A>AGA change codon 17 on one haplotype, but an allele spelled from 150 to 401 would span the intron
    writeFileSync(
      vcf,
      `##fileformat=VCFv4.2\n##contig=<ID=1,length=700>\n##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\n` +
        `1\t150\t.\tC\tG\t.\t.\t.\tGT\t1|0\n1\t401\t.\tA\tAGA\t.\t.\t.\tGT\t1|0\n`,
    );
    const r = runPrecis(['annotate', vcf, '-g', join(tmp, 'g.gff3'), '-f', join(tmp, 'ref.fa'), '--no-bundle', '--no-cache', '-q', '-O', 'j']);
    expect(r.status).toBe(0);
    type Row = { pos: number; consequences: { terms: string[]; proteinPosition?: string; haplotype?: unknown }[] };
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    expect(rows.map((x) => [x.pos, x.consequences[0]!.proteinPosition, x.consequences[0]!.terms.includes('frameshift_variant'), x.consequences[0]!.haplotype])).toEqual([
      [150, '17', false, undefined],
      [401, '17-18', true, undefined],
    ]);
  });

  it('on several threads too: the input is not cut inside a CDS, so both parts meet in one job', () => {
    const one = runPrecis(args);
    const threaded = runPrecis([...args, '--threads', '2'], { env: { PRECIS_ANNOTATE_JOB_BYTES: '50' } });
    expect(threaded.status).toBe(0);
    expect(csq(threaded.stdout)).toEqual(csq(one.stdout));
  });
});
