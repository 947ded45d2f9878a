import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../util/atomic.js';
import { readGeneModels, type GeneModels } from './gene-models.js';
import type { Transcript } from './transcript.js';

// Bump when the Transcript shape or the parser's rules change: old caches are then ignored.
const CACHE_FORMAT = 8;

/** Where parsed gene models are kept: $PRECIS_CACHE_DIR, else ~/.cache/precis. */
export function cacheDir(): string {
  return process.env.PRECIS_CACHE_DIR || join(homedir(), '.cache', 'precis');
}

interface CachedModels {
  format: number;
  models: Omit<GeneModels, 'transcripts'> & { transcripts: (Omit<Transcript, 'exons'> & { exons: number[] })[] };
}

/**
 * Gene models, parsed once per GFF/GTF file and then read from a cache keyed by the
 * file's real path, size and modification time (a full GENCODE GFF3 takes tens of
 * seconds to parse; the cache loads in a fraction of that). A cache that cannot be
 * written is skipped silently: it is an optimisation only.
 */
export async function readGeneModelsCached(path: string, useCache = true): Promise<GeneModels & { fromCache: boolean }> {
  const st = existsSync(path) ? statSync(path) : undefined;
  // a pipe has no lasting name, size or time to key a cache by (and a later pipe may reuse its inode)
  if (!useCache || st === undefined || !st.isFile()) return { ...(await readGeneModels(path)), fromCache: false };
  const key = createHash('sha1').update(`${realpathSync(path)}|${st.size}|${st.mtimeMs}|${CACHE_FORMAT}`).digest('hex').slice(0, 20);
  const file = join(cacheDir(), `annotate-genes-${key}.json.gz`);
  if (existsSync(file)) {
    try {
      const cached = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as CachedModels;
      if (cached.format === CACHE_FORMAT) {
        const transcripts = cached.models.transcripts.map((t) => ({ ...t, exons: Int32Array.from(t.exons) }));
        return { ...cached.models, source: path, transcripts, fromCache: true };
      }
    } catch {
      // unreadable cache: parse again and overwrite it
    }
  }
  const models = await readGeneModels(path);
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const doc: CachedModels = { format: CACHE_FORMAT, models: { ...models, transcripts: models.transcripts.map((t) => ({ ...t, exons: [...t.exons] })) } };
    await writeFileAtomic(file, gzipSync(JSON.stringify(doc), { level: 1 }));
  } catch {
    // read-only home or full disk: run without a cache
  }
  return { ...models, fromCache: false };
}
