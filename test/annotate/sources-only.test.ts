import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CustomSource, type CustomSourceSpec } from '../../src/annotate/custom-source.js';
import { LineBatch } from '../../src/annotate/line-batch.js';
import { loadResources } from '../../src/annotate/resources.js';
import { annotateToWriter } from '../../src/annotate/run.js';
import { setSourcesOnlyEnabled } from '../../src/annotate/sources-only.js';
import { isCanonicalDecimal } from '../../src/annotate/number-text.js';
import { openVcf } from '../../src/vcf/index.js';
import { runPrecis } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'precis-sources-only-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setSourcesOnlyEnabled(true));

const INPUT = [
  '##fileformat=VCFv4.2',
  '##contig=<ID=1,length=100000>',
  '##INFO=<ID=CSQ,Number=.,Type=String,Description="old">',
  '##INFO=<ID=DP,Number=1,Type=Integer,Description="depth">',
  '##INFO=<ID=END,Number=1,Type=Integer,Description="end">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2',
  '1\t100\trs1\tA\tG\t.\t.\t.\tGT\t0|1\t1|1',
  '1\t101\t.\tC\tT\t.\tPASS\tDP=5\tGT\t0|1\t0|0',
  '1\t102\t.\tG\tA,C\t.\t.\tDP=7;CSQ=old|stuff\tGT\t1|2\t0|0',
  '1\t110\t.\tATG\tA,ATGTG\t.\t.\t.\tGT\t0|1\t0|0',
  '1\t120\t.\tT\tTAAA\t.\t.\t.\tGT\t0|1\t0|0',
  '1\t130\t.\tGCC\tG\t.\t.\t.\tGT\t0|1\t0|0',
  '1\t140\t.\tac\tgt\t.\t.\t.\tGT\t0|1\t0|0',
  '1\t150\t.\tA\t<DEL>\t.\t.\tEND=400\tGT\t0|1\t0|0',
  '1\t160\t.\tA\t*,C\t.\t.\t.\tGT\t0|1\t0|0',
  '1\t170\t.\tA\t.\t.\t.\t.\tGT\t0|0\t0|0',
  '1\t180\t.\tC\tA\t.\t.\t.\tGT\t0|1\t0|0',
  '1\t190\t.\tC\tA\t.\t.\t.\tGT\t0|1\t0|0',
  '1\t5000\t.\tC\tA\t.\t.\t.\tGT\t0|1\t0|0',
  '2\t100\t.\tC\tA\t.\t.\t.\tGT\t0|1\t0|0',
  '',
].join('\n');

// values written as String() writes them, and values it would write otherwise
const SOURCE = [
  '##fileformat=VCFv4.2',
  '##INFO=<ID=AF,Number=A,Type=Float,Description="af">',
  '##INFO=<ID=N,Number=1,Type=String,Description="note">',
  '##INFO=<ID=F,Number=0,Type=Flag,Description="flag">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
  '1\t100\tv1\tA\tG\t.\t.\tAF=0.5;N=a b;F',
  '1\t100\tv1b\tA\tG\t.\t.\tAF=0.25;N=x|y',
  '1\t101\tv2\tC\tT\t.\t.\tAF=0.10;N=1e-5',
  '1\t102\tv3\tG\tA,C\t.\t.\tAF=0.0000001,-0;N=007',
  '1\t110\tv4\tATG\tA,ATGTG\t.\t.\tAF=+3,5.;N=-0.5',
  '1\t120\t.\tT\tTAAA\t.\t.\tAF=.5;N=a,b;c',
  '1\t130\tv6\tGCC\tG\t.\t.\tAF=123456789012345678',
  '1\t140\tv7\tAC\tGT\t.\t.\tAF=0.000001;N=0.123456789012345',
  '1\t160\tv8\tA\tC\t.\t.\tAF=1234.5;N=-12',
  '1\t180\tv9\tC\tA\t.\t.\tAF=.',
  '1\t190\tv10\tC\tA\t.\t.\tN=',
  '',
].join('\n');

const BED = ['1\t90\t105\t3.5\tA', '1\t99\t100\t.\tB', '1\t100\t135\t1e2\t', '1\t139\t145\t0.1,0.2\tC', '1\t4990\t5010\t-0\tD', ''].join('\n');

const specs = (vcf: string, bed: string): CustomSourceSpec[] => [
  { file: vcf, fields: ['AF', 'N', 'F', 'ID', 'AF'], ops: ['self', 'first', 'flag', 'concat', 'max'], names: ['af', 'note', 'flagged', 'ids', 'af_max'] },
  { file: vcf, fields: ['AF', 'N', 'AF'], ops: ['mean', 'uniq', 'count'], names: ['af_mean', 'notes', 'n'] },
  { file: bed, columns: [4, 5, 4, 4], ops: ['mean', 'concat', 'min', 'sum'], names: ['score', 'label', 'score_min', 'af'] },
  // self and first: read from one matching row's bytes, or gathered over several
  { file: vcf, fields: ['AF', 'N', 'F'], ops: ['self', 'first', 'self'], names: ['af_self', 'note_first', 'flag_self'] },
];

async function annotateBothWays(vcf: string, bed: string, fields: string[], inMemoryBytes?: number): Promise<{ general: string; fast: string; generalSummary: string; fastSummary: string; fastLines: number }> {
  const input = join(dir, 'in.vcf');
  writeFileSync(input, INPUT);
  const res = await loadResources({ bundle: false, consequences: false, custom: [] });
  const run = async (name: string): Promise<[string, string]> => {
    res.annotator.custom = await Promise.all(specs(vcf, bed).map((s) => CustomSource.open(s, inMemoryBytes)));
    const out = join(dir, `${name}.vcf`);
    const summary = join(dir, `${name}.json`);
    const reader = await openVcf(input);
    try {
      await annotateToWriter(reader, res, { path: out, type: 'v', fields, extraHeader: [], summaryPath: summary }, 'precis annotate test');
    } finally {
      reader.close();
    }
    return [readFileSync(out, 'utf8'), readFileSync(summary, 'utf8').replace(/"date": "[^"]*"/, '')];
  };
  setSourcesOnlyEnabled(false);
  const [general, generalSummary] = await run('general');
  setSourcesOnlyEnabled(true);
  // lines the fast stage wrote: composed in the block, or with an old CSQ replaced
  const ended = vi.spyOn(LineBatch.prototype, 'endCsq');
  const replaced = vi.spyOn(LineBatch.prototype, 'addWithCsq');
  const [fast, fastSummary] = await run('fast');
  const fastLines = ended.mock.calls.length + replaced.mock.calls.length;
  ended.mockRestore();
  replaced.mockRestore();
  return { general, fast, generalSummary, fastSummary, fastLines };
}

const FIELDS = ['Allele', 'af', 'note', 'flagged', 'ids', 'af_max', 'af_mean', 'notes', 'n', 'score', 'label', 'score_min'];

it('tells the decimals String() writes back as they are', () => {
  const yes = ['0', '7', '-7', '0.5', '-0.5', '123.456', '0.000001', '0.123456789012345', '123456789012345', '1234.5'];
  const no = ['-0', '00', '007', '0.10', '5.', '.5', '+3', '0.0000001', '1e-5', '1234567890123456', '0.1234567890123456', '1.2.3', '', '-', 'a', '1,2'];
  for (const t of yes) {
    expect(isCanonicalDecimal(Buffer.from(t), 0, t.length), t).toBe(true);
    expect(String(Number(t))).toBe(t);
  }
  for (const t of no) expect(isCanonicalDecimal(Buffer.from(t), 0, t.length), t).toBe(false);
});

/** The test's VCF and BED sources written as `<name>.vcf` and `<name>.bed`. */
function writeSources(name: string): { vcf: string; bed: string } {
  const vcf = join(dir, `${name}.vcf`);
  const bed = join(dir, `${name}.bed`);
  writeFileSync(vcf, SOURCE);
  writeFileSync(bed, BED);
  return { vcf, bed };
}

/** The output line of the record at chrom:pos. */
function recordLine(text: string, pos: number, chrom = '1'): string | undefined {
  return text.split('\n').find((l) => l.startsWith(`${chrom}\t${pos}\t`));
}

it('writes what the general stage writes for custom sources read whole', async () => {
  const { vcf, bed } = writeSources('src');
  const r = await annotateBothWays(vcf, bed, FIELDS);
  expect(r.fastLines).toBe(13);
  expect(r.fast).toBe(r.general);
  expect(r.fastSummary).toBe(r.generalSummary);
  const line = (pos: number): string => recordLine(r.fast, pos)!;
  // canonical texts as they are, the others as String(Number()) writes them; the last
  // source of a name with a value wins (`af` is also the BED sum)
  expect(line(100)).toContain('CSQ=G|3.5|a_b|true|v1&v1b|0.5|0.375|a_b&x&y|2|3.5|A&B|3.5\t');
  expect(line(101)).toContain('DP=5;CSQ=T|103.5|0.00001|true|v2|0.1|0.1|1e-5|1|51.75|A|3.5\t');
  expect(line(102)).toContain('DP=7;CSQ=A|103.5|7|true|v3|1e-7|1e-7|007|1|51.75|A|3.5,C|103.5|7|true|v3|0|0|007|1|51.75|A|3.5\t');
  expect(line(130)).toContain('|123456789012345680|123456789012345680|');
  expect(line(140)).toContain('CSQ=gt|0.30000000000000004|0.123456789012345|true|v7|0.000001|0.000001|');
  expect(line(160)).toContain('CSQ=*|||||||||||,C|1234.5|-12|');
  expect(line(170)).toBe('1\t170\t.\tA\t.\t.\t.\t.\tGT\t0|0\t0|0');
});

it('reads first values from one matching row as from several', async () => {
  const { vcf, bed } = writeSources('src2');
  const r = await annotateBothWays(vcf, bed, ['Allele', 'af_self', 'note_first', 'flag_self']);
  expect(r.fast).toBe(r.general);
  const csq = (pos: number): string => /CSQ=([^\t;]*)/.exec(recordLine(r.fast, pos)!)![1]!;
  // two rows with the allele: vcfanno's self takes the last row's per-ALT AF, first the first row's N
  expect(csq(100)).toBe('G|0.25|a_b|true');
  expect(csq(101)).toBe('T|0.1|0.00001|');
  expect(csq(102)).toBe('A|1e-7|7|,C|0|7|');
  expect(csq(110)).toBe('-|3|-0.5|,TGTG|5|-0.5|');
  expect(csq(140)).toBe('gt|0.000001|0.123456789012345|');
  expect(csq(180)).toBe('A|||');
  expect(csq(190)).toBe('A|||');
});

it('leaves no empty entries behind when one field is asked for', async () => {
  const { vcf, bed } = writeSources('src1');
  const r = await annotateBothWays(vcf, bed, ['note']);
  expect(r.fast).toBe(r.general);
  const line = (pos: number): string => recordLine(r.fast, pos)!;
  // `*` has no note: its entry leaves nothing, not even the comma before C's
  expect(line(160)).toContain('CSQ=-12\t');
  expect(line(102)).toContain('CSQ=7,7\t');
  expect(recordLine(r.fast, 100, '2')).toContain('\tCSQ=\t');
});

describeWithTool('tabix', 'sources-only stage on streamed (tabix-indexed) sources', () => {
  it('writes what the general stage writes when rows are read as the input goes', async () => {
    const { vcf, bed } = writeSources('stream');
    execFileSync('bgzip', ['-f', vcf]);
    execFileSync('tabix', ['-f', '-p', 'vcf', `${vcf}.gz`]);
    execFileSync('bgzip', ['-f', bed]);
    execFileSync('tabix', ['-f', '-p', 'bed', `${bed}.gz`]);
    const r = await annotateBothWays(`${vcf}.gz`, `${bed}.gz`, FIELDS, 0);
    expect(r.fastLines).toBe(13);
    expect(r.fast).toBe(r.general);
    expect(r.fastSummary).toBe(r.generalSummary);
  });
});

describe('a source too large to read whole without an index', () => {
  it('is refused in one line, exit 2, with the command that indexes it, when it would not fit in memory (sparse files: nothing is written to disk)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'precis-big-source-'));
    const vcf = join(dir, 'q.vcf');
    writeFileSync(vcf, '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n21\t25585733\t.\tC\tT\t.\t.\t.\n');
    const plain = join(dir, 'big.vcf');
    writeFileSync(plain, '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n');
    // as large as the machine's memory: it would need 1.7 times that
    truncateSync(plain, totalmem());
    const r = runPrecis(['annotate', vcf, '--frequencies', plain, '-o', join(dir, 'out.vcf')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^precis: error: .*big\.vcf: too large to read whole without a tabix index \([\d,]+ MB, about [\d,]+ MB in memory; this machine has [\d,]+ MB\) \(hint: bgzip and index it: `bgzip .*big\.vcf && tabix -p vcf .*big\.vcf\.gz` \(or -p bed\)\)\n$/);
    expect(existsSync(join(dir, 'out.vcf'))).toBe(false);
    // BGZF without its .tbi: the tabix command alone
    const bgzf = join(dir, 'big.vcf.gz');
    writeFileSync(bgzf, Buffer.from('1f8b08040000000000ff0600424302001b0003000000000000000000', 'hex'));
    truncateSync(bgzf, Math.ceil(totalmem() / 4));
    const z = runPrecis(['annotate', vcf, '--clinvar', bgzf, '-o', join(dir, 'out.vcf')]);
    expect(z.status).toBe(2);
    expect(z.stderr).toMatch(/too large to read whole without a tabix index .*\(hint: index it: `tabix -p vcf .*big\.vcf\.gz`/);
  });
});
