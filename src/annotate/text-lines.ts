import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ioError, PrecisError } from '../util/errors.js';
import { concatenated } from '../vcf/inflate.js';

/** Lines of a plain or gzip/BGZF text file, streamed (multi-member gzip is read whole). */
export async function* textLines(path: string): AsyncGenerator<string> {
  if (!existsSync(path)) throw new PrecisError('NOT_FOUND', 'no such file', { file: path });
  // the first bytes are read from the stream itself, so a pipe (`<(zcat models.gff3.gz)`) works too
  const raw = createReadStream(path);
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await chunks.next();
  } catch (e) {
    raw.destroy();
    throw ioError(e, path);
  }
  const head = first.done ? Buffer.alloc(0) : first.value;
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const body = Readable.from(first.done ? [] : concatenated(head, chunks));
  const stream = gz ? body.pipe(createGunzip()) : body;
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
