import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runPrecis, runTool } from '../helpers/cli.js';
import { describeShared, describeWithTool, sharedPath } from '../helpers/shared.js';

/**
 * precis annotate's custom sources against Debian's vcfanno, run live on the same TOML:
 * vcfanno's multi-allelic matching cases (ma-db/ma-query) and rows that match an allele
 * several times, where the ops differ (self: the last row's per-ALT value, or every row's
 * value joined; first: the first row's).
 */

/** Per record `pos`, per ALT, per name: the value vcfanno wrote (Number=A names split by ALT). */
function vcfannoValues(vcf: string, names: readonly string[], perAlt: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of vcf.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const c = line.split('\t');
    const alts = c[4]!.split(',');
    // a flag is its bare key
    const info = new Map(c[7]!.split(';').map((kv) => (kv.includes('=') ? [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] : [kv, 'true'])));
    for (const name of names) {
      const v = info.get(name);
      alts.forEach((alt, k) => {
        const x = v === undefined ? '' : perAlt.has(name) && alts.length > 1 ? v.split(',')[k]! : v;
        out.set(`${c[1]} ${alt} ${name}`, x === '.' ? '' : x);
      });
    }
  }
  return out;
}

/** The same keys from precis' CSQ (fields Allele, then `names`); `&` is its escaped comma. */
function precisValues(vcf: string, names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of vcf.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const c = line.split('\t');
    const csq = /(?:^|;)CSQ=([^;\t]*)/.exec(c[7]!)![1]!;
    const alts = c[4]!.split(',');
    csq.split(',').forEach((entry, k) => {
      const f = entry.split('|');
      names.forEach((name, i) => out.set(`${c[1]} ${alts[k]} ${name}`, f[i + 1]!.replace(/&/g, ',')));
    });
  }
  return out;
}

/** Keys whose values differ; numbers compared to vcfanno's printed precision (it writes float32 in 3-5 digits). */
function differences(vcfanno: Map<string, string>, precis: Map<string, string>): string[] {
  const same = (a: string, b: string): boolean => {
    if (a === b) return true;
    const x = a.split(',');
    const y = b.split(',');
    return x.length === y.length && x.every((v, i) => v !== '' && !Number.isNaN(Number(v)) && Math.abs(Number(v) - Number(y[i])) <= 2e-3 * Math.max(Math.abs(Number(v)), 1e-6));
  };
  return [...vcfanno.keys()].filter((k) => !same(vcfanno.get(k)!, precis.get(k) ?? '<none>')).map((k) => `${k}: vcfanno ${vcfanno.get(k)} precis ${precis.get(k)}`);
}

function compare(dir: string, toml: string, query: string, names: string[], perAlt: string[]): string[] {
  const conf = join(dir, 'conf.toml');
  writeFileSync(conf, toml);
  const theirs = runTool('vcfanno', ['-p', '1', conf, query]);
  const mine = runPrecis(['annotate', query, '--no-consequences', '--no-bundle', '--sources', conf, '--fields', ['Allele', ...names].join(','), '-q']);
  expect(mine.status).toBe(0);
  const v = vcfannoValues(theirs, names, new Set(perAlt));
  expect(v.size).toBeGreaterThan(0);
  return differences(v, precisValues(mine.stdout, names));
}

describeShared('custom sources against vcfanno, run live', () => {
  describeWithTool('vcfanno', 'vcfanno -p 1 on the same TOML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-vcfanno-'));

    it("vcfanno's multi-allelic cases (ma-db, ma-query): the same per-ALT values, the last matching row's for self", () => {
      const e = sharedPath('annotation-reference', 'vcfanno-example');
      const toml = `[[annotation]]\nfile="${join(e, 'ma-db.vcf.gz')}"\nfields=["AC","AF","STR"]\nops=["self","self","self"]\nnames=["db_AC","db_AF","db_STR"]\n`;
      // AC=1739,3210 (and two more) on one-ALT rows: vcfanno passes the whole list on, precis the ALT's own piece
      expect(compare(dir, toml, join(e, 'ma-query.vcf'), ['db_AC', 'db_AF', 'db_STR'], ['db_AC', 'db_AF', 'db_STR'])).toEqual([
        '15274 G db_AC: vcfanno 1739,3210 precis 1739',
        '536895 C db_AC: vcfanno 173,31 precis 173',
        '680024 A db_AC: vcfanno 5,27 precis 5',
      ]);
    });

    it("vcfanno's example (query, ExAC, fitCons): every op over VCF fields, ID, FILTER and a BED column agrees", () => {
      const e = sharedPath('annotation-reference', 'vcfanno-example');
      const exac = ['ac_afr', 'ac_amr', 'ac_eas_min', 'af_max', 'ids', 'filter', 'ac_adj'];
      // vcfanno drops a `_flag` suffix from names: the flag is called fc_any here
      const fitcons = ['fc_mean', 'fc_max', 'fc_min', 'fc_count', 'fc_concat', 'fc_uniq', 'fc_sum', 'fc_any'];
      const toml = [
        `[[annotation]]\nfile="${join(e, 'exac.vcf.gz')}"\nfields=["AC_AFR","AC_AMR","AC_EAS","AF","ID","FILTER","AC_Adj"]\nops=["first","self","min","max","concat","self","sum"]\nnames=${JSON.stringify(exac)}\n`,
        `[[annotation]]\nfile="${join(e, 'fitcons.bed.gz')}"\ncolumns=[4,4,4,4,4,4,4,4]\nops=["mean","max","min","count","concat","uniq","sum","flag"]\nnames=${JSON.stringify(fitcons)}\n`,
      ].join('\n');
      expect(compare(dir, toml, join(e, 'query.vcf.gz'), [...exac, ...fitcons], exac)).toEqual([]);
    });

    it('an allele several rows hold: self, first, concat over a VCF (INFO Number=A, 1 and ., ID) and a BED', () => {
      const db = join(dir, 'db.vcf');
      writeFileSync(
        db,
        [
          '##fileformat=VCFv4.2',
          '##INFO=<ID=AF,Number=A,Type=Float,Description="a">',
          '##INFO=<ID=S1,Number=1,Type=String,Description="b">',
          '##INFO=<ID=SD,Number=.,Type=String,Description="c">',
          '##contig=<ID=1>',
          '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
          '1\t100\trsA\tA\tG\t.\t.\tAF=0.1;S1=a;SD=x,y',
          '1\t100\trsB\tA\tG\t.\t.\tAF=0.2;S1=b;SD=z',
          '1\t100\trsC\tA\tG\t.\t.\tAF=0.3;S1=c',
          '1\t200\trsD\tC\tT\t.\t.\tAF=0.5',
          '1\t300\trsE\tG\tA\t.\t.\tS1=only',
          '',
        ].join('\n'),
      );
      runTool('bgzip', ['-f', db]);
      runTool('tabix', ['-f', '-p', 'vcf', `${db}.gz`]);
      const bed = join(dir, 'b.bed');
      writeFileSync(bed, '1\t90\t110\t5\tx\n1\t95\t105\t7\ty\n1\t150\t250\t2.5\tz\n');
      runTool('bgzip', ['-f', bed]);
      runTool('tabix', ['-f', '-p', 'bed', `${bed}.gz`]);
      const query = join(dir, 'q.vcf');
      writeFileSync(query, '##fileformat=VCFv4.2\n##contig=<ID=1>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t100\t.\tA\tG\t.\t.\t.\n1\t200\t.\tC\tT\t.\t.\t.\n1\t300\t.\tG\tA\t.\t.\t.\n');
      const names = ['af_self', 'af_first', 'af_concat', 's1_self', 'sd_self', 'id_self', 'id_first', 'bed_self', 'bed_first', 'bed_mean'];
      const toml = [
        `[[annotation]]\nfile="${db}.gz"\nfields=["AF","AF","AF","S1","SD","ID","ID"]\nops=["self","first","concat","self","self","self","first"]\nnames=${JSON.stringify(names.slice(0, 7))}\n`,
        `[[annotation]]\nfile="${bed}.gz"\ncolumns=[4,4,4]\nops=["self","first","mean"]\nnames=${JSON.stringify(names.slice(7))}\n`,
      ].join('\n');
      expect(compare(dir, toml, query, names, [])).toEqual([]);
    });
  });
});
