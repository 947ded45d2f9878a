import { existsSync } from 'node:fs';
import { openVcf, readHeaderOnly, runStages, type Region } from '../vcf/index.js';
import type { PgxData } from './data.js';
import { createPgxStage, type PgxOptions, type PgxResult } from './stage.js';

export interface RunPgxOptions extends Partial<PgxOptions> {
  /** jump to the gene regions through the index when the file is BGZF + .tbi/.csi (default true) */
  useIndex?: boolean;
}

/** Gene regions to query through an index (the definition spans, padded for indel anchors). */
export function pgxRegions(stage: ReturnType<typeof createPgxStage>): Region[] {
  return stage.engine.index.regions(100);
}

/** Runs the pgx stage alone over one VCF, through the index when there is one. */
export async function runPgx(path: string, data: PgxData, opts: RunPgxOptions = {}): Promise<PgxResult> {
  const stage = createPgxStage(data, opts);
  let regions: Region[] | undefined;
  if (opts.useIndex !== false && path !== '-' && (existsSync(`${path}.tbi`) || existsSync(`${path}.csi`))) {
    const { compression } = await readHeaderOnly(path);
    if (compression === 'bgzf') regions = pgxRegions(stage);
  }
  const reader = await openVcf(path, regions ? { regions } : {});
  try {
    const [result] = await runStages(reader, [stage]);
    return result as PgxResult;
  } finally {
    reader.close();
  }
}
