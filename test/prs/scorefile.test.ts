import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScoringBytes, parseScoringLines, scoreBuild } from '../../src/prs/scorefile.js';
import { readScoringFile, readScoringFiles } from '../../src/prs/scorefile-io.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { errorOf } from '../helpers/errors.js';

const parse = (text: string) => parseScoringLines(text.split('\n'), 'test.txt');

describe('scoring-file parser', () => {
  it('refuses a NUL byte, naming its line', () => {
    const text = 'chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n1\t100\tA\tG\t0.5\n1\t101\tA\tG\t0.1\0\n';
    expect(errorOf(() => parseScoringBytes(Buffer.from(text, 'latin1'), 'nul.txt')).toOneLine()).toBe('nul.txt:3: binary data (NUL bytes) in a scoring file; the file is corrupt or not text');
  });

  it('reads the same rows from ASCII bytes as from lines, line by line, whichever path each line takes', () => {
    // ASCII throughout, so every line goes through the byte paths and only the lines
    // out of the ordinary fall back to the string path
    const cells = [
      ['1', '100', 'A', 'G', 'rs1', '0.5', '0.1', ''],
      ['1', '101', 'a', 'G', 'rs2', '1e-3', '', ''],
      ['1', '101', 'A', 'g', 'rs2', '1e-3', '', ''],
      ['1', '102', 'C', '', 'rs03', '-.25', '0.9', 'T'],
      ['1', '103', 'C', '', 'rs4', '2', '', 'a'],
      ['1', '104', 'C', '', '', '3', '', 'A/G'],
      ['1', '105', 'T', 'C/G', 'x9', '+3.', '', ''],
      ['1', '106', 'T', '.', 'rs', '7', '', ''],
      ['', '107', 'T', 'C', 'rs5', '7', '', ''],
      ['2', '0', 'T', 'C', 'rs6', '7', '', ''],
      ['2', 'x', 'T', 'C', 'rs7', '7', '', ''],
      ['2', '9', 'ACGTN', 'A', 'rs8', '12345678901234567', '', ''],
      ['2', '10', 'C', 'T', 'rs9', '-7.25E+21', '1e400', ''],
      ['chr2', '11', 'C', 'T', 'rs10', '0.1234567890123456789', '', 'G'],
      ['2', '12', 'C', 'T ', 'rs11', '-0', '', ''],
      ['2', '14', 'C', 'T', 'rs13', '1', '0.1234567890123456789', ''],
      ['2', '13', 'C', 'T', 'rs12', '0.25'],
    ];
    const body = cells.map((c, i) => c.join('\t') + (i % 3 === 0 ? '\r' : ''));
    const text = [
      '#pgs_id=ASCII',
      'chr_name\tchr_position\teffect_allele\tother_allele\trsID\teffect_weight\tallelefrequency_effect\thm_inferOtherAllele',
      ...body.slice(0, 5),
      '',
      '# between rows',
      ...body.slice(5, 10),
      '\r',
      ...body.slice(10),
      '',
    ].join('\n');
    const fromLines = parseScoringLines(text.split('\n'), 'ascii.txt');
    const fromBytes = parseScoringBytes(Buffer.from(text, 'latin1'), 'ascii.txt');
    expect(fromLines.rows.length).toBe(cells.length);
    expect(fromBytes.rows).toEqual(fromLines.rows);
    expect(fromBytes.scores).toEqual(fromLines.scores);
    expect(fromBytes.rows[3]).toMatchObject({ otherAllele: 'T', effectAlleleFrequency: 0.9, rsid: 'rs03' });
    expect(fromBytes.rows[5]).toMatchObject({ otherAllele: null, unusable: null });
    expect(fromBytes.rows[8]!.unusable).toBe('no_position');
    expect(fromBytes.rows[13]).toMatchObject({ otherAllele: 'T', chrom: 'chr2', line: 19 });
  });

  it('reads the same rows from bytes as from lines (CRLF, padding, non-ASCII, comments, exponents)', () => {
    const text = [
      '#pgs_id=EDGE\r',
      'chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\trsID\r',
      '1\t100\ta\tg\t0.5\trs1\r',
      '\r',
      '1\t101\t A\tG\t1e-3\trs2',
      '# a comment between rows',
      '2\t5\tA/C\t\t-.25 \trs\u00e9',
      ' \t ',
      '2\t6\tT\tC/G\t+3.\t',
      '2\tx\tT\t.\t7\tr',
      'chr3\t9\tACGTACGT\tA\t12345678901234567\t',
      '3\t10\tC\tT\t-0\t',
      '3\t11\tC\tT\t0.1234567890123456789\t',
      '3\t12\tC\tT\t-7.25E+21\t',
      '',
    ].join('\n');
    const fromLines = parseScoringLines(text.split('\n'), 'edge.txt');
    const fromBytes = parseScoringBytes(Buffer.from(text, 'utf8'), 'edge.txt');
    expect(fromBytes.rows).toEqual(fromLines.rows);
    expect(fromBytes.scores).toEqual(fromLines.scores);
    expect(fromBytes.rows.map((r) => r.weight)).toEqual([0.5, 0.001, -0.25, 3, 7, 12345678901234568, -0, 0.12345678901234568, -7.25e21]);
    expect(Object.is(fromBytes.rows[6]!.weight, -0)).toBe(true);
    expect(fromBytes.rows.map((r) => r.line)).toEqual([3, 5, 7, 9, 10, 11, 12, 13, 14]);
    expect(fromBytes.rows[2]).toMatchObject({ rsid: 'rs\u00e9', unusable: 'complex_allele', otherAllele: null });
  });

  it('reads PGS Catalog header metadata and rows', () => {
    const s = parse(
      [
        '###PGS CATALOG SCORING FILE - see https://www.pgscatalog.org/downloads/',
        '#format_version=2.0',
        '##POLYGENIC SCORE (PGS) INFORMATION',
        '#pgs_id=PGS000123',
        '#pgs_name=EXAMPLE',
        '#trait_reported=Height',
        '#weight_type=beta',
        '#genome_build=hg19',
        '#variants_number=2',
        'rsID\tchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight',
        'rs1\t1\t100\ta\tG\t0.5',
        'rs2\t2\t200\tT\tC\t-1.25e-02',
      ].join('\n'),
    );
    expect(s.scores).toHaveLength(1);
    expect(s.scores[0]).toMatchObject({ id: 'PGS000123', pgsName: 'EXAMPLE', traitReported: 'Height', weightType: 'beta', formatVersion: '2.0', genomeBuild: 'hg19', positionBuild: 'GRCh37', variantsDeclared: 2, rows: 2, harmonised: false });
    expect(s.rows[0]).toMatchObject({ rsid: 'rs1', chrom: '1', pos: 100, effectAllele: 'A', otherAllele: 'G', weight: 0.5, effectType: 'additive', line: 11, rowNr: 0, unusable: null });
    expect(s.rows[1]!.weight).toBe(-0.0125);
  });

  it('uses hm_chr/hm_pos and hm_inferOtherAllele of harmonised files, and their HmPOS_build', () => {
    const s = parse(
      [
        '#pgs_id=PGS000001',
        '#genome_build=NR',
        '#HmPOS_build=GRCh38',
        'rsID\tchr_name\teffect_allele\tother_allele\teffect_weight\thm_source\thm_rsID\thm_chr\thm_pos\thm_inferOtherAllele',
        'rs1\t11\tT\t\t0.16\tENSEMBL\trs1\t11\t69516650\tC',
        'rs2\t5\tA\t\t0.1\tENSEMBL\trs2\t5\t1282204\tC/G',
        'rs3\t5\tA\tC\t0.1\tUnknown\t\t\t\t',
      ].join('\n'),
    );
    expect(s.scores[0]).toMatchObject({ harmonised: true, positionBuild: 'GRCh38' });
    expect(s.rows[0]).toMatchObject({ chrom: '11', pos: 69516650, otherAllele: 'C', unusable: null });
    // several inferred other alleles cannot be matched on: effect allele only
    expect(s.rows[1]!.otherAllele).toBeNull();
    // failed harmonisation: no position
    expect(s.rows[2]!.unusable).toBe('no_position');
  });

  it('reads dominant/recessive flags, OR weights and dosage_n_weight rows', () => {
    const s = parse(
      [
        'chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\tis_dominant\tis_recessive',
        '1\t10\tA\tG\t0.1\tTRUE\tFALSE',
        '1\t20\tA\tG\t0.2\tFalse\tTrue',
        '1\t30\tA\tG\t0.3\tFALSE\tFALSE',
      ].join('\n'),
    );
    expect(s.rows.map((r) => r.effectType)).toEqual(['dominant', 'recessive', 'additive']);
    const or = parse('chr_name\tchr_position\teffect_allele\tOR\n1\t10\tA\t2');
    expect(or.rows[0]!.weight).toBeCloseTo(Math.log(2), 15);
    expect(or.rows[0]!.otherAllele).toBeNull();
    const d = parse('chr_name\tchr_position\teffect_allele\tother_allele\tdosage_0_weight\tdosage_1_weight\tdosage_2_weight\n6\t100\tG\tA\t-0.1\t0.09\t0.44');
    expect(d.rows[0]).toMatchObject({ effectType: 'dosage', dosageWeights: [-0.1, 0.09, 0.44] });
  });

  it('flags rows that cannot be matched by position: haplotypes, HLA alleles', () => {
    const s = parse(
      ['rsID\tchr_name\tchr_position\teffect_allele\teffect_weight\tis_haplotype', '\t6\t\tHLA-DQB1*02:01\t1.19\tTRUE', 'rs1\t6\t500\tHLA-A_9_F\t0.5\tFALSE', 'rs2\t6\t600\tC\t0.5\tFALSE'].join('\n'),
    );
    expect(s.rows.map((r) => r.unusable)).toEqual(['haplotype', 'complex_allele', null]);
  });

  it('reads the plink2 --score layout with several weight columns as several scores', () => {
    const s = parse('ID\teffect_allele\tA\tB\n22:100:G:A\tG\t0.1\t0\n22:200:C:T\tT\t0.2\t0.3');
    expect(s.scores.map((m) => m.id)).toEqual(['A', 'B']);
    expect(s.rows).toHaveLength(4);
    expect(s.rows[0]).toMatchObject({ score: 0, chrom: '22', pos: 100, effectAllele: 'G', otherAllele: 'A', weight: 0.1 });
    expect(s.rows[3]).toMatchObject({ score: 1, pos: 200, effectAllele: 'T', otherAllele: 'C', weight: 0.3 });
  });

  it("splits pgsc_calc's normalised long format by accession", () => {
    const s = parse('chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\teffect_type\tis_duplicated\taccession\trow_nr\n1\t5\tA\tG\t1\tadditive\tFalse\tPGS1_hmPOS_GRCh38\t0\n1\t6\tA\tG\t2\trecessive\tFalse\tPGS2\t0');
    expect(s.scores.map((m) => [m.id, m.rows])).toEqual([
      ['PGS1', 1],
      ['PGS2', 1],
    ]);
    expect(s.rows[1]).toMatchObject({ score: 1, effectType: 'recessive' });
  });

  it('rejects missing required columns, naming them', () => {
    const e = errorOf(() => parse('rsID\teffect_allele\tother_allele\teffect_weight\nrs1\tT\tC\t0.1'));
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toContain('chr_name, chr_position');
    expect(e.line).toBe(1);
    expect(errorOf(() => parse('chr_name\tchr_position\teffect_allele\n1\t2\tA')).message).toContain('effect_weight');
  });

  it('rejects non-numeric weights with file and line', () => {
    const e = errorOf(() => parse('#pgs_id=X\nchr_name\tchr_position\teffect_allele\teffect_weight\n1\t10\tA\t0.1\n1\t20\tC\tabc'));
    expect(e.toOneLine()).toBe('test.txt:4: effect_weight "abc" is not a number (hint: weights must be decimal numbers such as 0.0123 or -1.2e-03)');
  });

  it('reports the first bad file first when several are read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-scores-'));
    try {
      const bad = join(dir, 'a.txt');
      const corrupt = join(dir, 'b.txt.gz');
      writeFileSync(bad, 'chr_name\tchr_position\teffect_allele\teffect_weight\n1\t10\tA\tabc\n');
      writeFileSync(corrupt, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
      expect(errorOf(() => readScoringFiles([bad, corrupt])).toOneLine()).toMatch(/a\.txt:2: effect_weight "abc"/);
      expect(errorOf(() => readScoringFiles([corrupt, bad])).toOneLine()).toMatch(/b\.txt\.gz: corrupt gzip data/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps build labels', () => {
    expect(scoreBuild('hg19')).toBe('GRCh37');
    expect(scoreBuild('GRCh38')).toBe('GRCh38');
    expect(scoreBuild('NR')).toBeUndefined();
  });
});

const CORE = 'prs-reference/pygscatalog/pgscatalog.utils/packages/pgscatalog.core/tests/data';
describeShared('scoring files from the PGS Catalog tools', () => {
  it('reads gzip harmonised files and keeps metadata', () => {
    const s = readScoringFile(sharedPath(CORE, 'PGS000001_hmPOS_GRCh38.txt.gz'));
    expect(s.scores[0]).toMatchObject({ id: 'PGS000001', pgsName: 'PRS77_BC', traitReported: 'Breast cancer', positionBuild: 'GRCh38', harmonised: true, rows: 77 });
    expect(s.rows.filter((r) => r.unusable === null).length).toBeGreaterThan(70);
  });

  it('reads dosage_n_weight (GenoBoost) and dominant/recessive harmonised files', () => {
    const g = readScoringFile(sharedPath(CORE, 'PGS004255_hmPOS_GRCh38.txt.gz'));
    expect(g.rows.every((r) => r.effectType === 'dosage')).toBe(true);
    const d = readScoringFile(sharedPath(CORE, 'PGS000802_hmPOS_GRCh37.txt'));
    expect(new Set(d.rows.map((r) => r.effectType))).toEqual(new Set(['additive', 'dominant', 'recessive']));
    expect(d.rows[0]!.effectAlleleFrequency).toBe(0.377);
  });

  it('flags HLA/diplotype rows of complex files instead of failing', () => {
    const s = readScoringFile(sharedPath(CORE, 'complex_variants_PGS004239.txt'));
    expect(s.rows.filter((r) => r.unusable === null)).toHaveLength(5);
    expect(() => readScoringFile(sharedPath(CORE, 'complex_variants_PGS000021.txt'))).toThrow(/chr_name, chr_position/);
  });

  it('rejects the malformed files (no positions)', () => {
    expect(() => readScoringFile(sharedPath(CORE, 'invalid_scorefile.txt'))).toThrow(/chr_name, chr_position/);
    const bad = readScoringFile(sharedPath(CORE, 'bad_harmonised.txt'));
    expect(bad.rows.every((r) => r.unusable === 'no_position')).toBe(true);
  });

  it('reads a custom file without other_allele and several files at once', () => {
    const set = readScoringFiles([sharedPath(CORE, 'custom.txt'), sharedPath(CORE, 'custom_no_oa.txt')]);
    expect(set.scores.map((s) => s.id)).toEqual(['test', 'test2']);
    expect(set.rows[1]).toMatchObject({ score: 1, otherAllele: null, weight: -0.0276 });
    expect(() => readScoringFiles([sharedPath(CORE, 'custom.txt'), sharedPath(CORE, 'custom.txt')])).toThrow(/appears twice/);
  });
});

describe('rsID storage', () => {
  it('keeps rs<digits> as a number and every other text as it is', async () => {
    const { RowTable } = await import('../../src/prs/row-table.js');
    const t = new RowTable();
    const ids = ['rs1', 'rs0', 'rs01', 'rs123456789012345', 'rsı', 'rs१२', 'RS12', 'rs12 ', '', 'chr1:100:A:G'];
    for (const id of ids) t.add(0, 1, 0, id, '1', 100, 'A', 'G', 'additive', 1, null, NaN, null);
    expect(ids.map((_, i) => t.rsidOf(i))).toEqual(ids);
  });
});
