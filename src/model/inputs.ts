import { PrecisError } from '../util/errors.js';
import { assembleFeatures, type AssembledFeatures } from './assemble.js';
import { parseFeatureTable, type SampleFeatures } from './features.js';
import { readPrsJson, selectPrsScore, type PrsSampleScore } from './prs-input.js';
import { readTable } from './table.js';

export interface FeatureFiles {
  clinical?: string;
  features?: string[];
  prs?: string;
  prsScore?: string;
}

export interface LoadedFeatureInputs extends AssembledFeatures {
  prs?: Map<string, PrsSampleScore>;
  clinical: SampleFeatures[];
  extra: SampleFeatures[][];
}

/** Reads the feature files named on a command line and assembles them (file edge of `assembleFeatures`). */
export function loadFeatureInputs(f: FeatureFiles): LoadedFeatureInputs {
  const tables = [...(f.clinical ? [f.clinical] : []), ...(f.features ?? [])];
  if (tables.length === 0) throw new PrecisError('USAGE', 'give the per-sample inputs with --clinical FILE and/or --features FILE');
  const [first, ...rest] = tables.map((t) => parseFeatureTable(readTable(t)));
  const prs = f.prs ? selectPrsScore(readPrsJson(f.prs), f.prsScore, f.prs) : undefined;
  const a = assembleFeatures({ clinical: first!, extra: rest, prs, prsSource: f.prs });
  return { ...a, prs, clinical: first!, extra: rest };
}

/** Keeps the samples named in a comma-separated list, in that order. */
export function pickSamples(samples: SampleFeatures[], list: string | undefined): SampleFeatures[] {
  if (list === undefined) return samples;
  const byId = new Map(samples.map((s) => [s.sample, s]));
  return list.split(',').map((id) => {
    const s = byId.get(id.trim());
    if (!s) throw new PrecisError('UNKNOWN_SAMPLE', `sample "${id}" is not in the input tables`);
    return s;
  });
}
