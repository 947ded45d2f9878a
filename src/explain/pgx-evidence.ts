import { readFileSync } from 'node:fs';
import { ioError, PrecisError } from '../util/errors.js';

/** A JSON value carried through unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/**
 * PGx results are not model features: an explanation carries each sample's `precis pgx`
 * result (genes, diplotypes, phenotypes and the evidence behind them) verbatim, so the
 * reader sees them beside the risk drivers with their source intact.
 */
export function readPgxEvidence(file: string): Map<string, JsonValue> {
  let doc: JsonValue;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
  } catch (e) {
    if (e instanceof SyntaxError) throw new PrecisError('BAD_DATA', `not valid JSON: ${e.message}`, { file });
    throw ioError(e, file);
  }
  const out = new Map<string, JsonValue>();
  collect(doc, out);
  if (out.size === 0) throw new PrecisError('BAD_DATA', 'no per-sample results (objects with a "sample" field) found', { file, hint: 'expected the JSON written by `precis pgx`' });
  return out;
}

function collect(node: JsonValue, out: Map<string, JsonValue>): void {
  if (Array.isArray(node)) {
    for (const x of node) collect(x, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (typeof node.sample === 'string') {
    const prev = out.get(node.sample);
    out.set(node.sample, prev === undefined ? node : Array.isArray(prev) ? [...prev, node] : [prev, node]);
    return;
  }
  for (const v of Object.values(node)) collect(v, out);
}
