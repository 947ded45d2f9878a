import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { ioError, PrecisError } from '../util/errors.js';
import { BGZF_EOF, bgzfBlockSize } from './bgzf.js';

/** A zlib failure as the error precis reports: the stream cut short, or corrupt. */
export function compressionError(e: unknown, name: string): PrecisError {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err?.message ?? '')) {
    return new PrecisError('TRUNCATED', 'compressed stream ends early: the file is truncated or still being written', {
      file: name,
      hint: 'check the download or copy; `gzip -t` tells whether the file is whole',
      cause: e,
    });
  }
  return new PrecisError('BAD_COMPRESSION', `corrupt gzip/BGZF data (${err?.message ?? String(e)})`, { file: name, cause: e });
}

/** Plain (multi-member) gzip, inflated by one stream on the libuv thread pool while the caller parses. */
export async function* inflateGzip(source: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: GZIP_CHUNK });
  const input = Readable.from(source);
  let sourceError: unknown;
  input.on('error', (e) => {
    sourceError = e;
    gunzip.destroy(e);
  });
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (e) {
    if (sourceError) throw ioError(sourceError, name);
    throw compressionError(e, name);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

// 256 KiB chunks: Node's zlib inflates ~40% faster than with the 16 KiB default.
const GZIP_CHUNK = 256 * 1024;

/** `head`, then the rest of the chunks `rest` still has. */
export async function* concatenated(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/**
 * BGZF decompression with several blocks inflated at once on the libuv thread pool.
 *
 * BGZF (SAM/BAM spec §4.1) is a series of independent gzip members, each telling its
 * own compressed size (the `BC` extra field) and, in its trailer, its inflated size. So
 * the compressed stream can be cut into groups of whole blocks without inflating
 * anything, each group inflated by its own zlib call, and the outputs handed on in
 * order. A single gunzip stream inflates one block after another on one thread: the
 * 200,000 x 500 PRS benchmark's 33 MB BGZF (406 MB of text) took 0.34 s that way, 0.19 s
 * with groups in flight on two cores.
 */

/** Inflated bytes per zlib call: large enough that the call's fixed cost (measured ~80 µs) is noise. */
const GROUP_OUTPUT = 1 << 20;

let defaultLanes = availableParallelism();

/** Lanes of every later inflateBgzf without its own `lanes` (the CLI's --threads). */
export function setInflateThreads(n: number): void {
  defaultLanes = Math.max(1, Math.floor(n));
}

export interface InflateOptions {
  /** gunzip streams working at the same time (default: setInflateThreads, else the number of CPUs) */
  lanes?: number;
}

/**
 * One long-lived gunzip stream fed group after group. Creating a zlib stream per group
 * cost ~0.5 ms of main-thread time each (handle set-up, output buffers): 190 ms over
 * the benchmark file, more than the inflating itself. Gunzip continues from one member
 * to the next, so a stream reused for whole groups yields each group's bytes in order.
 */
class InflateLane {
  private readonly gz: Gunzip;
  private readonly waiting: { size: number; got: number; parts: Buffer[]; resolve: (b: Buffer[]) => void; reject: (e: unknown) => void }[] = [];
  private failed: unknown = null;

  constructor() {
    this.gz = createGunzip({ chunkSize: 2 * GROUP_OUTPUT });
    this.gz.on('data', (chunk: Buffer) => {
      let c = chunk;
      while (c.length > 0) {
        const w = this.waiting[0];
        if (w === undefined) {
          this.fail(new Error('more inflated bytes than the blocks declare'));
          return;
        }
        const n = Math.min(c.length, w.size - w.got);
        w.parts.push(n === c.length ? c : c.subarray(0, n));
        w.got += n;
        c = c.subarray(n);
        if (w.got === w.size) {
          this.waiting.shift();
          w.resolve(w.parts);
        }
      }
    });
    this.gz.on('error', (e) => this.fail(e));
  }

  private fail(e: unknown): void {
    this.failed ??= e;
    for (const w of this.waiting.splice(0)) w.reject(this.failed);
  }

  inflate(group: Buffer, size: number): Promise<Buffer[]> {
    if (this.failed !== null) return Promise.reject(this.failed);
    // only empty members (the end-of-file marker): nothing to inflate
    if (group.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ size, got: 0, parts: [], resolve, reject });
      this.gz.write(group);
    });
  }

  close(): void {
    this.gz.destroy();
  }
}

/**
 * Size of the BGZF block starting at `o`, or 0 when `b` does not hold its whole header
 * yet, or -1 when the bytes at `o` are a gzip member without the BGZF size field.
 * Throws on bytes that are not gzip at all.
 */
function blockSize(b: Buffer, o: number, fileOffset: number, name: string): number {
  const size = bgzfBlockSize(b, o);
  if (size === -2) throw new PrecisError('BAD_COMPRESSION', `corrupt BGZF data: no block header at compressed byte ${fileOffset + o}`, { file: name });
  return size;
}

/**
 * Inflates a BGZF byte stream, yielding its text in order in chunks of about 1 MiB.
 * A member without the BGZF size field (a plain gzip tail appended to the file) is
 * inflated by one streaming gunzip from there on.
 */
export async function* inflateBgzf(source: AsyncIterable<Buffer>, name: string, options: InflateOptions = {}): AsyncGenerator<Buffer> {
  const nLanes = Math.max(1, options.lanes ?? defaultLanes);
  // two groups queued per lane, so a lane never waits for the next read
  const inFlight = nLanes * 2;
  const lanes = Array.from({ length: nLanes }, () => new InflateLane());
  let nextLane = 0;
  const jobs: Promise<Buffer[]>[] = [];
  const it = source[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  let offset = 0;
  /** compressed-stream offset of buf[0] */
  let bufStart = 0;
  let fallbackFrom = -1;

  const submit = (group: Buffer, size: number): void => {
    const job = lanes[nextLane]!.inflate(group, size);
    nextLane = (nextLane + 1) % lanes.length;
    // awaited later, in order; without this a failure before then would be "unhandled"
    job.catch(() => undefined);
    jobs.push(job);
  };
  const take = async (): Promise<Buffer[]> => {
    try {
      return await jobs.shift()!;
    } catch (e) {
      throw compressionError(e, name);
    }
  };

  try {
    reading: for (;;) {
      const r = await it.next();
      if (r.done) break;
      bufStart += offset;
      buf = offset < buf.length ? Buffer.concat([buf.subarray(offset), r.value]) : r.value;
      offset = 0;
      let groupSize = 0;
      // empty blocks (28 bytes: the end-of-file marker) need no zlib call; any other
      // block does, even one that declares no bytes (zlib then checks the declaration)
      let groupStartData = -1;
      for (;;) {
        const size = blockSize(buf, offset, bufStart, name);
        if (size < 0) {
          fallbackFrom = offset;
          if (groupStartData >= 0) submit(buf.subarray(groupStartData, offset), groupSize);
          break reading;
        }
        if (size === 0 || offset + size > buf.length) break;
        if (size < 28) throw new PrecisError('BAD_COMPRESSION', `corrupt BGZF data: block of ${size} bytes at compressed byte ${bufStart + offset}`, { file: name });
        if (size !== BGZF_EOF.length && groupStartData < 0) groupStartData = offset;
        groupSize += buf.readUInt32LE(offset + size - 4);
        offset += size;
        if (groupSize >= GROUP_OUTPUT) {
          submit(buf.subarray(groupStartData, offset), groupSize);
          groupStartData = -1;
          groupSize = 0;
          while (jobs.length >= inFlight) yield* await take();
        }
      }
      // whole blocks of this read not yet submitted; empty ones (the EOF marker) need no call
      if (groupStartData >= 0) submit(buf.subarray(groupStartData, offset), groupSize);
      while (jobs.length >= inFlight) yield* await take();
    }
    while (jobs.length > 0) yield* await take();
  } finally {
    for (const l of lanes) l.close();
  }

  if (fallbackFrom >= 0) {
    yield* inflateGzip(concatenated(buf.subarray(fallbackFrom), it), name);
    return;
  }
  if (offset < buf.length) {
    throw new PrecisError('TRUNCATED', 'compressed stream ends early (inside a BGZF block): the file is truncated or still being written', {
      file: name,
      hint: 'check the download or copy; `bgzip -t` tells whether the file is whole',
    });
  }
}
