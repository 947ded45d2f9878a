import { createWriteStream, existsSync, promises as fsp, rmSync, statSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PrecisError, ioError } from './errors.js';

/**
 * Output that appears under its final name only when complete: bytes go to a hidden
 * temporary file beside the target and are renamed on commit, so a crash or a data
 * error never leaves a half-written result that a pipeline would pick up.
 * A target that exists and is not a regular file (/dev/null, a named pipe, a shell's
 * /dev/fd/63) is written directly: renaming over it would replace the device or pipe
 * with a plain file (or fail where /dev is not writable).
 */
export class AtomicFile {
  readonly path: string;
  /** the temporary file, or the target itself when it is written directly */
  readonly tmpPath: string;
  readonly stream: WriteStream;
  private readonly direct: boolean;
  private done = false;

  constructor(path: string) {
    this.path = path;
    // said now, not after a run of minutes whose output then has nowhere to go
    if (!existsSync(dirname(path))) throw outputError(Object.assign(new Error('no such folder'), { code: 'ENOENT' }), path);
    this.direct = !isPlainTarget(path);
    this.tmpPath = this.direct ? path : temporaryPath(path);
    this.stream = createWriteStream(this.tmpPath);
    this.stream.on('error', () => undefined);
    activeFiles.add(this);
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    activeFiles.delete(this);
    await closeStream(this.stream, this.path);
    if (this.direct) return;
    try {
      await fsp.rename(this.tmpPath, this.path);
    } catch (e) {
      throw outputError(e, this.path);
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    activeFiles.delete(this);
    this.stream.destroy();
    if (!this.direct) await fsp.rm(this.tmpPath, { force: true });
  }
}

const activeFiles = new Set<AtomicFile>();

/** Whether `path` is absent, a regular file or a folder: a target to write through a temporary file. */
function isPlainTarget(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st === undefined || st.isFile() || st.isDirectory();
}
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
      if (f.tmpPath !== f.path) rmSync(f.tmpPath, { force: true });
    } catch {
      /* ignore */
    }
  }
  activeFiles.clear();
}

/** A failed write of output `file`, named by the file asked for (not its temporary twin). */
export function outputError(e: unknown, file: string): PrecisError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new PrecisError('IO', `cannot write: the folder ${dirname(file)} does not exist`, { file, cause: e });
  if (code === 'ENOSPC') return new PrecisError('IO', 'cannot write: no space left on the device', { file, cause: e });
  return ioError(e, file);
}

function closeStream(stream: WriteStream, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.errored) {
      reject(outputError(stream.errored, file));
      return;
    }
    // an error while the last bytes go out (a full disk, a folder that does not exist)
    // comes as an event: end's callback alone is then never called
    const onError = (e: Error): void => reject(outputError(e, file));
    stream.once('error', onError);
    stream.end((err?: Error | null) => {
      stream.removeListener('error', onError);
      const e = err ?? stream.errored;
      if (e) reject(outputError(e, file));
      else resolve();
    });
  });
}

/** Writes a whole small file atomically. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  if (!isPlainTarget(path)) {
    // a device or pipe (see AtomicFile): written as it is
    try {
      await fsp.writeFile(path, data);
    } catch (e) {
      throw outputError(e, path);
    }
    return;
  }
  const tmp = temporaryPath(path);
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw outputError(e, path);
  }
}
