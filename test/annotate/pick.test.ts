import { expect, it } from 'vitest';
import { Annotator } from '../../src/annotate/annotator.js';
import { readGeneModels } from '../../src/annotate/gene-models.js';
import { TranscriptIndex } from '../../src/annotate/transcript-index.js';
import { minimalAllele } from '../../src/annotate/variant-allele.js';
import { tempFile } from '../helpers/files.js';

/** Three transcripts of one gene over one exon, none MANE or canonical; `tags` and TSL per transcript. */
async function picked(rows: [string, string, number][]): Promise<string> {
  const gff = ['##gff-version 3', 'c\tt\tgene\t100\t900\t.\t+\t.\tID=gene:G;Name=G;biotype=protein_coding'];
  for (const [id, tags, tsl] of rows) {
    gff.push(`c\tt\tmRNA\t100\t900\t.\t+\t.\tID=transcript:${id};Parent=gene:G;biotype=protein_coding;transcript_support_level=${tsl}${tags ? `;tag=${tags}` : ''}`);
    gff.push(`c\tt\texon\t100\t900\t.\t+\t.\tParent=transcript:${id}`);
    gff.push(`c\tt\tCDS\t200\t799\t.\t+\t0\tParent=transcript:${id}`);
  }
  const ann = new Annotator({ index: new TranscriptIndex((await readGeneModels(tempFile('g.gff3', gff))).transcripts), selection: 'pick' });
  const a = await ann.annotateAllele(minimalAllele('c', 500, 'A', 'G'));
  expect(a.consequences).toHaveLength(1);
  return a.consequences[0]!.transcript!;
}

it("--pick: APPRIS (GENCODE's appris_* tags) comes after canonical and before TSL, principal before alternative, as VEP's pick_order", async () => {
  // T2's TSL is the worst, but it is the APPRIS principal isoform
  expect(await picked([['T1', 'basic,appris_alternative_1', 1], ['T2', 'basic,appris_principal_2', 5], ['T3', 'basic', 1]])).toBe('T2');
  // principal_1 before principal_2
  expect(await picked([['T1', 'appris_principal_2', 1], ['T2', 'appris_principal_1', 3]])).toBe('T2');
  // any APPRIS isoform before none; without APPRIS tags TSL decides
  expect(await picked([['T1', '', 1], ['T2', 'appris_alternative_2', 5]])).toBe('T2');
  expect(await picked([['T1', '', 3], ['T2', '', 1]])).toBe('T2');
  // canonical still comes first
  expect(await picked([['T1', 'Ensembl_canonical', 5], ['T2', 'appris_principal_1', 1]])).toBe('T1');
});
