import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Annotator } from '../../src/annotate/annotator.js';
import type { VariantAnnotation } from '../../src/annotate/annotation.js';
import { readGeneModels } from '../../src/annotate/gene-models.js';
import { KnownVariantFile } from '../../src/annotate/known-variants.js';
import { TranscriptIndex } from '../../src/annotate/transcript-index.js';
import { minimalAllele, reverseComplement } from '../../src/annotate/variant-allele.js';
import { formatCsq } from '../../src/annotate/csq-writer.js';
import { FastaReader } from '../../src/vcf/index.js';
import { tempFile } from '../helpers/files.js';

/**
 * A hand-built gene: exons 101-130, 201-260, 301-350 (+ strand), CDS 111-331 =
 * ATG GCT TGG (GCT x33) TAA, everything else C but an in-frame TAG at 341-343 in the
 * 3′UTR; introns start GT and end AG. The same
 * gene mirrored onto the minus strand of a second contig checks strand handling.
 */
const L = 6000;
const CDS = `ATGGCTTGG${'GCT'.repeat(33)}TAA`;
function buildGenome(): string {
  const g = Array.from({ length: L }, () => 'C');
  const cdsPos = [...range(111, 130), ...range(201, 260), ...range(301, 331)];
  cdsPos.forEach((p, i) => (g[p - 1] = CDS[i]!));
  // a stop in frame in the 3'UTR (341-343) ends the extension of a lost stop
  g[340] = 'T';
  g[341] = 'A';
  g[342] = 'G';
  for (const [s, e] of [[131, 200], [261, 300]] as const) {
    g[s - 1] = 'G';
    g[s] = 'T';
    g[e - 2] = 'A';
    g[e - 1] = 'G';
  }
  return g.join('');
}
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
const mirror = (p: number): number => L + 1 - p;

let annotator: Annotator;
let geneModels: Awaited<ReturnType<typeof readGeneModels>>;
let genome: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'precis-csq-'));
  genome = buildGenome();
  writeFileSync(join(dir, 'g.fa'), `>chrP\n${genome.replace(/(.{60})/g, '$1\n')}\n>chrM2\n${reverseComplement(genome).replace(/(.{60})/g, '$1\n')}\n`);
  const gff = ['##gff-version 3'];
  const add = (chrom: string, strand: string, map: (p: number) => number): void => {
    const span = (a: number, b: number): [number, number] => [Math.min(map(a), map(b)), Math.max(map(a), map(b))];
    const tid = `TX${strand === '+' ? 'P' : 'M'}`;
    const [gs, ge] = span(101, 350);
    gff.push(`${chrom}\ttest\tgene\t${gs}\t${ge}\t.\t${strand}\t.\tID=gene:G${tid};Name=GENE${tid};biotype=protein_coding`);
    gff.push(`${chrom}\ttest\tmRNA\t${gs}\t${ge}\t.\t${strand}\t.\tID=transcript:${tid};Parent=gene:G${tid};biotype=protein_coding;version=2;tag=basic,Ensembl_canonical,MANE_Select`);
    for (const [a, b] of [[101, 130], [201, 260], [301, 350]] as const) {
      const [s, e] = span(a, b);
      gff.push(`${chrom}\ttest\texon\t${s}\t${e}\t.\t${strand}\t.\tParent=transcript:${tid}`);
    }
    for (const [a, b] of [[111, 130], [201, 260], [301, 331]] as const) {
      const [s, e] = span(a, b);
      gff.push(`${chrom}\ttest\tCDS\t${s}\t${e}\t.\t${strand}\t0\tID=CDS:P${tid};Parent=transcript:${tid};protein_id=P${tid}`);
    }
  };
  add('chrP', '+', (p) => p);
  add('chrM2', '-', mirror);
  writeFileSync(join(dir, 'g.gff3'), `${gff.join('\n')}\n`);
  const models = await readGeneModels(join(dir, 'g.gff3'));
  geneModels = models;
  annotator = new Annotator({ index: new TranscriptIndex(models.transcripts), fasta: await FastaReader.open(join(dir, 'g.fa')) });
});

/** Annotates a plus-strand variant given as VCF POS/REF/ALT. */
async function plus(pos: number, ref: string, alt: string): Promise<VariantAnnotation> {
  expect(genome.slice(pos - 1, pos - 1 + ref.length)).toBe(ref);
  return annotator.annotateAllele(minimalAllele('chrP', pos, ref, alt));
}
/** The same single-base change on the mirrored minus-strand gene. */
async function minus(pos: number, ref: string, alt: string): Promise<VariantAnnotation> {
  return annotator.annotateAllele(minimalAllele('chrM2', mirror(pos), reverseComplement(ref), reverseComplement(alt)));
}

describe('consequences on a hand-built transcript', () => {
  const snvs: [number, string, string, string[], string | undefined, string | undefined][] = [
    [114, 'G', 'T', ['missense_variant'], 'c.4G>T', 'p.Ala2Ser'],
    [116, 'T', 'C', ['synonymous_variant'], 'c.6T>C', 'p.Ala2='],
    [118, 'G', 'A', ['stop_gained'], 'c.8G>A', 'p.Trp3Ter'],
    [111, 'A', 'G', ['start_lost'], 'c.1A>G', 'p.Met1?'],
    [330, 'A', 'C', ['stop_lost'], 'c.110A>C', 'p.Ter37SerextTer4'],
    [331, 'A', 'G', ['stop_retained_variant'], 'c.111A>G', 'p.Ter37='],
    [130, 'C', 'A', ['missense_variant', 'splice_region_variant'], 'c.20C>A', 'p.Ala7Asp'],
    [131, 'G', 'A', ['splice_donor_variant'], 'c.20+1G>A', undefined],
    [135, 'C', 'A', ['splice_donor_5th_base_variant', 'splice_region_variant', 'splice_donor_region_variant', 'intron_variant'], 'c.20+5C>A', undefined],
    [150, 'C', 'A', ['intron_variant'], 'c.20+20C>A', undefined],
    [199, 'A', 'G', ['splice_acceptor_variant'], 'c.21-2A>G', undefined],
    [196, 'C', 'A', ['splice_region_variant', 'splice_polypyrimidine_tract_variant', 'intron_variant'], 'c.21-5C>A', undefined],
    [105, 'C', 'A', ['5_prime_UTR_variant'], 'c.-6C>A', undefined],
    [340, 'C', 'A', ['3_prime_UTR_variant'], 'c.*9C>A', undefined],
  ];
  for (const [pos, ref, alt, terms, c, p] of snvs) {
    it(`${pos}${ref}>${alt}: ${terms[0]} on both strands`, async () => {
      for (const a of [await plus(pos, ref, alt), await minus(pos, ref, alt)]) {
        const tc = a.consequences[0]!;
        expect(tc.terms).toEqual(terms);
        expect(a.mostSevere).toBe(terms[0]);
        expect(tc.hgvsc?.split(':')[1]).toBe(c);
        expect(tc.hgvsp?.split(':')[1]).toBe(p);
        expect(tc.mane).toBe('MANE_Select');
        expect(tc.canonical).toBe(true);
      }
    });
  }

  it('without HGVS (nothing writes it): the same terms, positions, amino acids and codons, and no notation', async () => {
    const plain = new Annotator({ index: new TranscriptIndex(geneModels.transcripts), fasta: await FastaReader.open(join(dir, 'g.fa')), hgvs: false });
    const cases: [number, string, string][] = [...snvs.map(([pos, ref, alt]): [number, string, string] => [pos, ref, alt]), [114, 'GCTT', 'G'], [116, 'T', 'TGCA'], [120, 'G', 'GA'], [150, 'CC', 'C']];
    for (const [pos, ref, alt] of cases) {
      const full = await plus(pos, ref, alt);
      const bare = await plain.annotateAllele(minimalAllele('chrP', pos, ref, alt));
      const strip = (a: VariantAnnotation): unknown => a.consequences.map(({ hgvsc: _c, hgvsp: _p, hgvsShift: _s, ...rest }) => rest);
      expect(bare.consequences.every((x) => x.hgvsc === undefined && x.hgvsp === undefined && x.hgvsShift === undefined)).toBe(true);
      expect(strip(bare)).toEqual(strip(full));
    }
    expect((await plus(116, 'T', 'TGCA')).consequences[0]!.hgvsc).toBeDefined();
  });

  it('distance: upstream and downstream entries reach as far as asked (VEP --distance), each way on its own', async () => {
    const near = new Annotator({ index: new TranscriptIndex(geneModels.transcripts), distance: { upstream: 10, downstream: 0 } });
    const termsAt = async (a: Annotator, pos: number): Promise<string[]> => (await a.annotateAllele(minimalAllele('chrP', pos, 'C', 'A'))).consequences.map((c) => c.terms.join('&'));
    expect(await termsAt(annotator, 80)).toEqual(['upstream_gene_variant']);
    expect(await termsAt(near, 95)).toEqual(['upstream_gene_variant']);
    expect(await termsAt(near, 80)).toEqual(['intergenic_variant']);
    expect(await termsAt(annotator, 360)).toEqual(['downstream_gene_variant']);
    expect(await termsAt(near, 360)).toEqual(['intergenic_variant']);
  });

  it('upstream and downstream within 5 kb, intergenic beyond', async () => {
    const up = await plus(50, 'C', 'A');
    expect(up.consequences[0]!.terms).toEqual(['upstream_gene_variant']);
    expect(up.consequences[0]!.distance).toBe(51);
    const down = await plus(400, 'C', 'A');
    expect(down.consequences[0]!.terms).toEqual(['downstream_gene_variant']);
    expect(down.consequences[0]!.distance).toBe(50);
    const far = await plus(5400, 'C', 'A');
    expect(far.mostSevere).toBe('intergenic_variant');
    expect(far.consequences[0]!.transcript).toBeNull();
    const mUp = await minus(50, 'C', 'A');
    expect(mUp.consequences[0]!.terms).toEqual(['upstream_gene_variant']);
  });

  it('frameshift with HGVS p. and inframe deletion shifted 3′', async () => {
    const fs = await plus(119, 'GG', 'G');
    expect(fs.consequences[0]!.terms).toEqual(['frameshift_variant']);
    expect(fs.consequences[0]!.hgvsc).toBe('TXP.2:c.10del');
    // GCT GCT... read from the second base is CTG CTG... (Leu) and never meets a stop
    expect(fs.consequences[0]!.hgvsp).toBe('PTXP:p.Ala4LeufsTer?');
    const del = await plus(119, 'GGCT', 'G');
    const tc = del.consequences[0]!;
    expect(tc.terms).toEqual(['inframe_deletion']);
    // GCT repeats to the end of exon 1 (c.20): the c. notation moves there
    expect(tc.hgvsc).toBe('TXP.2:c.18_20del');
    expect(tc.hgvsShift).toBe(8);
    // the Ala run continues to residue 36: the p. notation is shifted to its end
    expect(tc.hgvsp).toBe('PTXP:p.Ala36del');
  });

  it('insertion repeating the previous bases is a dup; splice-site insertions', async () => {
    const dup = await plus(116, 'T', 'TGCT');
    expect(dup.consequences[0]!.terms).toEqual(['inframe_insertion']);
    // GCT inserted after c.6 repeats c.4-6; the TGG codon after it stops the 3′ shift
    expect(dup.consequences[0]!.hgvsc).toBe('TXP.2:c.4_6dup');
    expect(dup.consequences[0]!.hgvsp).toBe('PTXP:p.Ala2dup');
    // insertions near the splice sites, as VEP's _intron_effects (release 115) tests them: a
    // window is hit only with both flanks inside it, so a 2-bp site only between its bases;
    // at the exon/intron boundary or between a site and the intron, splice_region (and
    // intron_variant past the site); never splice_region with a site
    const spliceTerms = async (pos: number): Promise<string[]> => {
      const ref = genome[pos - 1]!;
      return (await plus(pos, ref, `${ref}A`)).consequences[0]!.terms.filter((t) => /splice|intron/.test(t)).sort();
    };
    const expected: [number, string[]][] = [
      [127, []],
      [128, ['splice_region_variant']],
      [130, ['splice_region_variant']],
      [131, ['splice_donor_variant']],
      [132, ['intron_variant', 'splice_region_variant']],
      [133, ['intron_variant', 'splice_donor_region_variant', 'splice_region_variant']],
      [137, ['intron_variant', 'splice_region_variant']],
      [138, ['intron_variant']],
      [183, ['intron_variant']],
      [184, ['intron_variant', 'splice_polypyrimidine_tract_variant']],
      [192, ['intron_variant', 'splice_polypyrimidine_tract_variant']],
      [193, ['intron_variant', 'splice_polypyrimidine_tract_variant', 'splice_region_variant']],
      [198, ['intron_variant', 'splice_region_variant']],
      [199, ['splice_acceptor_variant']],
      [200, ['splice_region_variant']],
      [202, ['splice_region_variant']],
      [203, []],
    ];
    const got: [number, string[]][] = [];
    for (const [pos] of expected) got.push([pos, await spliceTerms(pos)]);
    expect(got).toEqual(expected);
    // the mirrored gene on the minus strand: the insertion between the same two bases
    const mirrored: [number, string[]][] = [];
    for (const [pos] of expected) {
      const anchor = mirror(pos + 1);
      const a = await annotator.annotateAllele(minimalAllele('chrM2', anchor, reverseComplement(genome[pos]!), `${reverseComplement(genome[pos]!)}T`));
      mirrored.push([pos, a.consequences[0]!.terms.filter((t) => /splice|intron/.test(t)).sort()]);
    }
    expect(mirrored).toEqual(expected);
    // a deletion over the donor site and the splice region: the site alone (VEP's splice_region predicate)
    const overSite = await plus(129, genome.slice(128, 134), genome[128]!);
    expect(overSite.consequences[0]!.terms.filter((t) => /splice/.test(t))).not.toContain('splice_region_variant');
    expect(overSite.consequences[0]!.terms).toContain('splice_donor_variant');
    const deepIns = await plus(160, 'C', 'CA');
    expect(deepIns.consequences[0]!.terms).toEqual(['intron_variant']);
  });

  it('without a FASTA: coding SNVs are coding_sequence_variant, indels by length', async () => {
    const models = annotator['o'].index;
    const bare = new Annotator({ index: models });
    const snv = await bare.annotateAllele(minimalAllele('chrP', 114, 'G', 'T'));
    expect(snv.consequences[0]!.terms).toEqual(['coding_sequence_variant']);
    expect(snv.consequences[0]!.hgvsc).toBe('TXP.2:c.4G>T');
    expect(snv.consequences[0]!.hgvsp).toBeUndefined();
    const fs = await bare.annotateAllele(minimalAllele('chrP', 119, 'GG', 'G'));
    expect(fs.consequences[0]!.terms).toEqual(['frameshift_variant']);
    const del = await bare.annotateAllele(minimalAllele('chrP', 119, 'GGCT', 'G'));
    expect(del.consequences[0]!.terms).toEqual(['inframe_deletion']);
    // intronic CC deleted from the C run: its REF (150-153) is the only sequence known, so the
    // notation slides 3′ to the end of REF (152-153), not to the end of the run (with the FASTA: c.21-4_21-3del)
    const intronic = (await bare.annotateAllele(minimalAllele('chrP', 150, 'CCCC', 'CC'))).consequences[0]!;
    expect([intronic.hgvsc, intronic.hgvsShift]).toEqual(['TXP.2:c.20+22_20+23del', 1]);
    expect((await plus(150, 'CCCC', 'CC')).consequences[0]!.hgvsc).toBe('TXP.2:c.21-4_21-3del');
  });

  it('HGVS c./p. of indels in exons, introns and across a boundary; frameshifts to a new stop', async () => {
    const cases: [number, string, string, string, string | undefined][] = [
      // TGG|TAG...: the inserted TA makes the next codon a stop
      [119, 'G', 'GTA', 'c.9_10insTA', 'p.Ala4Ter'],
      [119, 'G', 'GT', 'c.9_10insT', 'p.Ala4CysfsTer?'],
      [121, 'CT', 'T', 'c.11del', 'p.Ala4ValfsTer?'],
      [300, 'G', 'GCTTACC', 'c.81-1_81insCTTACC', undefined],
      [150, 'C', 'CAAAA', 'c.20+20_20+21insAAAA', undefined],
      [129, 'GCGTCC', 'T', 'c.19_20+4delinsT', undefined],
      [145, 'CCC', 'GAT', 'c.20+15_20+17delinsGAT', undefined],
    ];
    for (const [pos, ref, alt, c, p] of cases) {
      const tc = (await plus(pos, ref, alt)).consequences[0]!;
      expect(`${pos}${ref}>${alt} ${tc.hgvsc} ${tc.hgvsp}`).toBe(`${pos}${ref}>${alt} TXP.2:${c} ${p === undefined ? undefined : `PTXP:${p}`}`);
    }
  });

  it('indels in an intron shift 3′ along the genome, up to the exon; a repeating insertion is a dup', async () => {
    // the intron 131-200 is GT, C x66 (133-198), AG; plus-strand VCF and the same change mirrored
    const cases: [number, string, string, string, number][] = [
      [150, 'CCCCCC', 'C', 'c.21-7_21-3del', 43],
      [150, 'C', 'CCC', 'c.21-4_21-3dup', 48],
      [150, 'C', 'CCCA', 'c.20+22_20+23insACC', 2],
      [133, 'CCCCCC', 'C', 'c.21-7_21-3del', 60],
    ];
    for (const [pos, ref, alt, c, shift] of cases) {
      const pa = await plus(pos, ref, alt);
      const p = pa.consequences[0]!;
      expect(`${pos}${ref}>${alt} ${p.hgvsc} ${p.hgvsShift}`).toBe(`${pos}${ref}>${alt} TXP.2:${c} ${shift}`);
      // on the minus strand the VCF anchor is the base before the change, mirrored
      const last = pos + ref.length;
      const mRef = reverseComplement(genome.slice(pos, last));
      expect(mRef.slice(1)).toBe(reverseComplement(ref.slice(1)));
      const m = await annotator.annotateAllele(minimalAllele('chrM2', mirror(last), mRef, mRef[0]! + reverseComplement(alt.slice(1))));
      expect(`${pos}${ref}>${alt} ${m.consequences[0]!.hgvsc} ${m.consequences[0]!.hgvsShift}`).toBe(`${pos}${ref}>${alt} TXM.2:${c} ${shift}`);
      // CSQ's HGVS_OFFSET is signed by the transcript's strand, as VEP writes it
      expect([formatCsq([pa], ['HGVS_OFFSET']), formatCsq([m], ['HGVS_OFFSET'])]).toEqual([String(shift), String(-shift)]);
    }
    // a deletion crossing into the exon is not shifted
    expect((await plus(128, genome.slice(127, 131), genome[127]!)).consequences[0]!.hgvsc).toBe('TXP.2:c.19_20+1del');
    // an insertion after the exon's last base (C, then the intron's G) repeats it: a dup, not an intronic insertion
    expect((await plus(130, 'C', 'CC')).consequences[0]!.hgvsc).toBe('TXP.2:c.20dup');
  });

  it('an indel in the exon of a non-coding transcript shifts 3′ too', async () => {
    const gff = readFileSync(join(dir, 'g.gff3'), 'utf8').split('\n').filter((l) => l.startsWith('#') || (l.startsWith('chrP') && !l.includes('\tCDS\t')));
    writeFileSync(join(dir, 'nc.gff3'), `${gff.join('\n').replaceAll('protein_coding', 'lncRNA')}\n`);
    const models = await readGeneModels(join(dir, 'nc.gff3'));
    const nc = new Annotator({ index: new TranscriptIndex(models.transcripts), fasta: annotator['o'].fasta });
    // exon 1 opens with C x10 (101-110); deleting one C anywhere in it is n.10del
    const d = (await nc.annotateAllele(minimalAllele('chrP', 103, 'CC', 'C'))).consequences[0]!;
    expect([d.terms, d.hgvsc, d.hgvsShift]).toEqual([['non_coding_transcript_exon_variant'], 'TXP.2:n.10del', 6]);
  });

  it('indels at the end of a contig do not read past it', async () => {
    const end = await plus(L - 5, 'CCCCCC', 'C');
    expect(end.consequences[0]!.terms).toEqual(['intergenic_variant']);
    const ins = await plus(L, 'C', 'CC');
    expect(ins.consequences[0]!.terms).toEqual(['intergenic_variant']);
  });

  it('an in-frame indel through the stop codon that leaves a stop there is stop_retained too', async () => {
    // ...GCT TAA: TCCT in place of T makes TCC TAA (a serine, then the stop)
    const a = (await plus(329, 'T', 'TCCT')).consequences[0]!;
    expect([a.terms, a.aminoAcids, a.hgvsp]).toEqual([['inframe_insertion', 'stop_retained_variant'], '*/S*', 'PTXP:p.Ala36_Ter37insSer']);
    // a stop made earlier is stop_gained, not retained
    const b = (await plus(329, 'T', 'TAAT')).consequences[0]!;
    expect(b.terms).not.toContain('stop_retained_variant');
  });

  it('a transcript ID past ASCII is written as it is in HGVS', async () => {
    const gff = readFileSync(join(dir, 'g.gff3'), 'utf8').replaceAll('transcript:TXP', 'transcript:TXé');
    writeFileSync(join(dir, 'wide.gff3'), gff);
    const models = await readGeneModels(join(dir, 'wide.gff3'));
    const wide = new Annotator({ index: new TranscriptIndex(models.transcripts), fasta: annotator['o'].fasta });
    const a = await wide.annotateAllele(minimalAllele('chrP', 150, 'C', 'A'));
    expect(a.consequences[0]!.hgvsc).toBe('TXé.2:c.20+20C>A');
    const d = await wide.annotateAllele(minimalAllele('chrP', 119, 'GGCT', 'G'));
    expect(d.consequences[0]!.hgvsc).toBe('TXé.2:c.18_20del');
  });

  it('symbolic and REF-only alleles do not crash', async () => {
    const d = await annotator.annotateAllele(minimalAllele('chrP', 100, 'C', '<DEL>', 400));
    expect(d.consequences[0]!.terms).toContain('transcript_ablation');
    const none = await plus(114, 'G', 'G');
    expect(none.mostSevere).toBe('sequence_variant');
    // gVCF's "any other allele" asserts no change: no transcript consequence (not coding_transcript_variant)
    for (const alt of ['<NON_REF>', '<*>', '*']) {
      const a = await annotator.annotateAllele(minimalAllele('chrP', 114, 'G', alt));
      expect([a.mostSevere, a.consequences.map((c) => [c.transcript, c.terms])]).toEqual(['sequence_variant', [[null, ['sequence_variant']]]]);
    }
  });

  it('source lookups use the left-aligned form of an indel placed anywhere in its repeat', async () => {
    // the source holds the GCT deletion left-aligned (VCF 119 GGCT>G); the query places it two repeats later
    writeFileSync(join(dir, 'known.vcf'), '##fileformat=VCFv4.2\n##INFO=<ID=AF,Number=A,Type=Float,Description="AF">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchrP\t119\tdelGCT\tGGCT\tG\t.\t.\tAF=0.25\n');
    const file = await KnownVariantFile.open(join(dir, 'known.vcf'));
    const withSource = new Annotator({ index: annotator['o'].index, fasta: annotator['o'].fasta, frequencies: [{ file }] });
    const shifted = await withSource.annotateAllele(minimalAllele('chrP', 125, 'TGCT', 'T'));
    expect(shifted.frequencies?.AF).toBe(0.25);
    expect(shifted.existing).toEqual(['delGCT']);
    // consequences stay on the input representation (as VEP and bcftools csq)
    // (126-128 lies within 3 bases of the exon end at 130)
    expect(shifted.consequences[0]!.terms).toEqual(['inframe_deletion', 'splice_region_variant']);
    const other = await withSource.annotateAllele(minimalAllele('chrP', 125, 'TG', 'T'));
    expect(other.frequencies).toBeUndefined();
  });
});

describe('programmed -1 frameshift (overlapping CDS pieces, as SARS-CoV-2 ORF1ab)', () => {
  // CDS 11-22 then 22-39: base 22 is read twice. Coding: ATG GCT GCT TTA AAC GCC TGG CCC GCA TAA
  const CODING = 'ATGGCTGCTTTAAACGCCTGGCCCGCATAA';
  let slipped: Annotator;
  beforeAll(async () => {
    const g = Array.from({ length: 200 }, () => 'C');
    for (let i = 0; i < 12; i++) g[10 + i] = CODING[i]!;
    for (let i = 13; i < 30; i++) g[22 + i - 13] = CODING[i]!;
    writeFileSync(join(dir, 'slip.fa'), `>chrS\n${g.join('')}\n`);
    writeFileSync(
      join(dir, 'slip.gff3'),
      [
        '##gff-version 3',
        'chrS\tt\tgene\t11\t39\t.\t+\t.\tID=gene:S;Name=S;biotype=protein_coding',
        'chrS\tt\tmRNA\t11\t39\t.\t+\t.\tID=transcript:TXS;Parent=gene:S;biotype=protein_coding',
        'chrS\tt\tCDS\t11\t22\t.\t+\t0\tID=CDS:PS;Parent=transcript:TXS;protein_id=PS',
        'chrS\tt\tCDS\t22\t39\t.\t+\t0\tID=CDS:PS;Parent=transcript:TXS;protein_id=PS',
        '',
      ].join('\n'),
    );
    const models = await readGeneModels(join(dir, 'slip.gff3'));
    expect(models.transcripts[0]!.slips).toEqual([22, 1]);
    slipped = new Annotator({ index: new TranscriptIndex(models.transcripts), fasta: await FastaReader.open(join(dir, 'slip.fa')) });
  });
  const call = async (pos: number, ref: string, alt: string): Promise<string> => {
    const c = (await slipped.annotateAllele(minimalAllele('chrS', pos, ref, alt))).consequences[0]!;
    return `${c.terms.join('&')} ${c.hgvsc} ${c.hgvsp} ${c.cdsPosition} ${c.aminoAcids} ${c.codons}`;
  };

  it('reads the coding positions past the slip one base on', async () => {
    // before the slip: nothing moves
    expect(await call(15, 'C', 'A')).toBe('missense_variant TXS:c.5C>A PS:p.Ala2Asp 5 A/D gCt/gAt');
    // genome 30 is coding base 21 (the last G of TGG), not 20
    expect(await call(30, 'G', 'A')).toBe('stop_gained TXS:c.21G>A PS:p.Trp7Ter 21 W/* tgG/tgA');
    expect(await call(37, 'T', 'C')).toBe('stop_lost TXS:c.28T>C PS:p.Ter10GlnextTer? 28 */Q Taa/Caa');
  });

  it('changes both readings of the base read twice', async () => {
    // TTA AAC: the A at 22 ends codon 4 and starts codon 5
    expect(await call(22, 'A', 'G')).toBe('missense_variant TXS:c.12A>G PS:p.Asn5Asp 12-13 LN/LD ttAAac/ttGGac');
  });

  it('takes only a one- or two-base overlap for a frameshift, and only inside the exons', async () => {
    const model = async (pieces: [number, number][], exon?: [number, number]): Promise<number[] | undefined> => {
      const lines = ['##gff-version 3', 'chrS\tt\tmRNA\t11\t60\t.\t+\t.\tID=transcript:T;biotype=protein_coding'];
      if (exon) lines.push(`chrS\tt\texon\t${exon[0]}\t${exon[1]}\t.\t+\t.\tParent=transcript:T`);
      for (const [a, b] of pieces) lines.push(`chrS\tt\tCDS\t${a}\t${b}\t.\t+\t0\tParent=transcript:T`);
      writeFileSync(join(dir, 'pieces.gff3'), `${lines.join('\n')}\n`);
      return (await readGeneModels(join(dir, 'pieces.gff3'))).transcripts[0]!.slips;
    };
    expect(await model([[11, 22], [21, 39]])).toEqual([22, 2]);
    // a long overlap is a model error (merged), a piece inside another a repeated line
    expect(await model([[11, 39], [12, 60]])).toBeUndefined();
    expect(await model([[11, 39], [15, 20]])).toBeUndefined();
    // the overlap lies past the exon: nothing to read twice
    expect(await model([[11, 45], [45, 50]], [11, 39])).toBeUndefined();
  });

  it('does the same on the minus strand', async () => {
    // the same gene mirrored: position p becomes 201 - p, bases complemented
    const fa = readFileSync(join(dir, 'slip.fa'), 'utf8').split('\n')[1]!;
    writeFileSync(join(dir, 'slipm.fa'), `>chrS\n${reverseComplement(fa)}\n`);
    const m = (p: number): number => 201 - p;
    writeFileSync(
      join(dir, 'slipm.gff3'),
      [
        '##gff-version 3',
        `chrS\tt\tgene\t${m(39)}\t${m(11)}\t.\t-\t.\tID=gene:S;Name=S;biotype=protein_coding`,
        `chrS\tt\tmRNA\t${m(39)}\t${m(11)}\t.\t-\t.\tID=transcript:TXS;Parent=gene:S;biotype=protein_coding`,
        `chrS\tt\tCDS\t${m(22)}\t${m(11)}\t.\t-\t0\tID=CDS:PS;Parent=transcript:TXS;protein_id=PS`,
        `chrS\tt\tCDS\t${m(39)}\t${m(22)}\t.\t-\t0\tID=CDS:PS;Parent=transcript:TXS;protein_id=PS`,
        '',
      ].join('\n'),
    );
    const models = await readGeneModels(join(dir, 'slipm.gff3'));
    expect(models.transcripts[0]!.slips).toEqual([m(22), 1]);
    const minusAnn = new Annotator({ index: new TranscriptIndex(models.transcripts), fasta: await FastaReader.open(join(dir, 'slipm.fa')) });
    const callM = async (pos: number, ref: string, alt: string): Promise<string> => {
      const c = (await minusAnn.annotateAllele(minimalAllele('chrS', m(pos), reverseComplement(ref), reverseComplement(alt)))).consequences[0]!;
      return `${c.terms.join('&')} ${c.hgvsc} ${c.hgvsp} ${c.cdsPosition} ${c.aminoAcids} ${c.codons}`;
    };
    expect(await callM(30, 'G', 'A')).toBe('stop_gained TXS:c.21G>A PS:p.Trp7Ter 21 W/* tgG/tgA');
    expect(await callM(22, 'A', 'G')).toBe('missense_variant TXS:c.12A>G PS:p.Asn5Asp 12-13 LN/LD ttAAac/ttGGac');
  });
});

describe('genetic codes: the mitochondrion reads codons with the vertebrate mitochondrial code', () => {
  // one exon 11-40, CDS 16-36: ATG TGA ATA CGA GCT GCT AGA (table 2: M W M R A A *)
  const CDS_MT = 'ATGTGAATACGAGCTGCTAGA';
  const seq = `${'C'.repeat(15)}${CDS_MT}${'C'.repeat(64)}`;
  let mt: Annotator;
  beforeAll(async () => {
    const d = mkdtempSync(join(tmpdir(), 'precis-code-'));
    const contigs = ['chrM', 'chr7', 'mito'];
    writeFileSync(join(d, 'm.fa'), contigs.map((c) => `>${c}\n${seq}\n`).join(''));
    const gff = ['##gff-version 3'];
    for (const c of contigs) {
      gff.push(`${c}\ttest\tmRNA\t11\t40\t.\t+\t.\tID=transcript:T_${c};biotype=protein_coding`);
      gff.push(`${c}\ttest\texon\t11\t40\t.\t+\t.\tParent=transcript:T_${c}`);
      // a RefSeq GFF3 names the table on the CDS line
      gff.push(`${c}\ttest\tCDS\t16\t36\t.\t+\t0\tParent=transcript:T_${c}${c === 'mito' ? ';transl_table=2' : ''}`);
    }
    writeFileSync(join(d, 'm.gff3'), `${gff.join('\n')}\n`);
    const models = await readGeneModels(join(d, 'm.gff3'));
    expect(Object.fromEntries(models.transcripts.map((t) => [t.id, t.geneticCode]))).toEqual({ T_chrM: 2, T_chr7: 1, T_mito: 2 });
    mt = new Annotator({ index: new TranscriptIndex(models.transcripts), fasta: await FastaReader.open(join(d, 'm.fa')) });
  });
  const call = async (chrom: string, pos: number, ref: string, alt: string): Promise<[string[], string | undefined, string | undefined]> => {
    const c = (await mt.annotateAllele(minimalAllele(chrom, pos, ref, alt))).consequences[0]!;
    return [c.terms, c.aminoAcids, c.hgvsp];
  };

  it('TGA is Trp, ATA Met, AGA a stop on chrM and where transl_table=2 says so', async () => {
    for (const chrom of ['chrM', 'mito']) {
      expect(await call(chrom, 21, 'A', 'G')).toEqual([['synonymous_variant'], 'W', 'T_' + chrom + ':p.Trp2=']);
      expect(await call(chrom, 24, 'A', 'G')).toEqual([['synonymous_variant'], 'M', 'T_' + chrom + ':p.Met3=']);
      expect(await call(chrom, 25, 'C', 'A')).toEqual([['stop_gained'], 'R/*', 'T_' + chrom + ':p.Arg4Ter']);
      expect((await call(chrom, 34, 'A', 'G'))[0]).toEqual(['stop_lost']);
    }
  });

  it('the standard code elsewhere: on chr7 ATA is Ile, AGA Arg, and TGA an (internal) stop', async () => {
    // VEP's stop_lost reads the peptides: a stop the change removes, wherever it lies in the CDS
    expect((await call('chr7', 21, 'A', 'G')).slice(0, 2)).toEqual([['stop_lost'], '*/W']);
    expect(await call('chr7', 24, 'A', 'G')).toEqual([['missense_variant'], 'I/M', 'T_chr7:p.Ile3Met']);
    expect(await call('chr7', 25, 'C', 'A')).toEqual([['synonymous_variant'], 'R', 'T_chr7:p.Arg4=']);
    expect(await call('chr7', 34, 'A', 'G')).toEqual([['missense_variant'], 'R/G', 'T_chr7:p.Arg7Gly']);
  });
});

describe('a CDS whose last codon is incomplete (as the mitochondrion\'s TA stops, completed by polyadenylation)', () => {
  // exon 11-40, CDS 16-35: ATG GCT GCT GCT GCT GCT TA (6 codons and 2 bases)
  const seq = `${'C'.repeat(15)}ATG${'GCT'.repeat(5)}TA${'C'.repeat(65)}`;
  let ann: Annotator;
  beforeAll(async () => {
    const d = mkdtempSync(join(tmpdir(), 'precis-partial-'));
    writeFileSync(join(d, 'p.fa'), `>chr5\n${seq}\n`);
    writeFileSync(
      join(d, 'p.gff3'),
      ['##gff-version 3', 'chr5\tt\tmRNA\t11\t40\t.\t+\t.\tID=transcript:TP;biotype=protein_coding', 'chr5\tt\texon\t11\t40\t.\t+\t.\tParent=transcript:TP', 'chr5\tt\tCDS\t16\t35\t.\t+\t0\tParent=transcript:TP', ''].join('\n'),
    );
    const models = await readGeneModels(join(d, 'p.gff3'));
    ann = new Annotator({ index: new TranscriptIndex(models.transcripts), fasta: await FastaReader.open(join(d, 'p.fa')) });
  });
  const terms = async (pos: number, ref: string, alt: string): Promise<string[]> => (await ann.annotateAllele(minimalAllele('chr5', pos, ref, alt))).consequences[0]!.terms;

  it('a change in the partial codon is incomplete_terminal_codon_variant, with coding_sequence_variant or the in-frame indel term', async () => {
    expect(await terms(35, 'A', 'G')).toEqual(['incomplete_terminal_codon_variant', 'coding_sequence_variant']);
    expect(await terms(33, 'TTA', 'T')).toEqual(['incomplete_terminal_codon_variant', 'coding_sequence_variant']);
    // ranked as VEP lists them: inframe_insertion&incomplete_terminal_codon_variant
    expect(await terms(34, 'T', 'TGCA')).toEqual(['inframe_insertion', 'incomplete_terminal_codon_variant']);
    // the whole codons before it read as usual
    expect(await terms(19, 'G', 'A')).toEqual(['missense_variant']);
  });
});

describe('splice region next to a 2-bp intron (a gap a gene model leaves for a genome indel)', () => {
  // exons 101-150 and 153-220 on the + strand, intron 151-152: VEP counts the intronic
  // 3-8 bases from each boundary all the same (intron start+2..+7, end-7..-2), so they
  // reach into the neighbouring exon; bcftools csq reports the same splice_region there
  let tiny: Annotator;
  beforeAll(async () => {
    const d = mkdtempSync(join(tmpdir(), 'precis-tiny-intron-'));
    const gff = [
      '##gff-version 3',
      'chrT\ttest\tgene\t101\t220\t.\t+\t.\tID=gene:GT1;Name=TINY;biotype=protein_coding',
      'chrT\ttest\tmRNA\t101\t220\t.\t+\t.\tID=transcript:TT1;Parent=gene:GT1;biotype=protein_coding',
      'chrT\ttest\texon\t101\t150\t.\t+\t.\tParent=transcript:TT1',
      'chrT\ttest\texon\t153\t220\t.\t+\t.\tParent=transcript:TT1',
      'chrT\ttest\tCDS\t101\t150\t.\t+\t0\tID=CDS:PT1;Parent=transcript:TT1',
      'chrT\ttest\tCDS\t153\t220\t.\t+\t1\tID=CDS:PT1;Parent=transcript:TT1',
    ];
    writeFileSync(join(d, 'tiny.gff3'), `${gff.join('\n')}\n`);
    tiny = new Annotator({ index: new TranscriptIndex((await readGeneModels(join(d, 'tiny.gff3'))).transcripts) });
  });
  const terms = async (pos: number): Promise<string[]> => (await tiny.annotateAllele(minimalAllele('chrT', pos, 'C', 'A'))).consequences[0]!.terms;

  it('is splice_region up to 8 bases from either boundary, in the next exon too', async () => {
    for (const pos of [143, 144, 159, 160]) expect({ pos, terms: await terms(pos) }).toEqual({ pos, terms: ['coding_sequence_variant'] });
    for (const pos of [145, 148, 150, 153, 155, 158]) expect({ pos, splice: (await terms(pos)).includes('splice_region_variant') }).toEqual({ pos, splice: true });
  });

  it('a change in the intron itself hits both splice sites, as bcftools csq says', async () => {
    expect(await terms(151)).toEqual(expect.arrayContaining(['splice_donor_variant', 'splice_acceptor_variant']));
  });
});

describe('NMD transcripts', () => {
  it('NMD_transcript_variant only within the transcript: up/downstream entries are those terms alone, as VEP writes them', async () => {
    const gff = tempFile('g.gff3', [
      '##gff-version 3',
      'c\tt\tgene\t1000\t2000\t.\t+\t.\tID=gene:G;Name=G;biotype=protein_coding',
      'c\tt\ttranscript\t1000\t2000\t.\t+\t.\tID=transcript:NMD1;Parent=gene:G;biotype=nonsense_mediated_decay',
      'c\tt\texon\t1000\t1200\t.\t+\t.\tParent=transcript:NMD1',
      'c\tt\texon\t1800\t2000\t.\t+\t.\tParent=transcript:NMD1',
      'c\tt\tCDS\t1100\t1200\t.\t+\t0\tParent=transcript:NMD1',
      'c\tt\tCDS\t1800\t1840\t.\t+\t1\tParent=transcript:NMD1',
    ]);
    const ann = new Annotator({ index: new TranscriptIndex((await readGeneModels(gff)).transcripts) });
    const terms = async (pos: number): Promise<string[]> => (await ann.annotateAllele(minimalAllele('c', pos, 'A', 'G'))).consequences[0]!.terms;
    expect(await terms(500)).toEqual(['upstream_gene_variant']);
    expect(await terms(3000)).toEqual(['downstream_gene_variant']);
    expect(await terms(1500)).toEqual(['intron_variant', 'NMD_transcript_variant']);
  });
});
