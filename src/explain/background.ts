import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { featureMatrix, parseFeatureTable, readTable, SeededRandom, type RiskModel } from '../model/index.js';
import { PrecisError } from '../util/errors.js';

export interface Background {
  source: string;
  rows: Float64Array;
  n: number;
}

/** The model's documented reference cohort: `<model>/background/cohort.tsv`. */
export function defaultBackgroundPath(model: RiskModel): string {
  return join(model.dir, 'background', 'cohort.tsv');
}

/**
 * Reads a background cohort (same columns as a clinical/features table) into the model's
 * feature space; keeps a seeded random subset of `maxRows` rows when it is larger, since
 * exact SHAP costs 2^d x rows evaluations per explained sample.
 */
export function loadBackground(model: RiskModel, path: string | undefined, maxRows: number, seed = 1): Background {
  const file = path ?? defaultBackgroundPath(model);
  if (path === undefined && !existsSync(file)) {
    throw new PrecisError('MODEL', `model ${model.meta.name} ships no background cohort (${file})`, { hint: 'give one with --background FILE' });
  }
  const samples = parseFeatureTable(readTable(file));
  if (samples.length === 0) throw new PrecisError('EMPTY_INPUT', 'the background cohort has no rows', { file });
  let keep = samples;
  if (samples.length > maxRows) {
    const idx = Int32Array.from({ length: samples.length }, (_, i) => i);
    new SeededRandom(seed).shuffle(idx);
    keep = Array.from(idx.subarray(0, maxRows)).sort((a, b) => a - b).map((i) => samples[i]!);
  }
  return { source: file, rows: featureMatrix(keep, model.meta.features), n: keep.length };
}
