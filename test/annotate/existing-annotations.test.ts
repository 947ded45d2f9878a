import { describe, expect, it } from 'vitest';
import { parseUpstream, upstreamFormats } from '../../src/annotate/existing-annotations.js';
import { readFileSync } from 'node:fs';
import { openVcf, parseHeader } from '../../src/vcf/index.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

async function firstRecords(file: string, n: number): Promise<{ formats: ReturnType<typeof upstreamFormats>; infos: Map<string, string | true>[] }> {
  const reader = await openVcf(sharedPath('annotation-reference', 'annotated-fixtures', file));
  const formats = upstreamFormats(reader.header);
  const infos: Map<string, string | true>[] = [];
  for await (const rec of reader) {
    infos.push(new Map(rec.info));
    if (infos.length >= n) break;
  }
  reader.close();
  return { formats, infos };
}

describeShared('parsing upstream CSQ / ANN / BCSQ annotations', () => {
  it('VEP 76 CSQ: field order from the header Format list', async () => {
    const { formats, infos } = await firstRecords('vep76_GRCh37_hgvs_1.vep.vcf', 1);
    expect(formats).toHaveLength(1);
    expect(formats[0]!.fields.slice(0, 5)).toEqual(['Allele', 'Gene', 'Feature', 'Feature_type', 'Consequence']);
    const entries = parseUpstream(formats[0]!, infos[0]!.get('CSQ') as string);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ tool: 'VEP', allele: 'T', geneId: 'ENSG00000127054', transcript: 'ENST00000531377', terms: ['downstream_gene_variant'], gene: 'CPSF3L', biotype: 'nonsense_mediated_decay' });
    expect(entries[0]!.fields.DISTANCE).toBe('3393');
  });

  it('SnpEff ANN: the 16 standard sub-fields (file without ##fileformat/#CHROM lines)', () => {
    // the SnpEff example is a fragment: read its ## lines and records directly
    const text = readFileSync(sharedPath('annotation-reference', 'annotated-fixtures', 'snpeff4.1_GRCh37.75_test.ann.vcf'), 'utf8').split('\n');
    const header = parseHeader(text.filter((l) => l.startsWith('##')), '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO', 'snpeff');
    const ann = upstreamFormats(header).find((f) => f.key === 'ANN')!;
    expect(ann.fields[1]).toBe('Annotation');
    expect(ann.fields).toHaveLength(16);
    const records = text.filter((l) => l !== '' && !l.startsWith('#'));
    const entries = records.flatMap((l) => {
      const m = /(?:^|;)ANN=([^;\t]+)/.exec(l.split('\t')[7] ?? '');
      return m ? parseUpstream(ann, m[1]!) : [];
    });
    expect(entries.length).toBeGreaterThan(records.length - 1);
    for (const e of entries) {
      expect(e.tool).toBe('SnpEff');
      expect(e.terms.length).toBeGreaterThan(0);
      expect(['HIGH', 'MODERATE', 'LOW', 'MODIFIER']).toContain(e.impact);
      expect(e.allele).toMatch(/^[ACGTN-]+/);
    }
  });

  it('bcftools BCSQ: consequence|gene|transcript|biotype..., @pointers skipped', async () => {
    const { formats, infos } = await firstRecords('slivar_with-bcsq.vcf', 2);
    const b = formats.find((f) => f.key === 'BCSQ')!;
    expect(parseUpstream(b, infos[0]!.get('BCSQ') as string)).toEqual([
      { tool: 'bcftools', terms: ['intron'], gene: 'EFHD2', transcript: undefined, biotype: 'protein_coding', fields: { Consequence: 'intron', gene: 'EFHD2', biotype: 'protein_coding' } },
    ]);
    expect(parseUpstream(b, '@12345,*missense|G|T1|protein_coding|+|5A>5T|100G>A')).toEqual([
      expect.objectContaining({ terms: ['missense'], gene: 'G', transcript: 'T1' }),
    ]);
  });
});

describe('parsing precis-style CSQ', () => {
  it('round-trips the default fields', () => {
    const fmt = { key: 'CSQ' as const, fields: ['Allele', 'Consequence', 'IMPACT', 'SYMBOL', 'Gene', 'Feature_type', 'Feature', 'BIOTYPE', 'EXON', 'INTRON', 'HGVSc', 'HGVSp'] };
    const [e] = parseUpstream(fmt, 'A|missense_variant&splice_region_variant|MODERATE|G1|ENSG1|Transcript|ENST1.2|protein_coding|3/9||ENST1.2:c.4G>A|ENSP1:p.Ala2Thr');
    expect(e).toMatchObject({ allele: 'A', terms: ['missense_variant', 'splice_region_variant'], impact: 'MODERATE', hgvsc: 'ENST1.2:c.4G>A', hgvsp: 'ENSP1:p.Ala2Thr' });
  });
});
