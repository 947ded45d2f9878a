import { AtomicFile, outputError } from './atomic.js';
import { PrecisError } from './errors.js';

/**
 * Where a command's result goes: stdout for `-`, else a file written atomically.
 * Writes are batched into ~256 KiB chunks; `write` returns a promise only when the
 * destination asks to wait (backpressure), so hot loops await rarely.
 */
export class OutputSink {
  readonly path: string;
  private readonly atomic: AtomicFile | null;
  private readonly stream: NodeJS.WritableStream;
  private parts: Buffer[] = [];
  private size = 0;
  private static readonly CHUNK = 256 * 1024;

  private constructor(path: string) {
    this.path = path;
    if (path === '-') {
      this.atomic = null;
      this.stream = process.stdout;
    } else {
      this.atomic = new AtomicFile(path);
      this.stream = this.atomic.stream;
    }
  }

  static open(path: string): OutputSink {
    return new OutputSink(path);
  }

  get isStdout(): boolean {
    return this.atomic === null;
  }

  write(data: string | Buffer): Promise<void> | undefined {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.parts.push(b);
    this.size += b.length;
    if (this.size >= OutputSink.CHUNK) return this.flush();
    return undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.size === 0) return undefined;
    const chunk = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    const failed = (this.stream as NodeJS.WritableStream & { errored?: Error | null }).errored;
    if (failed) return Promise.reject(this.writeError(failed));
    const ok = this.stream.write(chunk);
    if (ok) return undefined;
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.stream.removeListener('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        this.stream.removeListener('drain', onDrain);
        reject(this.writeError(e));
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  private writeError(e: Error): PrecisError {
    if (this.atomic) return outputError(e, this.path);
    return new PrecisError('IO', `write failed: ${e.message}`, { file: '<stdout>' });
  }

  /** Flushes and, for files, renames the temporary file into place. */
  async close(): Promise<void> {
    await this.flush();
    if (this.atomic) await this.atomic.commit();
  }

  /** Drops a file output (nothing appears under the final name). */
  async abort(): Promise<void> {
    this.parts = [];
    this.size = 0;
    if (this.atomic) await this.atomic.abort();
  }
}
