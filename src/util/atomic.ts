import { createWriteStream, promises as fsp, rmSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ioError } from './errors.js';

/**
 * Output that appears under its final name only when complete: bytes go to a hidden
 * temporary file beside the target and are renamed on commit, so a crash or a data
 * error never leaves a half-written result that a pipeline would pick up.
 */
export class AtomicFile {
  readonly path: string;
  readonly tmpPath: string;
  readonly stream: WriteStream;
  private done = false;

  constructor(path: string) {
    this.path = path;
    this.tmpPath = temporaryPath(path);
    this.stream = createWriteStream(this.tmpPath);
    this.stream.on('error', () => undefined);
    activeFiles.add(this);
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    activeFiles.delete(this);
    await closeStream(this.stream, this.tmpPath);
    try {
      await fsp.rename(this.tmpPath, this.path);
    } catch (e) {
      throw ioError(e, this.path);
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    activeFiles.delete(this);
    this.stream.destroy();
    await fsp.rm(this.tmpPath, { force: true });
  }
}

const activeFiles = new Set<AtomicFile>();
let made = 0;

/** A hidden name beside `path`, unique to this process and call (two writes in one millisecond too). */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.precis-${process.pid}-${(made++).toString(36)}-${Date.now().toString(36)}.tmp`);
}

/** Removes every temporary output still open; called on errors and signals. */
export async function abortAllAtomicFiles(): Promise<void> {
  await Promise.all([...activeFiles].map((f) => f.abort()));
}

export function abortAllAtomicFilesSync(): void {
  for (const f of activeFiles) {
    try {
      f.stream.destroy();
      rmSync(f.tmpPath, { force: true });
    } catch {
      /* ignore */
    }
  }
  activeFiles.clear();
}

function closeStream(stream: WriteStream, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.errored) {
      reject(ioError(stream.errored, file));
      return;
    }
    stream.end((err?: Error | null) => (err ? reject(ioError(err, file)) : resolve()));
  });
}

/** Writes a whole small file atomically. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = temporaryPath(path);
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw ioError(e, path);
  }
}
