import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { PrecisError, ioError } from '../util/errors.js';
import { BGZF_EOF } from './bgzf.js';
import { inflateBgzf, inflateGzip } from './inflate.js';

export type Compression = 'none' | 'gzip' | 'bgzf';

/** A byte source, decompressed, with its compression told from the bytes rather than the name. */
export interface ByteInput {
  /** path as the user gave it; `-` is standard input */
  readonly path: string;
  readonly compression: Compression;
  readonly chunks: AsyncIterable<Buffer>;
  /** compressed bytes consumed so far (for progress) */
  bytesRead(): number;
  close(): void;
}

// 256 KiB reads: fewer, larger chunks for the inflaters and the line splitter than the 64 KiB default.
const CHUNK = 256 * 1024;

export function displayName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/**
 * Opens a file or stdin and returns its decompressed bytes. gzip and BGZF are inflated on
 * the libuv threadpool, in parallel with parsing; BGZF several blocks at a time.
 */
export async function openInput(path: string): Promise<ByteInput> {
  const name = displayName(path);
  let raw: Readable;
  if (path === '-') {
    raw = process.stdin;
  } else {
    try {
      const st = await fsp.stat(path);
      if (st.isDirectory()) throw new PrecisError('IO', 'is a directory, expected a VCF file', { file: name });
      await fsp.access(path, 4);
    } catch (e) {
      throw ioError(e, name);
    }
    raw = createReadStream(path, { highWaterMark: CHUNK });
  }
  let consumed = 0;
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: Buffer;
  try {
    first = await readAtLeast(it, 18);
  } catch (e) {
    throw ioError(e, name);
  }
  consumed += first.length;
  if (first.length === 0) {
    raw.destroy();
    throw new PrecisError('EMPTY_INPUT', 'file is empty, expected a VCF', { file: name });
  }
  const compression = detectCompression(first);
  // a BGZF file cut at a block boundary inflates cleanly; only the missing EOF block tells
  if (compression === 'bgzf' && path !== '-') {
    try {
      await checkBgzfEof(path);
    } catch (e) {
      raw.destroy();
      throw e;
    }
  }

  async function* rawChunks(): AsyncGenerator<Buffer> {
    yield first;
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = await it.next();
      } catch (e) {
        throw ioError(e, name);
      }
      if (r.done) return;
      consumed += r.value.length;
      yield r.value;
    }
  }

  let chunks: AsyncIterable<Buffer>;
  if (compression === 'none') {
    chunks = rawChunks();
  } else if (compression === 'bgzf') {
    chunks = inflateBgzf(rawChunks(), name);
  } else {
    chunks = inflateGzip(rawChunks(), name);
  }
  return {
    path,
    compression,
    chunks,
    bytesRead: () => consumed,
    close: () => {
      if (raw !== process.stdin) raw.destroy();
    },
  };
}

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // BGZF: gzip with FEXTRA holding the 'BC' subfield (SAM/BAM spec, section 4.1)
    if (head.length >= 16 && (head[3]! & 4) !== 0 && head[12] === 0x42 && head[13] === 0x43) return 'bgzf';
    return 'gzip';
  }
  return 'none';
}

async function readAtLeast(it: AsyncIterator<Buffer>, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let len = 0;
  while (len < n) {
    const r = await it.next();
    if (r.done) break;
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    parts.push(b);
    len += b.length;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, len);
}

/**
 * A BGZF file ends with an empty block (SAM/BAM spec §4.1.2). Without it the file was cut
 * short, and index queries past the cut would silently return nothing (htslib warns the
 * same way), so refuse instead.
 */
export async function checkBgzfEof(path: string): Promise<void> {
  let tail: Buffer;
  try {
    const fh = await fsp.open(path, 'r');
    try {
      const { size } = await fh.stat();
      tail = Buffer.alloc(Math.min(size, BGZF_EOF.length));
      await fh.read(tail, 0, tail.length, size - tail.length);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw ioError(e, path);
  }
  if (!tail.equals(BGZF_EOF)) {
    throw new PrecisError('TRUNCATED', 'no BGZF end-of-file marker: the file is truncated or still being written', {
      file: path,
      hint: 'check the download or copy; `bgzip -t` tells whether the file is whole',
    });
  }
}
