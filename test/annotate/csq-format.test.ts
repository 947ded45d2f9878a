import { describe, expect, it } from 'vitest';
import type { VariantAnnotation } from '../../src/annotate/annotation.js';
import { addInfoField, appendInfoBytes, DEFAULT_CSQ_FIELDS, escapeCsq, variantClass } from '../../src/annotate/csq-format.js';
import { formatCsq } from '../../src/annotate/csq-writer.js';
import { sortTerms, TermSet } from '../../src/annotate/so-terms.js';

describe('appendInfoBytes', () => {
  const line = (info: string): Buffer => Buffer.from(`1\t100\t.\tA\tG\t.\tPASS\t${info}\tGT\t0/1`, 'latin1');
  const bounds = (b: Buffer): [number, number] => {
    let tabs = 0;
    let start = 0;
    for (let i = 0; i < b.length; i++) {
      if (b[i] !== 9) continue;
      tabs++;
      if (tabs === 7) start = i + 1;
      if (tabs === 8) return [start, i];
    }
    return [start, b.length];
  };
  const append = (info: string, value: string): string => {
    const b = line(info);
    const [s, e] = bounds(b);
    return appendInfoBytes(b, s, e, 'CSQ', value).toString('utf8');
  };

  it('replaces an empty INFO, appends to a filled one and keeps the sample columns', () => {
    expect(append('.', 'G|x')).toBe('1\t100\t.\tA\tG\t.\tPASS\tCSQ=G|x\tGT\t0/1');
    expect(append('DP=3;DB', 'G|x')).toBe('1\t100\t.\tA\tG\t.\tPASS\tDP=3;DB;CSQ=G|x\tGT\t0/1');
  });

  it('writes non-ASCII values as UTF-8', () => {
    expect(append('DP=3', 'G|Ünal')).toBe('1\t100\t.\tA\tG\t.\tPASS\tDP=3;CSQ=G|Ünal\tGT\t0/1');
  });

  it('replaces an existing CSQ entry (and only a whole key)', () => {
    expect(append('CSQ=old;DP=3', 'new')).toBe(addInfoField('1\t100\t.\tA\tG\t.\tPASS\tCSQ=old;DP=3\tGT\t0/1', 'CSQ', 'new'));
    expect(append('CSQ=old;DP=3', 'new')).toBe('1\t100\t.\tA\tG\t.\tPASS\tDP=3;CSQ=new\tGT\t0/1');
    expect(append('XCSQ=1', 'new')).toBe('1\t100\t.\tA\tG\t.\tPASS\tXCSQ=1;CSQ=new\tGT\t0/1');
  });
});

describe('CSQ values', () => {
  it('escapes separators and whitespace, including Unicode spaces', () => {
    expect(escapeCsq('a,b|c;d=e f')).toBe('a&b&c%3Bd%3De_f');
    expect(escapeCsq('p.Leu12=')).toBe('p.Leu12%3D');
    expect(escapeCsq('x\u00a0y')).toBe('x_y');
    expect(escapeCsq('Ünal')).toBe('Ünal');
  });

  it('formats one entry per consequence with empty fields kept as empty columns', () => {
    const a: VariantAnnotation = {
      chrom: '1', pos: 100, id: null, ref: 'A', alt: 'G', mostSevere: 'missense_variant', impact: 'MODERATE',
      consequences: [
        { gene: 'G 1', geneId: 'ENSG1', transcript: 'ENST1.2', biotype: 'protein_coding', strand: -1, terms: ['missense_variant', 'splice_region_variant'], impact: 'MODERATE', hgvsp: 'ENSP1:p.Leu2=', mane: 'MANE_Select', canonical: true, picked: true },
        { gene: 'G2', geneId: 'ENSG2', transcript: 'ENST2', biotype: 'lncRNA', strand: 1, terms: ['downstream_gene_variant'], impact: 'MODIFIER', distance: 12, mane: null, canonical: false, picked: false },
      ],
      custom: { score: 0.25, tag: 'a;b' },
    };
    const csq = formatCsq([a], ['Allele', 'Consequence', 'SYMBOL', 'Feature', 'HGVSp', 'DISTANCE', 'STRAND', 'PICK', 'CANONICAL', 'MANE', 'score', 'tag', 'EXON']);
    expect(csq).toBe(
      'G|missense_variant&splice_region_variant|G_1|ENST1.2|ENSP1:p.Leu2%3D||-1|1|YES|MANE_Select|0.25|a%3Bb|,' +
        'G|downstream_gene_variant|G2|ENST2||12|1||||0.25|a%3Bb|',
    );
    expect(formatCsq([a], DEFAULT_CSQ_FIELDS).split(',')[0]!.split('|')).toHaveLength(DEFAULT_CSQ_FIELDS.length);
  });
});

describe('TermSet', () => {
  it('lists its terms most severe first, as sortTerms does', () => {
    const terms = ['intron_variant', 'splice_region_variant', 'NMD_transcript_variant', 'stop_gained', 'splice_region_variant', 'intergenic_variant', 'sequence_variant', '5_prime_UTR_variant'];
    const set = new TermSet();
    for (const t of terms) set.add(t);
    expect(set.size).toBe(7);
    expect(set.has('stop_gained')).toBe(true);
    expect(set.has('missense_variant')).toBe(false);
    expect(set.sorted()).toEqual(sortTerms(terms));
    expect(set.sorted()).toEqual(['stop_gained', 'splice_region_variant', '5_prime_UTR_variant', 'intron_variant', 'NMD_transcript_variant', 'intergenic_variant', 'sequence_variant']);
  });
});

describe('VARIANT_CLASS', () => {
  it("classes ALTs as VEP's --variant_class does, after trimming the bases REF and ALT share", () => {
    const cases: [string, string, string][] = [
      ['A', 'G', 'SNV'],
      ['A', 'AT', 'insertion'],
      ['AT', 'A', 'deletion'],
      ['ATG', 'ACC', 'substitution'],
      ['ATGC', 'AGGC', 'SNV'],
      ['ATG', 'AC', 'indel'],
      ['A', '<DEL>', 'sequence_alteration'],
      ['A', '*', 'sequence_alteration'],
    ];
    expect(cases.map(([r, a]) => variantClass(r, a))).toEqual(cases.map((c) => c[2]));
  });
});
