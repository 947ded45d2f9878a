import { describe, expect, it } from 'vitest';
import { VcfRecord } from '../../src/vcf/index.js';

const rec = (line: string): VcfRecord => new VcfRecord(Buffer.from(line), 1, 'x.vcf');

describe('VcfRecord.end', () => {
  it('reads INFO/END wherever it stands in INFO', () => {
    expect(rec('1\t100\t.\tA\t<DEL>\t.\t.\tEND=250').end).toBe(250);
    expect(rec('1\t100\t.\tA\t<DEL>\t.\t.\tSVTYPE=DEL;END=250;SVLEN=-150\tGT\t0/1').end).toBe(250);
  });

  it('takes no other key ending in END, and nothing from the sample columns', () => {
    expect(rec('1\t100\t.\tACG\tA\t.\t.\tSVEND=900;BLOCKEND=901').end).toBe(102);
    expect(rec('1\t100\t.\tACG\tA\t.\t.\tDP=3\tGT:NOTE\t0|1:END=900').end).toBe(102);
    expect(rec('1\t100\t.\tA\tG\t.\t.\t.\tGT\t0|1').end).toBe(100);
  });

  it('keeps POS+len(REF)-1 when END is not a position at or past POS', () => {
    expect(rec('1\t100\t.\tAC\t<DEL>\t.\t.\tEND=50').end).toBe(101);
    expect(rec('1\t100\t.\tAC\t<DEL>\t.\t.\tEND=abc').end).toBe(101);
  });
});
