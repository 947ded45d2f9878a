import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ioError, type PrecisError } from '../util/errors.js';
import { compressionError } from '../vcf/index.js';

const CHUNK = 256 * 1024;
/** Decompressed bytes read ahead of the parser before the file stream pauses. */
const READ_AHEAD = 4 << 20;

/**
 * The lines of an annotation source, streamed from a byte offset (a BGZF block start when
 * seeking), decompressed on the libuv threadpool while annotation runs. Lines already
 * inflated are handed out synchronously (`next`); `wait` resolves when more arrived, so
 * a lookup only awaits when it has outrun the inflation.
 */
export class SourceLines {
  private readonly stream: Readable;
  private readonly file: Readable;
  private readonly chunks: Buffer[] = [];
  private queued = 0;
  private paused = false;
  private ended = false;
  private failure: PrecisError | undefined;
  private waiter: (() => void) | undefined;
  /** the chunk being cut into lines, and where its next line starts */
  private chunk: Buffer = Buffer.alloc(0);
  private at = 0;
  /** decompressed bytes still to skip before the first line (the virtual offset's in-block part) */
  private skip: number;
  /** 1-based number of the last line handed out (0 before the first); -1 throughout when the stream did not start at the file's start */
  lineNo: number;
  // the line handed out by `next`
  line: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;

  constructor(path: string, compressed: boolean, offset = 0, skip = 0) {
    this.skip = skip;
    this.lineNo = offset === 0 && skip === 0 ? 0 : -1;
    this.file = createReadStream(path, { start: offset, highWaterMark: CHUNK });
    this.stream = compressed ? this.file.pipe(createGunzip({ chunkSize: CHUNK })) : this.file;
    this.file.on('error', (e: Error) => this.fail(ioError(e, path)));
    if (compressed) this.stream.on('error', (e: Error) => this.fail(compressionError(e, path)));
    this.stream.on('data', (b: Buffer) => {
      this.chunks.push(b);
      this.queued += b.length;
      if (this.queued >= READ_AHEAD && !this.paused) {
        this.paused = true;
        this.stream.pause();
      }
      this.wake();
    });
    this.stream.on('end', () => {
      this.ended = true;
      this.wake();
    });
  }

  private fail(e: PrecisError): void {
    this.failure ??= e;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /**
   * Moves to the next line (`line`, `start`, `end`; no newline or CR): true when there
   * is one, false at the end of the file, undefined when it has not been inflated yet.
   */
  next(): boolean | undefined {
    for (;;) {
      if (this.failure) throw this.failure;
      // most lines are short: a byte loop finds their end sooner than a native indexOf
      // call; past 256 bytes (gnomAD's INFO) the native search takes over
      const chunk = this.chunk;
      const stop = Math.min(chunk.length, this.at + 256);
      let nl = this.at;
      while (nl < stop && chunk[nl] !== 10) nl++;
      if (nl === stop) nl = stop === chunk.length ? -1 : chunk.indexOf(10, stop);
      if (nl >= 0) {
        this.emit(this.chunk, this.at, nl);
        this.at = nl + 1;
        return true;
      }
      // the rest of the chunk is the head of a line continued in the next one(s)
      const more = this.take();
      if (more === undefined) return this.ended && this.chunks.length === 0 ? this.last() : undefined;
      if (this.at >= this.chunk.length) {
        this.chunk = more;
        this.at = 0;
        continue;
      }
      const head = this.chunk.subarray(this.at);
      const nl2 = more.indexOf(10);
      if (nl2 < 0) {
        this.chunk = Buffer.concat([head, more]);
        this.at = 0;
        continue;
      }
      // join the split line with just the head of the next chunk, then read that one in place
      const joined = Buffer.concat([head, more.subarray(0, nl2)]);
      this.emit(joined, 0, joined.length);
      this.chunk = more;
      this.at = nl2 + 1;
      return true;
    }
  }

  private take(): Buffer | undefined {
    let b = this.chunks.shift();
    while (b !== undefined && this.skip > 0) {
      if (b.length <= this.skip) {
        this.skip -= b.length;
        this.queued -= b.length;
        b = this.chunks.shift();
      } else {
        this.queued -= this.skip;
        b = b.subarray(this.skip);
        this.skip = 0;
      }
    }
    if (b === undefined) return undefined;
    this.queued -= b.length;
    if (this.paused && this.queued < READ_AHEAD >> 1) {
      this.paused = false;
      this.stream.resume();
    }
    return b;
  }

  /** The unterminated last line, once. */
  private last(): boolean {
    if (this.at >= this.chunk.length) return false;
    this.emit(this.chunk, this.at, this.chunk.length);
    this.at = this.chunk.length;
    return true;
  }

  private emit(b: Buffer, s: number, e: number): void {
    if (this.lineNo >= 0) this.lineNo++;
    this.line = b;
    this.start = s;
    this.end = e > s && b[e - 1] === 13 ? e - 1 : e;
  }

  /** `next`, waiting for bytes as needed: true at a line, false at the end of the file. */
  async nextLine(): Promise<boolean> {
    for (;;) {
      const r = this.next();
      if (r !== undefined) return r;
      await this.wait();
    }
  }

  /** Resolves when more bytes arrived, the file ended or reading failed. */
  wait(): Promise<void> {
    if (this.chunks.length > 0 || this.ended || this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  close(): void {
    this.stream.destroy();
    this.file.destroy();
  }

}
