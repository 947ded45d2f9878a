import { SCHEMA_VERSION } from '../version.js';
import type { PgxResult } from './stage.js';

export const RESEARCH_NOTICE =
  'Research use only: not for clinical decisions. Calls follow PharmCAT named-allele semantics; recommendation data are CPIC (CC0) and DPWG via ClinPGx/PharmGKB (CC BY-SA 4.0); read the linked guideline before acting.';

/** The `-O json` document (stable key order). */
export function pgxJsonDocument(result: PgxResult, command?: string): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    notice: RESEARCH_NOTICE,
    tool: result.tool,
    ...(command ? { command } : {}),
    input: result.input,
    genomeBuild: result.genomeBuild ?? 'GRCh38 (assumed)',
    data: { versions: { definitions: result.data.definitions, guidelines: result.data.guidelines }, source: result.data.source },
    options: result.options,
    records: result.records,
    warnings: result.warnings,
    guidelines: result.guidelines,
    samples: result.samples,
  };
}

/** Indented for a few samples, compact for cohorts (where the document is read by programs). */
export function renderPgxJson(result: PgxResult, command?: string): string {
  const parts: string[] = [];
  for (const chunk of pgxJsonChunks(result, command)) parts.push(chunk);
  return parts.join('');
}

/** Streams the document into a writer that may apply backpressure (OutputSink.write). */
export async function writePgxJson(result: PgxResult, write: (chunk: string) => Promise<void> | undefined, command?: string): Promise<void> {
  for (const chunk of pgxJsonChunks(result, command)) {
    const p = write(chunk);
    if (p) await p;
  }
}

/**
 * Writes the same document piece by piece (one sample at a time), so a cohort's JSON is
 * never held as one string.
 */
export function* pgxJsonChunks(result: PgxResult, command?: string): Generator<string> {
  const indent = result.samples.length <= 10 ? 1 : undefined;
  const doc = pgxJsonDocument(result, command);
  const head = JSON.stringify({ ...doc, samples: [] }, null, indent);
  // split the document at its (empty, last) samples array
  const cut = head.lastIndexOf('[]');
  yield head.slice(0, cut);
  yield '[';
  // Gene and drug reports are shared between samples with the same genotypes: serialise
  // each object once (same bytes as JSON.stringify of the whole sample).
  const cache = new WeakMap<object, string>();
  const once = (o: object): string => {
    let t = cache.get(o);
    if (t === undefined) cache.set(o, (t = JSON.stringify(o)));
    return t;
  };
  for (let i = 0; i < result.samples.length; i++) {
    const s = result.samples[i]!;
    const body = indent === undefined ? `{"sample":${JSON.stringify(s.sample)},"genes":[${s.genes.map(once).join(',')}],"drugs":[${s.drugs.map(once).join(',')}]}` : JSON.stringify(s, null, indent);
    yield (i > 0 ? ',' : '') + body;
  }
  yield `]${head.slice(cut + 2)}\n`;
}

const TSV_COLUMNS = ['sample', 'gene', 'diplotype', 'phenotype', 'activity_score', 'status', 'n_missing_positions', 'call_source', 'phased', 'effectively_phased'];

const clean = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

/** The `-O tsv` cohort table: one row per sample and gene. */
export function renderPgxTsv(result: PgxResult): string {
  const lines = [`# ${RESEARCH_NOTICE}`, `# definitions ${result.data.definitions}; guidelines ${result.data.guidelines ?? 'NA'}`, TSV_COLUMNS.join('\t')];
  for (const s of result.samples) {
    for (const g of s.genes) {
      const dip = g.diplotypes.length > 0 ? g.diplotypes.join(' OR ') : g.haplotypes && g.haplotypes.length > 0 ? g.haplotypes.join(';') : g.called ? 'NA' : 'not called';
      lines.push(
        [s.sample, g.gene, dip, g.phenotypes.join(g.diplotypes.length > 1 ? ' OR ' : ', ') || 'NA', g.activityScore ?? 'NA', g.status, String(g.missingPositions.length), g.callSource, g.phased ? 'yes' : 'no', g.effectivelyPhased ? 'yes' : 'no'].map(clean).join('\t'),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
