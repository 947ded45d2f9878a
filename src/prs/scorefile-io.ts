import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PrecisError, ioError } from '../util/errors.js';
import { countLines, parseScoringBytes } from './scorefile.js';
import { RowTable, tableScoringSet } from './row-table.js';
import type { ScoringSet } from './types.js';

/** Expands folders into the scoring files they hold (sorted, hidden files skipped). */
export function expandScoringPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw ioError(e, p);
    }
    if (st.isDirectory()) {
      const files = readdirSync(p)
        .filter((n) => !n.startsWith('.') && /\.(txt|tsv|scorefile)(\.gz)?$/.test(n))
        .sort()
        .map((n) => join(p, n));
      if (files.length === 0) throw new PrecisError('NOT_FOUND', 'folder holds no scoring files (*.txt, *.txt.gz, *.tsv, *.scorefile)', { file: p });
      out.push(...files);
    } else {
      out.push(p);
    }
  }
  return out;
}

/** Reads one scoring file, plain or gzip (told from the bytes); rows go to `into` when given (the set then holds all of its rows). */
export function readScoringFile(path: string, firstScore = 0, into: RowTable = new RowTable()): ScoringSet {
  const bytes = scoringFileBytes(path);
  into.reserve(countLines(bytes));
  return parseScoringBytes(bytes, path, firstScore, into);
}

/** A guess at a plain file's rows (a little over): its size over the mean line length of its first 64 KiB; 0 for gzip files and pipes. */
function estimatedRows(path: string): number {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    // a pipe (`-w <(zcat ...)`) is read once, when its turn comes
    if (!st.isFile()) return 0;
    const head = Buffer.allocUnsafe(Math.min(st.size, 1 << 16));
    const got = readSync(fd, head, 0, head.length, 0);
    if (got === 0 || (got >= 2 && head[0] === 0x1f && head[1] === 0x8b)) return 0;
    return Math.ceil((st.size / got) * countLines(head.subarray(0, got)) * 1.05) + 16;
  } catch {
    // an unreadable file is reported when its turn comes
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file's bytes in `reuse.buffer` (a pipe is read whole, into its own buffer). */
function readInto(path: string, reuse: { buffer?: Buffer }): Buffer {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return readFileSync(fd);
    const size = st.size;
    if (reuse.buffer === undefined || reuse.buffer.length < size) reuse.buffer = Buffer.allocUnsafe(size);
    const buffer = reuse.buffer;
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buffer, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * A scoring file's text, inflated when it is gzip. With `reuse`, a regular file is read
 * into `reuse.buffer`, grown as needed and kept for the next file.
 */
function scoringFileBytes(path: string, reuse?: { buffer?: Buffer }): Buffer {
  let bytes: Buffer;
  try {
    bytes = reuse === undefined ? readFileSync(path) : readInto(path, reuse);
  } catch (e) {
    throw ioError(e, path);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new PrecisError('BAD_COMPRESSION', `corrupt gzip data (${(e as Error).message})`, { file: path });
    }
  }
  if (bytes.length === 0) throw new PrecisError('EMPTY_INPUT', 'scoring file is empty', { file: path });
  return bytes;
}

/**
 * Reads several scoring files (or folders of them) into one set; score ids must be unique.
 * Regular files are read one after another into one buffer, kept for the next (reading
 * ten 100,000-row files each into memory of its own took 15 ms, most of it page faults;
 * into one buffer 6 ms). The row table is sized once, from each file's size and the
 * lines of its first 64 KiB (growing it file by file cost ~30 ms of copying for those
 * ten files; counting every line first, ~10 ms).
 */
export function readScoringFiles(paths: string[]): ScoringSet {
  const scores: ScoringSet['scores'] = [];
  // one table for every file: each file's rows already carry global score indices
  const table = new RowTable();
  const files = expandScoringPaths(paths);
  table.reserve(files.reduce((n, p) => n + estimatedRows(p), 0));
  const reuse = {};
  for (const p of files) scores.push(...parseScoringBytes(scoringFileBytes(p, reuse), p, scores.length, table).scores);
  const set = tableScoringSet(scores, table);
  const seen = new Map<string, string>();
  for (const s of set.scores) {
    const prev = seen.get(s.id);
    if (prev !== undefined) {
      throw new PrecisError('USAGE', `score id "${s.id}" appears twice (${prev} and ${s.file})`, { hint: 'each score must have its own #pgs_id / #pgs_name' });
    }
    seen.set(s.id, s.file);
    if (s.rows === 0) throw new PrecisError('BAD_DATA', `score ${s.id} has no variant rows`, { file: s.file });
  }
  return set;
}
