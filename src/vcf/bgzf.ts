import { deflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';

/**
 * BGZF compression (SAM/BAM spec §4.1): gzip members of at most 64 KiB input, each with
 * the `BC` extra field giving its compressed size, then an empty end-of-file member.
 * Tracks virtual offsets (compressed block start << 16 | offset in block) so a tabix
 * index can be written alongside.
 */
export const BGZF_EOF = Buffer.from('1f8b08040000000000ff0600424302001b0003000000000000000000', 'hex');

// Input per block: below 64 KiB so the compressed block always fits the 16-bit size field.
const BLOCK_INPUT = 0xff00;

/**
 * Total size of the BGZF block starting at `b[o]`, from its `BC` extra field, reading no
 * further than `end`: 0 when those bytes do not yet hold its header, -1 for a gzip member
 * without the field (plain gzip), -2 when no gzip member starts there.
 */
export function bgzfBlockSize(b: Uint8Array, o: number, end = b.length): number {
  if (end - o < 18) return 0;
  if (b[o] !== 0x1f || b[o + 1] !== 0x8b || b[o + 2] !== 8) return -2;
  if ((b[o + 3]! & 4) === 0) return -1;
  const u16 = (i: number): number => b[i]! | (b[i + 1]! << 8);
  const xlen = u16(o + 10);
  if (end - o < 12 + xlen) return 0;
  for (let x = o + 12; x + 4 <= o + 12 + xlen; ) {
    const slen = u16(x + 2);
    if (b[x] === 0x42 && b[x + 1] === 0x43 && slen === 2) return u16(x + 4) + 1;
    x += 4 + slen;
  }
  return -1;
}

export function crc32(data: Uint8Array): number {
  return zlibCrc32(data) >>> 0;
}

export function compressBlock(data: Uint8Array, level = 6): Buffer {
  const deflated = deflateRawSync(data, { level });
  const blockSize = deflated.length + 26;
  const out = Buffer.allocUnsafe(blockSize);
  out[0] = 0x1f;
  out[1] = 0x8b;
  out[2] = 8;
  out[3] = 4;
  out.writeUInt32LE(0, 4);
  out[8] = 0;
  out[9] = 0xff;
  out.writeUInt16LE(6, 10);
  out[12] = 0x42;
  out[13] = 0x43;
  out.writeUInt16LE(2, 14);
  out.writeUInt16LE(blockSize - 1, 16);
  deflated.copy(out, 18);
  out.writeUInt32LE(crc32(data), 18 + deflated.length);
  out.writeUInt32LE(data.length, 22 + deflated.length);
  return out;
}

/** Accumulates bytes and emits whole BGZF blocks to `sink`. */
export class BgzfEncoder {
  private buf = Buffer.allocUnsafe(BLOCK_INPUT);
  private used = 0;
  /** compressed bytes emitted so far (= file offset of the block being filled) */
  compressedOffset = 0;

  constructor(private readonly sink: (block: Buffer) => void, private readonly level = 6) {}

  /** Virtual offset of the next byte to be written. */
  virtualOffset(): bigint {
    return (BigInt(this.compressedOffset) << 16n) | BigInt(this.used);
  }

  write(data: Buffer): void {
    let off = 0;
    while (off < data.length) {
      const n = Math.min(BLOCK_INPUT - this.used, data.length - off);
      data.copy(this.buf, this.used, off, off + n);
      this.used += n;
      off += n;
      if (this.used === BLOCK_INPUT) this.flushBlock();
    }
  }

  /** Ends the current block early (so the next record starts a block). */
  flushBlock(): void {
    if (this.used === 0) return;
    const block = compressBlock(this.buf.subarray(0, this.used), this.level);
    this.sink(block);
    this.compressedOffset += block.length;
    this.used = 0;
  }

  end(): void {
    this.flushBlock();
    this.sink(BGZF_EOF);
    this.compressedOffset += BGZF_EOF.length;
  }
}
