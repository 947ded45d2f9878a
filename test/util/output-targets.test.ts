import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRECIS_BIN, runPrecis } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'precis-out-'));
const vcf = join(dir, 'in.vcf');
writeFileSync(vcf, '##fileformat=VCFv4.2\n##contig=<ID=21>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n21\t25585733\t.\tC\tT\t.\t.\t.\n');

describe('where output goes', () => {
  // a writer that renamed over a device would leave a plain file there: put the device back
  afterAll(() => {
    for (const [dev, minor] of [['/dev/null', '3'], ['/dev/full', '7']] as const) {
      if (existsSync(dev) && statSync(dev).isFile() && process.getuid?.() === 0) {
        spawnSync('rm', ['-f', dev]);
        spawnSync('mknod', ['-m', '666', dev, 'c', '1', minor]);
      }
    }
  });

  it('a folder that does not exist: one line naming the file, exit 1, for every writer (not a silent exit 0)', () => {
    const out = join(dir, 'missing', 'x.out');
    for (const args of [['view', vcf], ['annotate', vcf], ['annotate', vcf, '-O', 'j'], ['annotate', vcf, '-O', 'z'], ['annotate', vcf, '--no-consequences'], ['stats', vcf]]) {
      const r = runPrecis([...args, '-o', out]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(`precis: error: ${out}: cannot write: the folder ${join(dir, 'missing')} does not exist\n`);
    }
  });

  it.runIf(existsSync('/dev/full'))('a full device: a write error, exit 1, and the device is still a device', () => {
    const r = runPrecis(['annotate', vcf, '-o', '/dev/full']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('precis: error: /dev/full: cannot write: no space left on the device\n');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it.runIf(existsSync('/dev/null'))('/dev/null is written to, not replaced by a file', () => {
    const r = runPrecis(['annotate', vcf, '-o', '/dev/null']);
    expect(r.status).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readFileSync('/dev/null', 'utf8')).toBe('');
  });

  it.runIf(spawnSync('mkfifo', ['--version']).status === 0)('a named pipe receives the whole output and stays a pipe; no temporary file is left beside it', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const w = spawn(process.execPath, [PRECIS_BIN, 'annotate', vcf, '-o', fifo, '-q']);
    const code = await new Promise<number | null>((resolve) => w.on('close', resolve));
    // a writer that never opened the pipe leaves its reader waiting: stop it
    const stop = setTimeout(() => reader.kill(), 5000);
    await done;
    clearTimeout(stop);
    expect(code).toBe(0);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toMatch(/^##fileformat=VCFv4\.2\n/);
    expect(text).toMatch(/\n21\t25585733\t\.\tC\tT\t\.\t\.\tCSQ=T\|/);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.precis-'))).toEqual([]);
  });
});
