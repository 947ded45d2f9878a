import { joinFeatures, unmatchedSamples, type SampleFeatures } from './features.js';
import type { PrsSampleScore } from './prs-input.js';

export interface FeatureSources {
  /** The clinical table: defines the samples and their order. */
  clinical: SampleFeatures[];
  /** Extra numeric tables (expression, metabolites, ...), joined by sample id. */
  extra?: SampleFeatures[][];
  /** Polygenic scores per sample; their z becomes the `prs_z` feature. */
  prs?: Map<string, PrsSampleScore>;
  /** Where `prs` came from, for messages and origins. */
  prsSource?: string;
}

export interface AssembledFeatures {
  samples: SampleFeatures[];
  warnings: string[];
}

/**
 * The one place features are put together, for `risk`, `explain` and `report` alike:
 * clinical rows joined with extra tables by sample id, then prs_z taken from the
 * polygenic score results (which win over a prs_z column, with a warning).
 */
export function assembleFeatures(src: FeatureSources): AssembledFeatures {
  const warnings: string[] = [];
  const extra = src.extra ?? [];
  for (const set of extra) {
    const lost = unmatchedSamples(src.clinical, set);
    if (lost.length > 0) warnings.push(`${lost.length} sample(s) of an extra feature table are not in the clinical table and are ignored (e.g. ${lost.slice(0, 3).join(', ')})`);
  }
  const samples = joinFeatures(src.clinical, ...extra);
  if (src.prs) {
    const where = src.prsSource ?? '<prs>';
    let overridden = 0;
    const missing: string[] = [];
    for (const s of samples) {
      const p = src.prs.get(s.sample);
      if (!p) {
        if (!('prs_z' in s.values)) missing.push(s.sample);
        continue;
      }
      if ('prs_z' in s.values) overridden++;
      s.values.prs_z = p.z;
      s.origin.prs_z = { file: where, line: 0 };
    }
    if (overridden > 0) warnings.push(`prs_z of ${overridden} sample(s) taken from ${where} instead of the table`);
    if (missing.length > 0) warnings.push(`${missing.length} sample(s) have no polygenic score in ${where} (e.g. ${missing.slice(0, 3).join(', ')})`);
  }
  return { samples, warnings };
}
