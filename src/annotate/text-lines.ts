import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ioError, PrecisError } from '../util/errors.js';

/** Lines of a plain or gzip/BGZF text file, streamed (multi-member gzip is read whole). */
export async function* textLines(path: string): AsyncGenerator<string> {
  if (!existsSync(path)) throw new PrecisError('NOT_FOUND', 'no such file', { file: path });
  const fh = await open(path, 'r').catch((e: unknown) => {
    throw ioError(e, path);
  });
  const head = Buffer.alloc(2);
  await fh.read(head, 0, 2, 0);
  await fh.close();
  const raw = createReadStream(path);
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  const failure: { e?: Error } = {};
  stream.on('error', (e: Error) => {
    failure.e = e;
  });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } catch (e) {
    throw new PrecisError(gz ? 'BAD_COMPRESSION' : 'IO', `cannot read: ${(e as Error).message}`, { file: path });
  } finally {
    rl.close();
    raw.destroy();
  }
  if (failure.e) throw new PrecisError(gz ? 'BAD_COMPRESSION' : 'IO', `cannot read: ${failure.e.message}`, { file: path });
}
