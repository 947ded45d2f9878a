import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PrecisError, ioError } from '../util/errors.js';
import { parseScoringBytes } from './scorefile.js';
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
export function readScoringFile(path: string, firstScore = 0, into?: RowTable): ScoringSet {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
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
  return parseScoringBytes(bytes, path, firstScore, into);
}

/** Reads several scoring files (or folders of them) into one set; score ids must be unique. */
export function readScoringFiles(paths: string[]): ScoringSet {
  const scores: ScoringSet['scores'] = [];
  // one table for every file: each file's rows already carry global score indices
  const table = new RowTable();
  for (const p of expandScoringPaths(paths)) scores.push(...readScoringFile(p, scores.length, table).scores);
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
