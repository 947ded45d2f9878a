import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BgzfEncoder } from '../../src/vcf/bgzf.js';
import { inflateBgzf } from '../../src/vcf/inflate.js';
import { PrecisError } from '../../src/util/errors.js';


function bgzf(text: Buffer): Buffer {
  const parts: Buffer[] = [];
  const enc = new BgzfEncoder((b) => parts.push(b));
  enc.write(text);
  enc.end();
  return Buffer.concat(parts);
}

/** A deterministic text of `n` bytes, varied enough that blocks do not compress to nothing. */
function text(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 7;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = i % 61 === 60 ? 10 : 48 + ((x >> 16) % 10);
  }
  return b;
}

/** Feeds `data` in pieces of the given sizes (cycled), as a file or a pipe would. */
async function* pieces(data: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let off = 0;
  for (let k = 0; off < data.length; k++) {
    const n = sizes[k % sizes.length]!;
    yield data.subarray(off, off + n);
    off += n;
  }
}

async function inflateAll(data: Buffer, sizes: number[], lanes?: number): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of inflateBgzf(pieces(data, sizes), 'x.vcf.gz', { lanes })) out.push(c);
  return Buffer.concat(out);
}

async function failure(data: Buffer): Promise<PrecisError> {
  try {
    await inflateAll(data, [65536]);
  } catch (e) {
    return e as PrecisError;
  }
  throw new Error('expected an error');
}

describe('inflateBgzf', () => {
  const plain = text(5_000_000);
  const packed = bgzf(plain);

  it.each([
    ['file-sized reads', [256 * 1024], 3],
    ['tiny and odd reads (headers split across reads)', [1, 7, 17, 4093, 65537], 2],
    ['one read of everything', [packed.length], 8],
    ['one lane', [256 * 1024], 1],
  ])('gives back the exact text with %s', async (_label, sizes, lanes) => {
    const got = await inflateAll(packed, sizes, lanes);
    expect(got.length).toBe(plain.length);
    expect(got.equals(plain)).toBe(true);
  });

  it('reads what bgzip writes', async () => {
    const r = spawnSync('bgzip', ['-c'], { input: plain, maxBuffer: 1 << 26 });
    if (r.error) {
      if (process.env.CI) throw r.error;
      return; // bgzip not installed outside CI: the encoder case above still holds
    }
    expect((await inflateAll(r.stdout, [256 * 1024])).equals(plain)).toBe(true);
  });

  it('inflates a plain gzip member appended after the BGZF blocks', async () => {
    const tail = text(300_000);
    const got = await inflateAll(Buffer.concat([packed, gzipSync(tail)]), [100_000]);
    expect(got.equals(Buffer.concat([plain, tail]))).toBe(true);
  });

  it('a stream cut inside a block is TRUNCATED', async () => {
    const e = await failure(packed.subarray(0, 100_000));
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/ends early/);
  });

  it('damaged deflate data is an error, not a hang', async () => {
    const bad = Buffer.from(packed);
    for (let i = 200_000; i < 200_064; i++) bad[i] = bad[i]! ^ 0x5a;
    const e = await failure(bad);
    expect(e.code).toBe('BAD_COMPRESSION');
  });

  it('a block whose trailer declares the wrong size is an error, not a hang', async () => {
    const bad = Buffer.from(packed);
    const size = bad.readUInt16LE(16) + 1;
    bad.writeUInt32LE(bad.readUInt32LE(size - 4) + 5, size - 4);
    expect((await failure(bad)).code).toBe('BAD_COMPRESSION');
  });

  it('a block declaring no bytes while holding some is an error, not dropped', async () => {
    const bad = Buffer.from(packed);
    const size = bad.readUInt16LE(16) + 1;
    bad.writeUInt32LE(0, size - 4);
    // the block alone in its first read, so it is a group of its own
    const e = await inflateAll(bad, [size, 1 << 20]).then(
      () => null,
      (err: unknown) => err as PrecisError,
    );
    expect(e?.code).toBe('BAD_COMPRESSION');
  });

  it('empty blocks anywhere are skipped', async () => {
    const first = packed.readUInt16LE(16) + 1;
    const eof = packed.subarray(packed.length - 28);
    const withEmpty = Buffer.concat([eof, packed.subarray(0, first), eof, eof, packed.subarray(first)]);
    expect((await inflateAll(withEmpty, [4096])).equals(plain)).toBe(true);
  });

  it('bytes that are not gzip name the compressed offset', async () => {
    const first = packed.readUInt16LE(16) + 1;
    const bad = Buffer.concat([packed.subarray(0, first), Buffer.from('not gzip at all, just text\n'.repeat(10))]);
    const e = await failure(bad);
    expect(e.code).toBe('BAD_COMPRESSION');
    expect(e.message).toContain(`compressed byte ${first}`);
  });
});
