import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRECIS_BIN, REPO_ROOT, runPrecis, type CliResult } from '../helpers/cli.js';
import { describeShared } from '../helpers/shared.js';
import { CINECA, makeTmp } from '../vcf/compare.js';

// Bad input: one line on stderr naming the file, the line and the problem; exit 2 for
// usage errors, 1 for data and I/O errors; never a stack trace, never a partial output.

const HEADER = [
  '##fileformat=VCFv4.2',
  '##contig=<ID=1,length=249250621>',
  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB',
].join('\n');

function goodLines(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(['1', String(1000 + i), '.', 'A', 'G', '.', 'PASS', '.', 'GT', '0/1', '1/1'].join('\t'));
  return out.join('\n');
}

function expectOneLineError(r: CliResult, status: number, pattern: RegExp, stdoutMayHaveData = false): void {
  expect(r.status).toBe(status);
  // lengths, not text: a failure should not print megabytes of VCF
  if (!stdoutMayHaveData) expect(r.stdout.length).toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length).toBe(1);
  expect(lines[0]).toMatch(/^precis: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('bad input', () => {
  const tmp = makeTmp('precis-errors-');
  const file = (name: string, data: string | Buffer): string => {
    const p = join(tmp.dir, name);
    writeFileSync(p, data);
    return p;
  };
  afterAll(() => tmp.cleanup());

  // every case through `view`; `stats` shares the reader, so it repeats only the cases
  // where its own code path (the genotype scanner, its output writer) is involved
  const STATS_CASES = new Set(['columns', 'pos', 'sample', 'midway', 'usage']);
  describe.each([['view'], ['stats']])('precis %s', (cmd) => {
    const both = (id: string): boolean => cmd === 'view' || STATS_CASES.has(id);
    it.runIf(both('nochrom'))('missing #CHROM line', () => {
      const p = file(`nochrom-${cmd}.vcf`, `##fileformat=VCFv4.2\n##contig=<ID=1>\n${goodLines(1)}\n`);
      expectOneLineError(runPrecis([cmd, p]), 1, new RegExp(`${p}:3: missing #CHROM header line`));
    });

    it.runIf(both('headeronly'))('a header that ends without #CHROM', () => {
      const p = file(`headeronly-${cmd}.vcf`, '##fileformat=VCFv4.2\n##contig=<ID=1>\n');
      expectOneLineError(runPrecis([cmd, p]), 1, /no #CHROM header line: the file ends inside the header/);
    });

    it.runIf(both('columns'))('a record with the wrong number of columns', () => {
      const p = file(`columns-${cmd}.vcf`, `${HEADER}\n${goodLines(3)}\n1\t2000\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n`);
      expectOneLineError(runPrecis([cmd, p]), 1, new RegExp(`${p}:8: expected 11 columns \\(9 \\+ 2 samples\\), found 10`));
    });

    it.runIf(both('pos'))('a non-numeric POS', () => {
      const p = file(`pos-${cmd}.vcf`, `${HEADER}\n${goodLines(2)}\n1\t12a4\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t0/0\n`);
      expectOneLineError(runPrecis([cmd, p]), 1, new RegExp(`${p}:7: POS "12a4" is not a positive integer`));
    });

    it.runIf(both('garbage'))('binary garbage', () => {
      let seed = 3;
      const bytes = Buffer.alloc(5000);
      for (let i = 1; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) % 2147483648) & 0xff;
      const p = file(`garbage-${cmd}.bin`, bytes);
      expectOneLineError(runPrecis([cmd, p]), 1, new RegExp(`${p}(:1)?: binary data, not a VCF`));
    });

    it.runIf(both('garbagegz'))('binary garbage inside a gzip stream', () => {
      const p = file(`garbage-${cmd}.vcf.gz`, gzipSync(Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7])));
      expectOneLineError(runPrecis([cmd, p]), 1, /binary data, not a VCF .*inside the gzip stream/);
    });

    it.runIf(both('text'))('text that is not VCF', () => {
      const p = file(`text-${cmd}.vcf`, 'chrom\tpos\n1\t100\n');
      expectOneLineError(runPrecis([cmd, p]), 1, /does not start with a VCF header/);
    });

    it.runIf(both('empty'))('an empty file', () => {
      const p = file(`empty-${cmd}.vcf`, '');
      expectOneLineError(runPrecis([cmd, p]), 1, new RegExp(`${p}: file is empty`));
      expectOneLineError(runPrecis([cmd, '-'], { input: '' }), 1, /<stdin>: file is empty/);
    });

    it.runIf(both('missing'))('a missing path and a directory', () => {
      expectOneLineError(runPrecis([cmd, join(tmp.dir, 'nope.vcf')]), 1, /nope\.vcf: no such file/);
      expectOneLineError(runPrecis([cmd, tmp.dir]), 1, /is a directory/);
    });

    it.skipIf(process.getuid?.() === 0 || !both('unreadable'))('an unreadable file (skipped as root, who can read anything)', () => {
      const p = file(`unreadable-${cmd}.vcf`, `${HEADER}\n`);
      chmodSync(p, 0o000);
      expectOneLineError(runPrecis([cmd, p]), 1, /permission denied/);
    });

    it.runIf(both('region'))('-r on a plain VCF, on a BGZF file without index, and on stdin', () => {
      const plain = file(`plain-${cmd}.vcf`, `${HEADER}\n${goodLines(2)}\n`);
      expectOneLineError(runPrecis([cmd, plain, '-r', '1:1-2000']), 1, /-r\/-R need a BGZF-compressed, indexed VCF; this file is not compressed \(hint: .*tabix/);
      const gz = file(`plain-${cmd}.vcf.gz`, gzipSync(readFileSync(plain)));
      expectOneLineError(runPrecis([cmd, gz, '-r', '1:1-2000']), 1, /plain gzip, not BGZF/);
      const bgz = join(tmp.dir, `noindex-${cmd}.vcf.gz`);
      writeFileSync(bgz, spawnSync('bgzip', ['-c', plain]).stdout);
      expectOneLineError(runPrecis([cmd, bgz, '-r', '1:1-2000']), 1, /no \.tbi or \.csi index beside the file/);
      expectOneLineError(runPrecis([cmd, '-', '-r', '1'], { input: readFileSync(plain) }), 2, /cannot read stdin \(hint: use -t\/-T/);
    });

    it.runIf(both('sample'))('an unknown sample (exit 1), or a warning with --force-samples', () => {
      const p = file(`samples-${cmd}.vcf`, `${HEADER}\n${goodLines(2)}\n`);
      expectOneLineError(runPrecis([cmd, p, '-s', 'A,NOPE']), 1, /sample not in the VCF: NOPE/);
      const forced = runPrecis([cmd, p, '-s', 'A,NOPE', '--force-samples']);
      expect(forced.status).toBe(0);
      expect(forced.stderr).toMatch(/^precis: warning: .*NOPE/);
    });

    it.runIf(both('usage'))('a bad -O value and an unknown option exit 2', () => {
      const p = file(`usage-${cmd}.vcf`, `${HEADER}\n${goodLines(1)}\n`);
      expectOneLineError(runPrecis([cmd, p, '-O', 'q']), 2, /-O\/--output-type must be/);
      const r = runPrecis([cmd, p, '--bogus']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/unknown option '--bogus'/);
      expect(r.stdout).toBe('');
    });

    it.runIf(both('badregion'))('a malformed region exits 2', () => {
      const p = file(`region-${cmd}.vcf`, `${HEADER}\n${goodLines(1)}\n`);
      expectOneLineError(runPrecis([cmd, p, '-t', '1:x-y']), 2, /cannot parse region "1:x-y"/);
    });

    it.runIf(both('midway'))('an error midway leaves no output file and no temporary file behind', () => {
      const dir = join(tmp.dir, `atomic-${cmd}`);
      spawnSync('mkdir', ['-p', dir]);
      // the bad record comes after ~2 MB of good ones, so output has been flushed before it
      const p = file(`midway-${cmd}.vcf`, `${HEADER}\n${goodLines(60000)}\n1\t99999\t.\tA\n`);
      const outs = cmd === 'view' ? ['out.vcf', 'out.vcf.gz', 'out.jsonl'] : ['out.tsv', 'out.json'];
      for (const o of outs) {
        const extra = o === 'out.vcf.gz' ? ['--write-index'] : [];
        expectOneLineError(runPrecis([cmd, p, '-o', join(dir, o), ...extra]), 1, new RegExp(`${p}:60005: expected at least 8 tab-separated columns, found 4`));
      }
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  describeShared('compressed input cut short', () => {
    let bgzf = '';
    let gz = '';
    beforeAll(() => {
      const whole = readFileSync(CINECA);
      bgzf = file('truncated.vcf.gz', whole.subarray(0, Math.floor(whole.length / 2)));
      gz = file('truncated-gzip.vcf.gz', gzipSync(spawnSync('bgzip', ['-dc', CINECA], { maxBuffer: 1 << 28 }).stdout).subarray(0, 200000));
    });

    it.each([['view'], ['stats']])('truncated BGZF and gzip: %s says so and writes nothing', (cmd) => {
      const stdinToo = cmd === 'view';
      for (const [p, message] of [
        [bgzf, /no BGZF end-of-file marker: the file is truncated/],
        [gz, /compressed stream ends early: the file is truncated/],
      ] as const) {
        const out = join(tmp.dir, `trunc-out-${cmd}.txt`);
        expectOneLineError(runPrecis([cmd, p, '-o', out]), 1, new RegExp(`${p}: ${message.source}`));
        expect(existsSync(out)).toBe(false);
        // to stdout, records before the damage have been written already (as with bcftools)
        if (stdinToo) expectOneLineError(runPrecis([cmd, '-'], { input: readFileSync(p) }), 1, /<stdin>: compressed stream ends early/, true);
      }
    });

    it('BGZF cut exactly at a block boundary (inflates cleanly): streamed and indexed reads refuse it', () => {
      const whole = readFileSync(CINECA);
      // walk the blocks by their BSIZE field and keep the first five whole blocks
      let off = 0;
      for (let i = 0; i < 5; i++) off += whole.readUInt16LE(off + 16) + 1;
      const p = file('cut-at-block.vcf.gz', whole.subarray(0, off));
      expectOneLineError(runPrecis(['stats', p]), 1, /no BGZF end-of-file marker/);
      const indexed = join(tmp.dir, 'cut-indexed.vcf.gz');
      copyFileSync(p, indexed);
      const full = join(tmp.dir, 'whole.vcf.gz');
      copyFileSync(CINECA, full);
      spawnSync('tabix', ['-f', '-p', 'vcf', full]);
      copyFileSync(`${full}.tbi`, `${indexed}.tbi`);
      expectOneLineError(runPrecis(['view', indexed, '-r', '22:40000000-']), 1, /no BGZF end-of-file marker/);
    });
  });
});

describeShared('pipes, colour and version', () => {
  it('precis view big.vcf | head -1 exits 0 with nothing on stderr', () => {
    const r = spawnSync('bash', ['-c', `'${process.execPath}' '${PRECIS_BIN}' view '${CINECA}' | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stdout).toBe('##fileformat=VCFv4.2\n');
    expect(r.stderr).toBe('status=0\n');
  });

  it('precis stats | head -1 too', () => {
    const r = spawnSync('bash', ['-c', `'${process.execPath}' '${PRECIS_BIN}' stats '${CINECA}' | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stdout).toBe('sample\tn_hom_ref\tn_het\tn_hom_alt\tn_missing\tn_haploid\n');
    expect(r.stderr).toBe('status=0\n');
  });

  it('NO_COLOR: no escape codes in warnings or errors, even with FORCE_COLOR', () => {
    const env = { NO_COLOR: '1', FORCE_COLOR: '3' };
    const warnRun = runPrecis(['view', CINECA, '-s', 'HG00096_HG00096,NOPE', '--force-samples', '-h'], { env });
    expect(warnRun.stderr).toMatch(/warning/);
    const errRun = runPrecis(['view', join(CINECA, 'nope')], { env });
    expect(errRun.stderr).toMatch(/error/);
    // eslint-disable-next-line no-control-regex
    for (const s of [warnRun.stderr, errRun.stderr]) expect(s).not.toMatch(/\x1b\[/);
  });
});

describe('CLI conventions', () => {
  const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

  it('--version prints the bare version', () => {
    for (const flag of ['--version', '-V']) {
      const r = runPrecis([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  const commands = ['view', 'stats', 'annotate', 'prs', 'pgx', 'risk', 'train', 'explain', 'report'];
  it('the top-level help lists every command', () => {
    const r = runPrecis(['--help']);
    expect(r.status).toBe(0);
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it.each(commands)('precis %s --help exits 0 and shows examples', (cmd) => {
    const r = runPrecis([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples');
    expect(r.stdout).toContain(`precis ${cmd}`);
  });

  it('an unknown command exits 2', () => {
    const r = runPrecis(['bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'bogus'/);
  });

  it.each([['view'], ['stats']])('%s: --threads is accepted, a bad value is a usage error', (cmd) => {
    // the embedded demo (BGZF): runs on a plain clone too
    const demo = join(REPO_ROOT, 'data', 'demo', 'demo.vcf.gz');
    expect(runPrecis([cmd, demo, '--threads', '2', '-q', ...(cmd === 'view' ? ['-h'] : ['-t', '22:17080378'])]).status).toBe(0);
    const r = runPrecis([cmd, demo, '--threads', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--threads expects a positive whole number/);
  });
});
