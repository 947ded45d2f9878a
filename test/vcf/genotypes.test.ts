import { describe, expect, it } from 'vitest';
import { ABSENT, GenotypeScanner, MISSING, parseFloatAt, PrecisError, VcfRecord } from './imports.js';

const rec = (cols: string[], lineNo = 7): VcfRecord => new VcfRecord(Buffer.from(cols.join('\t')), lineNo, 'test.vcf');
const site = ['chr1', '100', '.', 'A', 'G', '.', 'PASS', '.'];

function calls(format: string, samples: string[], select?: Int32Array) {
  const scanner = new GenotypeScanner(samples.length, select);
  const b = scanner.scan(rec([...site, format, ...samples]));
  return Array.from({ length: b.n }, (_, i) => ({ ploidy: b.ploidy[i], a0: b.a0[i], a1: b.a1[i], phased: b.phased[i], ds: b.ds[i] }));
}

describe('GenotypeScanner', () => {
  it('reads diploid, haploid, missing and phased calls', () => {
    expect(calls('GT', ['0/1', '1|1', '0', './.', '.', '.|1', '1'])).toEqual([
      { ploidy: 2, a0: 0, a1: 1, phased: 0, ds: NaN },
      { ploidy: 2, a0: 1, a1: 1, phased: 1, ds: NaN },
      { ploidy: 1, a0: 0, a1: ABSENT, phased: 0, ds: NaN },
      { ploidy: 2, a0: MISSING, a1: MISSING, phased: 0, ds: NaN },
      { ploidy: 1, a0: MISSING, a1: ABSENT, phased: 0, ds: NaN },
      { ploidy: 2, a0: MISSING, a1: 1, phased: 1, ds: NaN },
      { ploidy: 1, a0: 1, a1: ABSENT, phased: 0, ds: NaN },
    ]);
  });

  it('VCF 4.4 leading phase character: |0|1 is phased, /0/1 is not, |1 is a phased haploid call', () => {
    const c = calls('GT', ['|0|1', '/0/1', '|1', '/0|1', '|0/1']);
    expect(c.map((x) => [x.ploidy, x.a0, x.a1, x.phased])).toEqual([
      [2, 0, 1, 1],
      [2, 0, 1, 0],
      [1, 1, ABSENT, 1],
      [2, 0, 1, 1],
      [2, 0, 1, 0],
    ]);
  });

  it('multi-digit alleles and polyploid calls (first two alleles kept)', () => {
    const c = calls('GT', ['12/103', '0/1/2', '3|3']);
    expect(c.map((x) => [x.ploidy, x.a0, x.a1])).toEqual([
      [2, 12, 103],
      [3, 0, 1],
      [2, 3, 3],
    ]);
  });

  it('DS in any FORMAT position, missing, absent or trailing-dropped', () => {
    expect(calls('GT:DS', ['0|1:0.999', '1|1:2', '0|0:.', '0|0']).map((x) => x.ds)).toEqual([0.999, 2, NaN, NaN]);
    expect(calls('GT:GP:DS', ['0|1:0.1,0.8,0.1:1.25', '1|1:0,0,1:1e0', '0/0:.:-0.5']).map((x) => x.ds)).toEqual([1.25, 1, -0.5]);
    const dsFirst = calls('DS:GT', ['0.5:0/1', '.:1/1']);
    expect(dsFirst.map((x) => [x.ds, x.a0, x.a1])).toEqual([
      [0.5, 0, 1],
      [NaN, 1, 1],
    ]);
    // multi-allelic DS (Number=A): the first value
    expect(calls('GT:DS', ['1/2:0.9,1.1']).map((x) => x.ds)).toEqual([0.9]);
  });

  it('a record without GT gives ploidy 0 and missing alleles', () => {
    const c = calls('DS', ['1.5', '0']);
    expect(c.map((x) => [x.ploidy, x.a0, x.a1, x.ds])).toEqual([
      [0, MISSING, MISSING, 1.5],
      [0, MISSING, MISSING, 0],
    ]);
  });

  it('a sample selection maps file columns to slots, in the requested order', () => {
    const c = calls('GT:DS', ['0/0:0.1', '0/1:1.1', '1/1:1.9'], Int32Array.from([1, -1, 0]));
    expect(c.map((x) => [x.a0, x.a1, x.ds])).toEqual([
      [1, 1, 1.9],
      [0, 0, 0.1],
    ]);
  });

  it('the block is reused: a short FORMAT after a long one does not keep old values', () => {
    const scanner = new GenotypeScanner(2);
    scanner.scan(rec([...site, 'GT:DS', '1|1:2', '0|1:1']));
    const b = scanner.scan(rec([...site, 'GT', '0/0', '.']));
    expect([b.hasDs, b.a0[0], b.a1[0], b.ploidy[1], b.a0[1]]).toEqual([false, 0, 0, 1, MISSING]);
    expect(b.count(0, 1)).toBe(0);
    expect(b.count(1, 1)).toBe(-1);
    expect(b.isMissing(1)).toBe(true);
  });

  it('wrong column counts are a BAD_RECORD error naming the line', () => {
    const scanner = new GenotypeScanner(3);
    const tooFew = (): unknown => scanner.scan(rec([...site, 'GT', '0/0', '0/1'], 12));
    const tooMany = (): unknown => scanner.scan(rec([...site, 'GT', '0/0', '0/1', '1/1', '0/0'], 13));
    const sitesOnly = (): unknown => scanner.scan(rec(site, 14));
    expect(tooFew).toThrow(PrecisError);
    expect(tooFew).toThrow('expected 12 columns (9 + 3 samples), found 11');
    expect(tooMany).toThrow('found 13');
    expect(sitesOnly).toThrow('found 8');
    // the count alone, for records whose genotypes are not read: the same errors
    expect(() => scanner.checkColumns(rec([...site, 'GT', '0/0', '0/1'], 12))).toThrow('expected 12 columns (9 + 3 samples), found 11');
    expect(() => scanner.checkColumns(rec([...site, 'GT', '0/0', '0/1', '1/1', '0/0'], 13))).toThrow('found 13');
    expect(() => scanner.checkColumns(rec(site, 14))).toThrow('found 8');
    expect(() => scanner.checkColumns(rec([...site, 'GT', '0/0', '0/1', '1/1'], 15))).not.toThrow();
    expect(() => new GenotypeScanner(0).checkColumns(rec(site, 16))).not.toThrow();
    try {
      tooFew();
    } catch (e) {
      expect((e as PrecisError).toOneLine()).toBe('test.vcf:12: expected 12 columns (9 + 3 samples), found 11');
    }
  });

  it('a GT that is not a genotype is a BAD_RECORD error naming the line and sample, not a missing call', () => {
    const scan = (format: string, gt: string, lineNo = 21): (() => unknown) => () => new GenotypeScanner(2).scan(rec([...site, format, '0/1', format === 'GT' ? gt : `7:${gt}`], lineNo));
    for (const gt of ['1|', '0/', '|', '/', '0/A', '1|0|', 'A', '0 /1', '0/1x']) {
      expect(scan('GT', gt), gt).toThrow(PrecisError);
      // GT after another FORMAT key too
      expect(scan('DP:GT', gt), `DP:GT ${gt}`).toThrow(`GT "${gt}" is not a genotype`);
    }
    try {
      scan('GT', '1|')();
    } catch (e) {
      expect((e as PrecisError).toOneLine()).toMatch(/^test\.vcf:21: sample 2: GT "1\|" is not a genotype \(hint: GT is allele indexes/);
      expect((e as PrecisError).code).toBe('BAD_RECORD');
    }
    // an empty value, a lone '.', and a GT followed by other fields are calls, as before
    expect(calls('GT:DP', ['', '.', '1|0:5']).map((x) => [x.ploidy, x.a0, x.a1, x.phased])).toEqual([
      [0, MISSING, MISSING, 0],
      [1, MISSING, ABSENT, 0],
      [2, 1, 0, 1],
    ]);
  });

  it('a tab ending the line opens no column, as htslib reads it; a second one is an empty column', () => {
    const scanner = new GenotypeScanner(2);
    const r = rec([...site, 'GT', '0/1', '1|1', '']);
    expect(r.line.toString()).toBe([...site, 'GT', '0/1', '1|1'].join('\t'));
    const b = scanner.scan(r);
    expect([b.a0[1], b.a1[1], b.phased[1]]).toEqual([1, 1, 1]);
    expect(() => scanner.scan(rec([...site, 'GT', '0/1', '1|1', '', '']))).toThrow('expected 11 columns (9 + 2 samples), found 12');
    // a sites-only line too
    expect(rec([...site, '']).columnCount()).toBe(8);
  });
});

describe('parseFloatAt', () => {
  const at = (s: string, p = 0): number => parseFloatAt(Buffer.from(s), p);
  it('equals Number(text) for the forms DS takes', () => {
    for (const t of ['0', '1', '2', '0.5', '1.999', '0.000', '-0.25', '+1.5', '1e-3', '2.5E2', '0.12345678901234567', '123456789012345678']) {
      expect(at(`${t}:x`)).toBe(Number(t));
      expect(at(t)).toBe(Number(t));
    }
  });
  it('is NaN for missing or junk values', () => {
    expect(at('.')).toBeNaN();
    expect(at('')).toBeNaN();
    expect(at('abc')).toBeNaN();
    expect(at('1.2x')).toBeNaN();
  });
  it('stops at a comma, colon or tab', () => {
    expect(at('0.9,1.1')).toBe(0.9);
    expect(at('x\t1.5\ty', 2)).toBe(1.5);
  });
});
