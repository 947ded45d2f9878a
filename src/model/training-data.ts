import { PrecisError } from '../util/errors.js';
import { featureMatrix, parseFeatureTable } from './features.js';
import type { Table } from './table.js';

export interface TrainingData {
  samples: string[];
  features: string[];
  rows: Float64Array;
  y: Float64Array;
}

export interface TrainingColumns {
  outcome: string;
  /** Use only these features (model feature names, e.g. `male` for the sex column). */
  use?: string[];
  /** Leave these columns out (e.g. an ID-like or leakage column). */
  exclude?: string[];
}

/**
 * Turns a training table (one row per sample: features + a 0/1 outcome) into model
 * inputs. Features default to every column but sample and outcome, in column order,
 * with sex and race encoded as the `male` and `african_american` indicators.
 */
export function trainingData(table: Table, cols: TrainingColumns): TrainingData {
  const oi = table.columns.indexOf(cols.outcome);
  if (oi < 0) throw new PrecisError('BAD_DATA', `no outcome column "${cols.outcome}" (columns: ${table.columns.join(', ')})`, { file: table.file, line: 1, hint: 'name it with --outcome' });
  const y = new Float64Array(table.rows.length);
  table.rows.forEach((r, i) => {
    const v = r.cells[oi]!;
    if (v !== '0' && v !== '1') throw new PrecisError('BAD_DATA', `outcome ${cols.outcome} must be 0 or 1, got "${v}"`, { file: table.file, line: r.line });
    y[i] = Number(v);
  });
  const exclude = new Set([cols.outcome, ...(cols.exclude ?? [])]);
  for (const e of cols.exclude ?? []) {
    if (!table.columns.includes(e)) throw new PrecisError('USAGE', `--exclude names a column that is not in the table: ${e}`);
  }
  const kept: Table = {
    file: table.file,
    columns: table.columns.filter((c) => !exclude.has(c)),
    rows: table.rows.map((r) => ({ line: r.line, cells: r.cells.filter((_, i) => !exclude.has(table.columns[i]!)) })),
  };
  const samples = parseFeatureTable(kept);
  const encoded = kept.columns
    .filter((c) => c !== 'sample')
    .map((c) => (c === 'sex' ? 'male' : c === 'race' ? 'african_american' : c));
  const features = cols.use ?? encoded;
  for (const f of features) {
    if (!encoded.includes(f)) throw new PrecisError('USAGE', `feature "${f}" is not a column of ${table.file} (features there: ${encoded.join(', ')})`);
  }
  if (features.length === 0) throw new PrecisError('BAD_DATA', 'no feature columns besides sample and the outcome', { file: table.file, line: 1 });
  return { samples: samples.map((s) => s.sample), features, rows: featureMatrix(samples, features), y };
}
