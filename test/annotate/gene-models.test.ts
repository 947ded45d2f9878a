import { copyFileSync, existsSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Annotator } from '../../src/annotate/annotator.js';
import { formatCsq } from '../../src/annotate/csq-writer.js';
import { minimalAllele } from '../../src/annotate/variant-allele.js';
import { readGeneModelsCached } from '../../src/annotate/gene-model-cache.js';
import { readGeneModels } from '../../src/annotate/gene-models.js';
import { cdsLength, transcriptLength } from '../../src/annotate/transcript.js';
import { TranscriptIndex } from '../../src/annotate/transcript-index.js';
import { tempFile } from '../helpers/files.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'annotate');

describe('gene models from a damaged RefSeq-style GFF3', () => {
  it('counts missing parents and phase-less CDS, keeps what it can', async () => {
    const m = await readGeneModels(join(FIX, 'broken.gff3'));
    expect(m.format).toBe('GFF3');
    expect(m.issues.cdsWithoutPhase).toBe(1);
    // rna-MISSING (exon parent) and gene-GONE (transcript parent)
    expect(m.issues.missingParent).toBe(2);
    const byId = new Map(m.transcripts.map((t) => [t.id, t]));
    expect([...byId.keys()].sort()).toEqual(['NM_000001', 'rna-orphan']);
    const t = byId.get('NM_000001')!;
    expect(t.version).toBe('3');
    expect(t.geneName).toBe('ABC1');
    expect(t.mane).toBe('MANE_Select');
    expect(t.biotype).toBe('protein_coding');
    expect(t.proteinId).toBe('NP_000001.1');
    expect([...t.exons]).toEqual([1000, 1200, 1500, 2000]);
    expect([t.cdsStart, t.cdsEnd]).toEqual([1100, 1699]);
    expect(cdsLength(t)).toBe(301);
    const orphan = byId.get('rna-orphan')!;
    expect(orphan.biotype).toBe('lncRNA');
    expect(orphan.strand).toBe(-1);
  });

  it('indexes transcripts for overlap queries through chr aliases', async () => {
    const m = await readGeneModels(join(FIX, 'broken.gff3'));
    const idx = new TranscriptIndex(m.transcripts);
    expect(idx.overlapping('Z', 1999, 1999).map((t) => t.id)).toEqual(['NM_000001']);
    expect(idx.overlapping('chrZ', 2100, 2100)).toEqual([]);
    expect(idx.overlapping('chrZ', 2100, 2100, 5000).map((t) => t.id).sort()).toEqual(['NM_000001', 'rna-orphan']);
  });
});

describe('malformed transcript lines', () => {
  it('an empty name in a GTF transcript_id list names no transcript; a childless transcript whose gene is missing is counted as such', async () => {
    const gtf = tempFile('g.gtf', [
      '21\tx\tgene\t100\t900\t.\t+\t.\tgene_id "G"; gene_name "G";',
      '21\tx\ttranscript\t100\t900\t.\t+\t.\tgene_id "G"; transcript_id "A,";',
      '21\tx\texon\t100\t900\t.\t+\t.\tgene_id "G"; transcript_id "A,";',
      '21\tx\texon\t100\t200\t.\t+\t.\tgene_id "G"; transcript_id ",";',
    ]);
    expect((await readGeneModels(gtf)).transcripts.map((t) => `${t.id} ${[...t.exons].join('-')}`)).toEqual(['A 100-900']);
    const gff = tempFile('g.gff3', ['##gff-version 3', '21\tx\tlincRNA\t100\t900\t.\t+\t.\tID=transcript:T;Parent=gene:NOPE;biotype=lincRNA', '21\tx\tlincRNA\t1000\t1900\t.\t+\t.\tID=transcript:U;biotype=lincRNA']);
    const m = await readGeneModels(gff);
    // T is a transcript of a gene never defined; U, with no parent at all, is a gene-level line
    expect(m.transcripts.map((t) => `${t.id} ${t.geneId}`)).toEqual(['T NOPE']);
    expect([m.issues.missingParent, m.issues.noExons]).toEqual([1, 1]);
    expect(m.issues.messages[0]).toBe('transcript transcript:T: parent "gene:NOPE" is not defined; gene taken from the transcript');
  });
});

describe('gene ids from other databases', () => {
  it("HGNC ids from GENCODE's hgnc_id and RefSeq's Dbxref; APPRIS ranks from GENCODE's tags", async () => {
    const gff = tempFile('g.gff3', [
      '##gff-version 3',
      'chr1\tHAVANA\tgene\t100\t900\t.\t+\t.\tID=ENSG00000000001.1;gene_id=ENSG00000000001.1;gene_name=ABC;gene_type=protein_coding;hgnc_id=HGNC:5',
      'chr1\tHAVANA\ttranscript\t100\t900\t.\t+\t.\tID=ENST00000000001.2;Parent=ENSG00000000001.1;transcript_id=ENST00000000001.2;transcript_type=protein_coding;tag=basic,appris_alternative_2,CCDS',
      'chr1\tHAVANA\texon\t100\t900\t.\t+\t.\tID=exon:ENST00000000001.2:1;Parent=ENST00000000001.2',
      'NC_000001.11\tBestRefSeq\tgene\t2000\t2900\t.\t+\t.\tID=gene-A1BG;Dbxref=GeneID:1,HGNC:HGNC:5,MIM:138670;Name=A1BG;gene_biotype=protein_coding',
      'NC_000001.11\tBestRefSeq\tmRNA\t2000\t2900\t.\t+\t.\tID=rna-NM_130786.4;Parent=gene-A1BG;Dbxref=GeneID:1,GenBank:NM_130786.4,HGNC:HGNC:5;Name=NM_130786.4;gene=A1BG;transcript_id=NM_130786.4',
      'NC_000001.11\tBestRefSeq\texon\t2000\t2900\t.\t+\t.\tParent=rna-NM_130786.4',
      'chr1\tENSEMBL\tgene\t5000\t5900\t.\t+\t.\tID=gene:ENSG2;Name=XYZ;biotype=lncRNA',
      'chr1\tENSEMBL\tlnc_RNA\t5000\t5900\t.\t+\t.\tID=transcript:ENST2;Parent=gene:ENSG2;biotype=lncRNA',
      'chr1\tENSEMBL\texon\t5000\t5900\t.\t+\t.\tParent=transcript:ENST2',
    ]);
    const m = await readGeneModels(gff);
    expect(m.transcripts.map((t) => `${t.id} ${t.hgncId ?? '-'} ${t.appris ?? '-'}`).sort()).toEqual(['ENST00000000001 HGNC:5 12', 'ENST2 - -', 'NM_130786 HGNC:5 -']);
    // as VEP's --symbol and --appris write them; a bare CCDS tag names no CCDS record
    const ann = new Annotator({ index: new TranscriptIndex(m.transcripts), distance: { upstream: 0, downstream: 0 } });
    const csq = async (chrom: string, pos: number): Promise<string> => formatCsq([await ann.annotateAllele(minimalAllele(chrom, pos, 'A', 'G'))], ['SYMBOL', 'HGNC_ID', 'SYMBOL_SOURCE', 'APPRIS', 'CCDS']);
    expect(await csq('chr1', 500)).toBe('ABC|HGNC:5|HGNC|A2|');
    expect(await csq('1', 2500)).toBe('A1BG|HGNC:5|HGNC||');
    expect(await csq('chr1', 5500)).toBe('XYZ||||');
  });
});

describe("NCBI RefSeq's GFF3", () => {
  it('names genes by their Entrez id, reads a microRNA precursor as the transcript (not its mature miRNA) and works out biotypes as VEP does', async () => {
    const r = (type: string, start: number, end: number, attrs: string, strand = '+'): string => `NC_000020.11\tBestRefSeq\t${type}\t${start}\t${end}\t.\t${strand}\t.\t${attrs}`;
    const gff = tempFile('refseq.gff3', [
      '##gff-version 3',
      r('region', 1, 64444167, 'ID=NC_000020.11:1..64444167;Dbxref=taxon:9606;chromosome=20;gbkey=Src;genome=chromosome'),
      r('gene', 1000, 1070, 'ID=gene-MIR1-1;Dbxref=GeneID:406904,HGNC:HGNC:31499,miRBase:MI0000651;Name=MIR1-1;description=microRNA 1-1;gbkey=Gene;gene=MIR1-1;gene_biotype=miRNA'),
      r('primary_transcript', 1000, 1070, 'ID=rna-NR_029780.1;Parent=gene-MIR1-1;Dbxref=GeneID:406904,GenBank:NR_029780.1,HGNC:HGNC:31499;gbkey=precursor_RNA;gene=MIR1-1;transcript_id=NR_029780.1'),
      r('exon', 1000, 1070, 'ID=exon-NR_029780.1-1;Parent=rna-NR_029780.1;gbkey=precursor_RNA;gene=MIR1-1;transcript_id=NR_029780.1'),
      r('miRNA', 1041, 1062, 'ID=rna-MIR1-1;Parent=rna-NR_029780.1;Dbxref=GeneID:406904,miRBase:MIMAT0000416;gbkey=ncRNA;gene=MIR1-1;product=hsa-miR-1-3p'),
      r('exon', 1041, 1062, 'ID=exon-MIR1-1-1;Parent=rna-MIR1-1;gbkey=ncRNA;gene=MIR1-1'),
      r('gene', 2000, 2900, 'ID=gene-ABC;Dbxref=GeneID:7;Name=ABC;gbkey=Gene;gene=ABC;gene_biotype=protein_coding'),
      r('mRNA', 2000, 2900, 'ID=rna-NM_000007.2;Parent=gene-ABC;Dbxref=GeneID:7,GenBank:NM_000007.2;gbkey=mRNA;gene=ABC;tag=MANE Select;transcript_id=NM_000007.2'),
      r('exon', 2000, 2900, 'ID=exon-NM_000007.2-1;Parent=rna-NM_000007.2;gbkey=mRNA;gene=ABC;transcript_id=NM_000007.2'),
      r('transcript', 2000, 2900, 'ID=rna-NR_000008.1;Parent=gene-ABC;Dbxref=GeneID:7,GenBank:NR_000008.1;gbkey=misc_RNA;gene=ABC;transcript_id=NR_000008.1'),
      r('exon', 2000, 2900, 'ID=exon-NR_000008.1-1;Parent=rna-NR_000008.1;gbkey=misc_RNA;gene=ABC;transcript_id=NR_000008.1'),
      r('gene', 5000, 5400, 'ID=gene-IGHV1-2;Dbxref=GeneID:28474;Name=IGHV1-2;gbkey=Gene;gene=IGHV1-2;gene_biotype=V_segment', '-'),
      r('V_gene_segment', 5000, 5400, 'ID=id-IGHV1-2;Parent=gene-IGHV1-2;Dbxref=GeneID:28474;gbkey=V_segment;gene=IGHV1-2;standard_name=IGHV1-2', '-'),
      r('exon', 5000, 5400, 'ID=exon-id-IGHV1-2-1;Parent=id-IGHV1-2;gbkey=V_segment;gene=IGHV1-2', '-'),
      r('gene', 7000, 7400, 'ID=gene-RNU1;Name=RNU1;gbkey=Gene;gene=RNU1;gene_biotype=ncRNA'),
      r('ncRNA', 7000, 7400, 'ID=rna-NR_000009.1;Parent=gene-RNU1;gbkey=ncRNA;gene=RNU1;ncrna_class=snRNA;transcript_id=NR_000009.1'),
      r('exon', 7000, 7400, 'ID=exon-NR_000009.1-1;Parent=rna-NR_000009.1;gbkey=ncRNA;gene=RNU1;transcript_id=NR_000009.1'),
    ]);
    const m = await readGeneModels(gff);
    expect(m.transcripts.map((t) => `${t.id} ${t.geneId} ${t.geneName} ${t.biotype}`).sort()).toEqual([
      'NM_000007 7 ABC protein_coding',
      'NR_000008 7 ABC misc_RNA',
      'NR_000009 gene-RNU1 RNU1 snRNA',
      'NR_029780 406904 MIR1-1 miRNA',
      'id-IGHV1-2 28474 IGHV1-2 IG_V_gene',
    ]);
    expect(m.issues).toEqual({ missingParent: 0, cdsWithoutPhase: 0, noExons: 0, messages: [] });
  });
});

describe('transcripts without exon lines', () => {
  it('a non-coding one is one exon over its span; a coding one is skipped; both are counted; genes and GENCODE start codons are not transcripts', async () => {
    const gff = tempFile('g.gff3', [
      '##gff-version 3',
      '3\t.\tlincRNA_gene\t20\t50\t.\t-\t.\tID=gene:G4;Name=mir-007;biotype=lincRNA',
      '3\t.\tlincRNA\t20\t50\t.\t-\t.\tID=transcript:T4;Parent=gene:G4;biotype=lincRNA',
      '3\t.\tgene\t100\t200\t.\t+\t.\tID=gene:G5;Name=CODING;biotype=protein_coding',
      '3\t.\tmRNA\t100\t200\t.\t+\t.\tID=transcript:T5;Parent=gene:G5',
      '3\t.\tgene\t300\t400\t.\t+\t.\tID=G6;gene_name=FULL;gene_type=protein_coding',
      '3\t.\ttranscript\t300\t400\t.\t+\t.\tID=T6;Parent=G6;transcript_type=protein_coding',
      '3\t.\texon\t300\t400\t.\t+\t.\tID=exon:T6:1;Parent=T6',
      '3\t.\tCDS\t310\t390\t.\t+\t0\tID=CDS:T6;Parent=T6',
      '3\t.\tstart_codon\t310\t312\t.\t+\t0\tID=start_codon:T6;Parent=T6',
    ]);
    const m = await readGeneModels(gff);
    expect(m.transcripts.map((t) => `${t.id} ${t.biotype} ${[...t.exons].join('-')}`).sort()).toEqual(['T4 lincRNA 20-50', 'T6 protein_coding 300-400']);
    expect(m.transcripts.find((t) => t.id === 'T4')!.geneName).toBe('mir-007');
    expect(m.issues.noExons).toBe(2);
    expect(m.issues.messages).toEqual(['transcript transcript:T4 has no exon lines; taken as one exon over 20-50', 'transcript transcript:T5 has no exon or CDS lines; skipped']);
  });
});

describeShared('Ensembl GRCh38 chr21 gene models', () => {
  it('reads the GFF3 (old Ensembl dialect) and the GTF to the same transcript structures', async () => {
    const gff = await readGeneModels(sharedPath('annotation-reference', 'vep-grch38-chr21', 'test.gff.gz'));
    const gtf = await readGeneModels(sharedPath('annotation-reference', 'vep-grch38-chr21', 'test.gtf.gz'));
    expect(gtf.format).toBe('GTF');
    expect(gff.issues.missingParent + gff.issues.cdsWithoutPhase).toBe(0);
    const g = new Map(gff.transcripts.map((t) => [t.id, t]));
    // MRPL39's main transcript: minus strand, 10 exons, coding
    const mrpl39 = g.get('ENST00000352957')!;
    expect(mrpl39.geneName).toBe('MRPL39');
    expect(mrpl39.strand).toBe(-1);
    expect(mrpl39.exons.length / 2).toBe(10);
    expect(cdsLength(mrpl39) % 3).toBe(0);
    expect(g.get('ENST00000352957')!.version).toBe('8');
    let compared = 0;
    for (const t of gtf.transcripts) {
      const o = g.get(t.id);
      if (!o) continue;
      compared++;
      expect([...t.exons]).toEqual([...o.exons]);
      // GTF CDS lines exclude the stop codon; its stop_codon lines put it back
      expect([t.cdsStart, t.cdsEnd]).toEqual([o.cdsStart, o.cdsEnd]);
      expect(t.biotype).toBe(o.biotype === 'NMD_transcript_variant' ? 'nonsense_mediated_decay' : o.biotype);
      expect(transcriptLength(t)).toBe(transcriptLength(o));
    }
    expect(compared).toBeGreaterThan(90);
    // exon lines shared by two transcripts: `transcript_id "ENST00000419219,ENST00000419219_1"` (GFF3: Parent=A,B)
    const shared = gtf.transcripts.filter((t) => t.id.startsWith('ENST00000419219')).map((t) => `${t.id} ${t.exons.length / 2}`);
    expect(shared.sort()).toEqual(['ENST00000419219 8', 'ENST00000419219_1 8']);
    expect(gtf.transcripts.length).toBe(103);
    expect(gtf.issues.noExons).toBe(0);
  });

  it('agrees with VEP on the same GFF3: the biotypes of the 58 transcripts of 21:25.5-26 Mb and the make-up of MRPL39-201', async () => {
    // VEP's own expectations for this file (ensembl-vep t/AnnotationSource_File_GFF.t): its
    // fetch of 21:25,500,000-26,000,000 builds these transcripts with these biotypes. ENST00000419219_1 is
    // the file's fake transcript whose exons have two parents.
    const vep: Record<string, string> = {
      ENST00000440126: 'protein_coding', ENST00000457143: 'protein_coding', ENST00000415997: 'protein_coding', ENST00000284971: 'protein_coding',
      ENST00000384075: 'snRNA', ENST00000460679: 'nonsense_mediated_decay', ENST00000400094: 'protein_coding', ENST00000600590: 'antisense',
      ENST00000464867: 'retained_intron', ENST00000455275: 'antisense', ENST00000400099: 'protein_coding', ENST00000400087: 'protein_coding',
      ENST00000307301: 'protein_coding', ENST00000599572: 'antisense', ENST00000617755: 'antisense', ENST00000352957: 'protein_coding',
      ENST00000597894: 'antisense', ENST00000487266: 'processed_transcript', ENST00000462267: 'retained_intron', ENST00000357903: 'protein_coding',
      ENST00000466453: 'processed_transcript', ENST00000486002: 'retained_intron', ENST00000354192: 'protein_coding', ENST00000456904: 'antisense',
      ENST00000419694: 'lincRNA', ENST00000419219: 'protein_coding', ENST00000419219_1: 'protein_coding', ENST00000400532: 'protein_coding',
      ENST00000596669: 'retained_intron', ENST00000477351: 'processed_transcript', ENST00000609365: 'lincRNA', ENST00000359726: 'protein_coding',
      ENST00000358918: 'protein_coding', ENST00000567517: 'antisense', ENST00000456917: 'lincRNA', ENST00000548570: 'processed_transcript',
      ENST00000492962: 'retained_intron', ENST00000471689: 'retained_intron', ENST00000439274: 'protein_coding', ENST00000448850: 'protein_coding',
      ENST00000420965: 'processed_pseudogene', ENST00000463070: 'processed_transcript', ENST00000400093: 'protein_coding',
      ENST00000491395: 'processed_transcript', ENST00000474136: 'processed_transcript', ENST00000400090: 'protein_coding',
      ENST00000400075: 'protein_coding', ENST00000450769: 'processed_pseudogene', ENST00000516163: 'snRNA', ENST00000596385: 'antisense',
      ENST00000354828: 'protein_coding', ENST00000312957: 'protein_coding', ENST00000346798: 'protein_coding', ENST00000436405: 'processed_pseudogene',
      ENST00000608591: 'lincRNA', ENST00000480456: 'protein_coding', ENST00000385060: 'miRNA', ENST00000348990: 'protein_coding',
    };
    const models = await readGeneModels(sharedPath('annotation-reference', 'vep-grch38-chr21', 'test.gff.gz'));
    const byId = new Map(models.transcripts.map((t) => [t.id, t]));
    expect(Object.fromEntries(Object.keys(vep).map((id) => [id, byId.get(id)?.biotype]))).toEqual(vep);
    const t = byId.get('ENST00000307301')!;
    expect([t.geneId, t.geneName, t.proteinId, t.exons.length / 2, t.tsl]).toEqual(['ENSG00000154719', 'MRPL39', 'ENSP00000305682', 11, 5]);
  });
});

describe('gene-model cache', () => {
  it('parses once, then reads the cache until the file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-annotate-gmc-'));
    const saved = process.env.PRECIS_CACHE_DIR;
    process.env.PRECIS_CACHE_DIR = join(dir, 'cache');
    try {
      const gff = join(dir, 'genes.gff3');
      copyFileSync(join(FIX, 'broken.gff3'), gff);
      const first = await readGeneModelsCached(gff);
      expect(first.fromCache).toBe(false);
      expect(readdirSync(join(dir, 'cache')).filter((f) => f.startsWith('annotate-genes-'))).toHaveLength(1);
      const second = await readGeneModelsCached(gff);
      expect(second.fromCache).toBe(true);
      expect(second.transcripts).toEqual(first.transcripts);
      expect(second.transcripts[0]!.exons).toBeInstanceOf(Int32Array);
      expect(second.issues).toEqual(first.issues);
      utimesSync(gff, new Date(), new Date(Date.now() + 5000));
      expect((await readGeneModelsCached(gff)).fromCache).toBe(false);
      expect((await readGeneModelsCached(gff, false)).fromCache).toBe(false);
      expect(existsSync(join(dir, 'cache'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.PRECIS_CACHE_DIR;
      else process.env.PRECIS_CACHE_DIR = saved;
    }
  });
});
