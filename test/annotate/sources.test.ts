import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Annotator } from '../../src/annotate/annotator.js';
import { clinvarClass, type ClinVarClass } from '../../src/annotate/clinvar.js';
import { CustomSource, reduce } from '../../src/annotate/custom-source.js';
import { KnownVariantFile } from '../../src/annotate/known-variants.js';
import { loadResources } from '../../src/annotate/resources.js';
import { readSourceConfig } from '../../src/annotate/source-config.js';
import { minimalAllele } from '../../src/annotate/variant-allele.js';
import { openVcf } from '../../src/vcf/index.js';
import { tempFile } from '../helpers/files.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

const FREQ_COLS = ['AFR', 'AMR', 'EAS', 'EUR', 'SAS', 'AA', 'EA', 'ExAC', 'ExAC_AFR', 'ExAC_AMR', 'ExAC_Adj', 'ExAC_EAS', 'ExAC_FIN', 'ExAC_NFE', 'ExAC_OTH', 'ExAC_SAS'];

/** The VEP cache chunk read independently of precis: (pos:ref:alt) → expected values. */
function cacheTruth(): Map<string, { id: string; clinSig?: string; freqs: Record<string, number> }> {
  const text = gunzipSync(readFileSync(sharedPath('annotation-reference', 'vep-grch38-chr21', 'vep84_exac_cache_chr21_25000001-26000000_var.gz'))).toString('utf8');
  const out = new Map<string, { id: string; clinSig?: string; freqs: Record<string, number> }>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const f = line.split(' ');
    const alleles = f[5]!.split('/');
    if (alleles.some((a) => a.length !== 1 || a === '-')) continue; // the test VCF holds SNVs only
    for (const alt of alleles.slice(1)) {
      const freqs: Record<string, number> = {};
      FREQ_COLS.forEach((c, i) => {
        for (const pair of (f[12 + i] ?? '').split(',')) {
          const [a, x] = pair.split(':');
          if (a === alt && x !== undefined) freqs[`${c}_AF`] = Number(x);
        }
      });
      out.set(`${f[3]}:${alleles[0]}:${alt}`, { id: f[0]!, clinSig: f[9] || undefined, freqs });
    }
  }
  return out;
}

describeShared('known-variant lookups on the GRCh38 chr21 test VCF (embedded bundle)', () => {
  it('every matching allele carries exactly the source values; other alleles carry none', async () => {
    const res = await loadResources({ bundle: true });
    const annotator = new Annotator(res.annotator);
    const truth = cacheTruth();
    const reader = await openVcf(sharedPath('annotation-reference', 'vep-grch38-chr21', 'test.vcf'));
    let matched = 0;
    let withClinSig = 0;
    let records = 0;
    for await (const rec of reader) {
      records++;
      const [a] = await annotator.annotate(rec);
      const t = truth.get(`${rec.pos}:${rec.ref}:${rec.alts[0]}`);
      expect(t, `${rec.pos} is in the cache`).toBeDefined();
      matched++;
      expect(a!.existing).toContain(t!.id);
      if (Object.keys(t!.freqs).length > 0) expect(a!.frequencies?.populations).toEqual(t!.freqs);
      if (t!.clinSig) {
        withClinSig++;
        expect(a!.clinvar?.significance).toBe(t!.clinSig);
      } else expect(a!.clinvar).toBeUndefined();
      // a different ALT at the same site must not pick up the values
      const other = ['A', 'C', 'G', 'T'].find((b) => b !== rec.ref && !truth.has(`${rec.pos}:${rec.ref}:${b}`));
      if (other) {
        const o = await annotator.annotateAllele(minimalAllele(rec.chrom, rec.pos, rec.ref, other));
        expect(o.frequencies).toBeUndefined();
        expect(o.clinvar).toBeUndefined();
        expect(o.existing).toBeUndefined();
      }
    }
    reader.close();
    expect(records).toBe(132);
    expect(matched).toBe(132);
    expect(withClinSig).toBeGreaterThan(0);
  });
});

describe('population frequencies', () => {
  it('popmax is the highest ancestry group: not a sex split, subset, joint value or gnomAD\'s own popmax/grpmax/faf', async () => {
    const vcf = tempFile('f.vcf', [
      '##fileformat=VCFv4.2',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
      // gnomAD v4 style: grpmax and a subset above every group
      '1\t100\t.\tA\tG\t.\t.\tAF=0.01;AF_afr=0.02;AF_nfe=0.005;AF_afr_XX=0.3;AF_grpmax=0.9;AF_grpmax_joint=0.8;faf95_max=0.7;AF_joint=0.6;AF_non_ukb_afr=0.5;AF_raw=0.4',
      // gnomAD v2 style
      '1\t200\t.\tC\tT\t.\t.\tAF=0.1;AF_eas=0.3;AF_sas=0.2;AF_popmax=0.9;AF_controls_eas=0.95;AF_male=0.99',
      // 1000 Genomes style
      '1\t300\t.\tG\tA\t.\t.\tAF=0.1;EUR_AF=0.05;AFR_AF=0.25',
    ]);
    const annotator = new Annotator({ index: (await loadResources({ bundle: false, consequences: false })).annotator.index, consequences: false, frequencies: [{ file: await KnownVariantFile.open(vcf) }] });
    const popmax = async (pos: number, ref: string, alt: string): Promise<unknown> => (await annotator.annotateAllele(minimalAllele('1', pos, ref, alt))).frequencies?.popmax;
    expect(await popmax(100, 'A', 'G')).toEqual({ population: 'AF_afr', AF: 0.02 });
    expect(await popmax(200, 'C', 'T')).toEqual({ population: 'AF_eas', AF: 0.3 });
    expect(await popmax(300, 'G', 'A')).toEqual({ population: 'AFR_AF', AF: 0.25 });
  });
});

describe('ClinVar VCF before 2017 (numeric CLNSIG, CLNALLE)', () => {
  it('reads the entry of the matching ALT: codes named, submissions on different sides conflicting, REF-only and unlisted ALTs given nothing', async () => {
    const vcf = tempFile('clinvar-2016.vcf', [
      '##fileformat=VCFv4.1',
      '##INFO=<ID=CLNALLE,Number=.,Type=Integer,Description="Variant alleles from REF or ALT columns.  0 is REF, 1 is the first ALT allele, etc.">',
      '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="Variant Clinical Significance, 0 - Uncertain significance, 1 - not provided, 2 - Benign, 3 - Likely benign, 4 - Likely pathogenic, 5 - Pathogenic, 6 - drug response, 7 - histocompatibility, 255 - other">',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
      // three submissions, all pathogenic
      '1\t100\trs1\tC\tT\t.\t.\tRS=1;CLNALLE=1;CLNSIG=5|5|5;CLNDBN=Myopathy|Myopathy|not_specified;CLNREVSTAT=no_criteria|single|single;CLNACC=RCV000010183.2|RCV000000001.1|RCV000000002.1',
      // two ALTs, entries in CLNALLE order (the second ALT first); the first ALT conflicting
      '1\t200\trs2\tG\tA,T\t.\t.\tRS=2;CLNALLE=2,1;CLNSIG=2,5|2;CLNDBN=not_specified,Disease\\x2c_type_1|not_specified;CLNREVSTAT=single,mult|single;CLNACC=RCV000000003.1,RCV000000004.1|RCV000000005.1',
      // the assertion is on REF only (0), and one on a HGVS allele no ALT matched (-1)
      '1\t300\trs3\tA\tG\t.\t.\tRS=3;CLNALLE=0,-1;CLNSIG=2,5;CLNDBN=a,b;CLNREVSTAT=single,single;CLNACC=RCV1,RCV2',
      // drug response and likely pathogenic + pathogenic (one side)
      '1\t400\trs4\tA\tC,G\t.\t.\tRS=4;CLNALLE=1,2;CLNSIG=255|6,4|5;CLNDBN=x,y;CLNREVSTAT=single,single;CLNACC=RCV3,RCV4',
      // malformed: an empty code, and an entry with no codes at all
      '1\t500\trs5\tA\tC,G\t.\t.\tRS=5;CLNALLE=1,2;CLNSIG=5|,|',
    ]);
    const annotator = new Annotator({ index: (await loadResources({ bundle: false, consequences: false })).annotator.index, consequences: false, clinvar: [await KnownVariantFile.open(vcf)] });
    const clinvar = async (pos: number, ref: string, alt: string): Promise<unknown> => (await annotator.annotateAllele(minimalAllele('1', pos, ref, alt))).clinvar;
    expect(await clinvar(100, 'C', 'T')).toEqual({ significance: 'Pathogenic', class: 'pathogenic', reviewStatus: 'no_criteria|single|single', condition: 'Myopathy|Myopathy|not_specified', id: 'RCV000010183.2|RCV000000001.1|RCV000000002.1' });
    expect(await clinvar(200, 'G', 'A')).toEqual({ significance: 'Pathogenic|Benign', class: 'conflicting', reviewStatus: 'mult|single', condition: 'Disease,_type_1|not_specified', id: 'RCV000000004.1|RCV000000005.1' });
    expect(await clinvar(200, 'G', 'T')).toEqual({ significance: 'Benign', class: 'benign', reviewStatus: 'single', condition: 'not_specified', id: 'RCV000000003.1' });
    expect(await clinvar(300, 'A', 'G')).toBeUndefined();
    expect(await clinvar(400, 'A', 'C')).toMatchObject({ significance: 'other|drug_response', class: 'other' });
    expect(await clinvar(400, 'A', 'G')).toMatchObject({ significance: 'Likely_pathogenic|Pathogenic', class: 'pathogenic' });
    expect(await clinvar(500, 'A', 'C')).toMatchObject({ significance: 'Pathogenic', class: 'pathogenic' });
    expect(await clinvar(500, 'A', 'G')).toBeUndefined();
    // the allele nobody asserted on at that site
    expect(await clinvar(100, 'C', 'G')).toBeUndefined();
  });
});

describeShared('ClinVar VCF formats', () => {
  it('reads CLNSIG/CLNREVSTAT/CLNDN from the NCBI VCF for its own records, allele by allele', async () => {
    const path = sharedPath('annotation-reference', 'clinvar', 'clinvar_20191007.grch37.72rows.vcf.gz');
    const file = await KnownVariantFile.open(path);
    const annotator = new Annotator({ index: (await loadResources({ bundle: true })).annotator.index, clinvar: [file] });
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    let n = 0;
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const c = line.split('\t');
      const info = new Map(c[7]!.split(';').map((x) => [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)] as [string, string]));
      if (!info.has('CLNSIG')) continue;
      const a = await annotator.annotateAllele(minimalAllele(c[0]!, Number(c[1]), c[3]!, c[4]!));
      expect(a.clinvar?.significance).toBe(info.get('CLNSIG'));
      expect(a.clinvar?.reviewStatus).toBe(info.get('CLNREVSTAT'));
      expect(a.clinvar?.condition).toBe(info.get('CLNDN'));
      expect(a.clinvar?.id).toBe(c[2]);
      n++;
    }
    expect(n).toBeGreaterThan(60);
  });

  it('classifies significance strings', () => {
    expect(clinvarClass('Pathogenic/Likely_pathogenic')).toBe('pathogenic');
    expect(clinvarClass('Likely_pathogenic')).toBe('likely_pathogenic');
    expect(clinvarClass('Conflicting_interpretations_of_pathogenicity')).toBe('conflicting');
    expect(clinvarClass('Uncertain_significance')).toBe('uncertain');
    expect(clinvarClass('Benign/Likely_benign')).toBe('benign');
    expect(clinvarClass('not_provided,pathogenic')).toBe('pathogenic');
    expect(clinvarClass('drug_response')).toBe('other');
    expect(clinvarClass('Likely_pathogenic,_low_penetrance')).toBe('likely_pathogenic');
    // the MacArthur-lab table's ", "
    expect(clinvarClass('Benign..risk_factor')).toBe('benign');
    expect(clinvarClass('Pathogenic..drug_response')).toBe('pathogenic');
  });

  it("MacArthur-lab single-allele table: every row found by its own allele, classed from its submission counts", async () => {
    const path = sharedPath('annotation-reference', 'clinvar', 'clinvar_alleles_example_750_rows.single.b38.vcf');
    const annotator = new Annotator({ index: (await loadResources({ bundle: false, consequences: false })).annotator.index, consequences: false, clinvar: [await KnownVariantFile.open(path)] });
    const order: [string, ClinVarClass][] = [['PATHOGENIC', 'pathogenic'], ['LIKELY_PATHOGENIC', 'likely_pathogenic'], ['UNCERTAIN_SIGNIFICANCE', 'uncertain'], ['BENIGN', 'benign'], ['LIKELY_BENIGN', 'likely_benign']];
    let n = 0;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const c = line.split('\t');
      const info = new Map(c[7]!.split(';').map((x) => [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)] as [string, string]));
      const a = await annotator.annotateAllele(minimalAllele(c[0]!, Number(c[1]), c[3]!, c[4]!));
      expect(a.clinvar?.significance).toBe(info.get('CLINICAL_SIGNIFICANCE'));
      expect(a.clinvar?.id).toBe(info.get('VARIATION_ID'));
      // the strongest class with a submission, unless they conflict (or none of the five is asserted)
      const sig = info.get('CLINICAL_SIGNIFICANCE')!;
      const want = sig.startsWith('Conflicting') ? 'conflicting' : (order.find(([k]) => Number(info.get(k)) > 0)?.[1] ?? 'other');
      expect(`${c[1]} ${sig} ${a.clinvar?.class}`).toBe(`${c[1]} ${sig} ${want}`);
      n++;
    }
    expect(n).toBe(515);
  });
});

describeShared('custom sources (vcfanno-style)', () => {
  const dir = sharedPath('annotation-reference', 'vep-grch38-chr21');

  it('BED column 4 with overlap ops, tabix-indexed', async () => {
    // test.bed.gz: 21:25585721-25585750 test1, 25585733-25585733 test2, 25585734 test3, 25585741-25585750 "0" (0-based starts)
    const mk = (op: 'concat' | 'count' | 'flag' | 'first' | 'uniq'): Promise<CustomSource> => CustomSource.open({ file: join(dir, 'test.bed.gz'), columns: [4], ops: [op], names: ['x'] });
    const v = minimalAllele('21', 25585733, 'C', 'T');
    const out: Record<string, unknown> = {};
    await (await mk('concat')).annotate(v, out as never);
    expect(out.x).toBe('test1,test2');
    await (await mk('count')).annotate(v, out as never);
    expect(out.x).toBe(2);
    await (await mk('flag')).annotate(minimalAllele('21', 25585745, 'A', 'T'), out as never);
    expect(out.x).toBe(true);
    const none: Record<string, unknown> = {};
    await (await mk('flag')).annotate(minimalAllele('21', 25585800, 'A', 'T'), none as never);
    expect(none).toEqual({});
  });

  it('VCF fields are matched by allele, Number=A values per ALT', async () => {
    const src = await CustomSource.open({ file: join(dir, 'test.vcf.gz'), fields: ['FOO', 'ID', 'NOVALUE'], ops: ['self', 'self', 'flag'], names: ['foo', 'id', 'nv'] });
    const out: Record<string, unknown> = {};
    await src.annotate(minimalAllele('21', 25585733, 'C', 'G'), out as never);
    expect(out).toEqual({ foo: 'BAR', id: 'test1', nv: true });
    const miss: Record<string, unknown> = {};
    await src.annotate(minimalAllele('21', 25585733, 'C', 'A'), miss as never);
    expect(miss).toEqual({});
    // ATG>A and ATG>AT at 25585734 are different deletions; ATG>AT is del2's TG>T at 25585735
    // too (the G at 25585736): self gives the IDs of both rows, as vcfanno's self joins them
    const d: Record<string, unknown> = {};
    await src.annotate(minimalAllele('21', 25585734, 'ATG', 'AT'), d as never);
    expect(d.id).toBe('del1,del2');
    const a: Record<string, unknown> = {};
    await src.annotate(minimalAllele('21', 25585734, 'ATG', 'A'), a as never);
    expect(a.id).toBe('del1');
  });

  it('ID and FILTER read those columns of the matching row, as vcfanno does (PASS and . give nothing)', async () => {
    const e = sharedPath('annotation-reference', 'vcfanno-example');
    const src = await CustomSource.open({ file: join(e, 'exac.vcf.gz'), fields: ['ID', 'FILTER', 'AC_AFR'], ops: ['self', 'self', 'self'], names: ['id', 'filter', 'ac'] });
    // expected straight from the source's text: every biallelic SNV row of exac.vcf.gz
    let checked = 0;
    const filters = new Set<string>();
    for (const line of gunzipSync(readFileSync(join(e, 'exac.vcf.gz'))).toString('utf8').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const c = line.split('\t');
      if (c[3]!.length !== 1 || c[4]!.length !== 1) continue;
      const out: Record<string, unknown> = {};
      await src.annotate(minimalAllele(c[0]!, Number(c[1]), c[3]!, c[4]!), out as never);
      expect(out.id).toBe(c[2] === '.' ? undefined : c[2]);
      expect(out.filter).toBe(c[6] === 'PASS' || c[6] === '.' ? undefined : c[6]);
      // Number=A: the piece of the row's one ALT
      const ac = /(?:^|;)AC_AFR=([^;,]+)/.exec(c[7]!)![1]!;
      expect(String(out.ac)).toBe(ac);
      filters.add(c[6]!);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(filters.size).toBeGreaterThan(3);
  });

  it('a dbNSFP table (ref/alt columns in its header) is matched by allele, as vcfanno matches it', async () => {
    const e = sharedPath('annotation-reference', 'vcfanno-example');
    // SIFT_score col 25, Polyphen2_HDIV_score col 31, CADD_phred col 69, ref/alt cols 4-5
    const src = await CustomSource.open({ file: join(e, 'dbNSFP_example.txt.gz'), columns: [25, 31, 69, 5], ops: ['first', 'max', 'self', 'uniq'], names: ['sift', 'pp2', 'cadd', 'alt'] });
    const rows = gunzipSync(readFileSync(join(e, 'dbNSFP_example.txt.gz'))).toString('utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
    expect(rows.length).toBe(12);
    for (const c of rows) {
      const out: Record<string, unknown> = {};
      await src.annotate(minimalAllele(c[0]!, Number(c[1]), c[3]!, c[4]!), out as never);
      const num = (x: string): number | undefined => (x === '.' ? undefined : Number(x));
      expect(out.alt).toBe(c[4]);
      expect(out.sift).toBe(num(c[24]!));
      expect(out.pp2).toBe(num(c[30]!));
      expect(out.cadd).toBe(num(c[68]!));
    }
    // the one query vcfanno's own test annotates: C>T at 22:17072303 (not C>A or C>G there)
    const q: Record<string, unknown> = {};
    await src.annotate(minimalAllele('22', 17072303, 'C', 'T'), q as never);
    expect(q).toEqual({ sift: 0.011, pp2: 0.62, cadd: 0.66957, alt: 'T' });
    const none: Record<string, unknown> = {};
    await src.annotate(minimalAllele('22', 17072304, 'G', 'A'), none as never);
    expect(none).toEqual({});
  });

  it('reductions', () => {
    expect(reduce('mean', ['1', '2', '6'], 3)).toBe(3);
    expect(reduce('max', ['1', '2,7'], 2)).toBe(7);
    expect(reduce('min', ['4', '2'], 2)).toBe(2);
    expect(reduce('sum', ['1.5', '2'], 2)).toBe(3.5);
    expect(reduce('uniq', ['a,b', 'b'], 2)).toBe('a,b');
    expect(reduce('first', ['0.5', 'x'], 2)).toBe(0.5);
    expect(reduce('count', [], 4)).toBe(4);
  });
});

describe('source config files', () => {
  it('reads vcfanno TOML and JSON, resolving paths beside the file', () => {
    const d = mkdtempSync(join(tmpdir(), 'precis-src-'));
    writeFileSync(
      join(d, 'conf.toml'),
      `[[annotation]]\nfile="exac.vcf.gz"\nfields = ["AC_Adj", "AF"]\nops=["max", "self"]\nnames=["exac_ac", "exac_af"]\n\n[[annotation]]\nfile="fitcons.bed.gz"\ncolumns=[4]\nops=["mean"]\nnames=["fitcons"] # comment\n`,
    );
    const t = readSourceConfig(join(d, 'conf.toml'));
    expect(t.custom).toHaveLength(2);
    expect(t.custom[0]).toEqual({ file: join(d, 'exac.vcf.gz'), fields: ['AC_Adj', 'AF'], columns: undefined, ops: ['max', 'self'], names: ['exac_ac', 'exac_af'] });
    expect(t.custom[1]!.columns).toEqual([4]);
    writeFileSync(join(d, 'c.json'), JSON.stringify({ clinvar: 'cv.vcf.gz', frequencies: [{ file: '/abs/g.vcf.gz', fields: ['AF'] }] }));
    const j = readSourceConfig(join(d, 'c.json'));
    expect(j.clinvar).toEqual([join(d, 'cv.vcf.gz')]);
    expect(j.frequencies).toEqual([{ file: '/abs/g.vcf.gz', fields: ['AF'] }]);
    writeFileSync(join(d, 'bad.json'), JSON.stringify({ custom: [{ file: 'x.bed', columns: [4], ops: ['median'], names: ['m'] }] }));
    expect(() => readSourceConfig(join(d, 'bad.json'))).toThrow(/unknown op "median"/);
  });

  it("reads TOML as vcfanno configs write it: arrays over several lines, # inside strings, literal strings; lists what it skips", () => {
    const d = mkdtempSync(join(tmpdir(), 'precis-toml-'));
    writeFileSync(
      join(d, 'multi.toml'),
      [
        '# ExAC, several fields',
        '[[annotation]]',
        "file = 'data/#1/exac.vcf.gz'  # a # in a path is not a comment",
        'fields = ["AC_AFR",',
        '          "AC_AMR", # African, American',
        '          "AC_EAS",',
        '         ]',
        'ops = ["first", "first", "min"]',
        'names = ["ac_afr", "ac_amr", "ac_eas"]',
        '',
        '[[postannotation]]',
        'fields = ["ac_afr", "ac_amr"]',
        'op = "lua:ac_afr + ac_amr"',
        'name = "ac_sum"',
        'type = "Integer"',
        '',
      ].join('\n'),
    );
    const t = readSourceConfig(join(d, 'multi.toml'));
    expect(t.custom).toEqual([{ file: join(d, 'data/#1/exac.vcf.gz'), fields: ['AC_AFR', 'AC_AMR', 'AC_EAS'], columns: undefined, ops: ['first', 'first', 'min'], names: ['ac_afr', 'ac_amr', 'ac_eas'] }]);
    expect(t.skipped).toEqual(['[[postannotation]] (line 11)']);
    // a key outside any block, and an array never closed, are errors with their line
    writeFileSync(join(d, 'stray.toml'), 'file = "x.vcf"\n');
    expect(() => readSourceConfig(join(d, 'stray.toml'))).toThrow(/file outside an \[\[annotation\]\] block/);
    // a `,]` inside a string is the string's own
    writeFileSync(join(d, 'comma.toml'), '[[annotation]]\nfile="odd,].vcf"\nfields = ["AF", ]\nops=["self"]\nnames=["x"]\n');
    expect(readSourceConfig(join(d, 'comma.toml')).custom[0]!.file).toBe(join(d, 'odd,].vcf'));
    writeFileSync(join(d, 'open.toml'), '[[annotation]]\nfile="x.vcf"\nfields = ["AF",\n');
    expect(() => readSourceConfig(join(d, 'open.toml'))).toThrow(/cannot read the value of fields/);
  });
});

describeShared('tabix-windowed sources', () => {
  it('give the same matches as the in-memory table, for every record of an indexed multi-allelic ClinVar file', async () => {
    const path = sharedPath('annotation-reference', 'clinvar', 'clinvar_alleles.multi.b38.vcf.gz');
    const whole = await KnownVariantFile.open(path);
    const windowed = await KnownVariantFile.open(path, 0);
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    let n = 0;
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const c = line.split('\t');
      for (const alt of c[4]!.split(',')) {
        const v = minimalAllele(c[0]!, Number(c[1]), c[3]!, alt);
        const a = await whole.match(v);
        const b = await windowed.match(v);
        expect(b).toEqual(a);
        expect(a.length).toBeGreaterThan(0);
        // once its window is loaded, the synchronous path answers too
        expect(windowed.matchSync(v)).toEqual(a);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
  });
});
