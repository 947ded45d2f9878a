import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPrecis } from '../helpers/cli.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'model');
type Schema = { required?: string[]; properties?: Record<string, Schema>; items?: Schema };
const schema = (name: string): Schema => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8'));

/** Checks the `required` lists of a schema, recursively through objects and arrays. */
function missingKeys(doc: unknown, s: Schema, path = '$'): string[] {
  const out: string[] = [];
  if (Array.isArray(doc)) {
    if (s.items) doc.forEach((d, i) => out.push(...missingKeys(d, s.items!, `${path}[${i}]`)));
    return out;
  }
  if (doc === null || typeof doc !== 'object') return out;
  const o = doc as Record<string, unknown>;
  for (const k of s.required ?? []) if (!(k in o)) out.push(`${path}.${k}`);
  for (const [k, sub] of Object.entries(s.properties ?? {})) if (k in o) out.push(...missingKeys(o[k], sub, `${path}.${k}`));
  return out;
}

describe('JSON outputs follow their schemas', () => {
  it('risk and explain JSON have every required field', () => {
    const args = ['-c', join(FIX, 'clinical.tsv'), '--prs', join(FIX, 'prs.json'), '-O', 'j', '-q'];
    const risk = JSON.parse(runPrecis(['risk', ...args]).stdout);
    expect(missingKeys(risk, schema('risk.schema.json'))).toEqual([]);
    const explain = JSON.parse(runPrecis(['explain', ...args, '-s', 'P2']).stdout);
    expect(missingKeys(explain, schema('explain.schema.json'))).toEqual([]);
    expect(missingKeys({ kind: 'precis-risk' }, schema('risk.schema.json')).length).toBeGreaterThan(5);
  });
});
