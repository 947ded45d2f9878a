import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPgxData, pgxJsonDocument, runPgx } from '../../src/pgx/index.js';
import { parseOutsideCalls } from '../../src/pgx/outside-calls.js';
import { REPO_ROOT } from '../helpers/cli.js';

type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'pgx.schema.json'), 'utf8')) as Schema;

/** The subset of JSON Schema the pgx schema uses; returns the paths that fail. */
function validate(s: Schema, v: unknown, path = '$', out: string[] = []): string[] {
  if (typeof s.$ref === 'string') return validate((schema.$defs as Record<string, Schema>)[s.$ref.split('/').pop()!]!, v, path, out);
  if (Array.isArray(s.oneOf)) {
    const ok = (s.oneOf as Schema[]).filter((x) => validate(x, v, path, []).length === 0).length === 1;
    if (!ok) out.push(`${path}: oneOf`);
    return out;
  }
  if ('const' in s && v !== s.const) out.push(`${path}: const`);
  if (Array.isArray(s.enum) && !s.enum.includes(v)) out.push(`${path}: enum ${String(v)}`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const t = v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) out.push(`${path}: type ${t}`);
  }
  if (typeof s.pattern === 'string' && typeof v === 'string' && !new RegExp(s.pattern).test(v)) out.push(`${path}: pattern`);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of (s.required as string[] | undefined) ?? []) if (!(k in o)) out.push(`${path}.${k}: required`);
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) validate(props[k]!, x, `${path}.${k}`, out);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') validate(s.additionalProperties as Schema, x, `${path}.${k}`, out);
    }
  }
  if (Array.isArray(v) && s.items) v.forEach((x, i) => validate(s.items as Schema, x, `${path}[${i}]`, out));
  return out;
}

describe('pgx JSON schema', () => {
  it('the document of a real run validates (VCF + outside calls)', async () => {
    const data = loadPgxData();
    const oc = parseOutsideCalls('CYP2D6\t*1/*4\nHLA-B\t*57:01/*44:02\nMT-RNR1\t1555A>G\n', 'oc.tsv', new Set([...data.genes.map((g) => g.gene), 'HLA-A', 'HLA-B', 'MT-RNR1']));
    const r = await runPgx(join(REPO_ROOT, 'test', 'fixtures', 'pgx', 'mixed.vcf'), data, { outsideCalls: oc });
    const doc = JSON.parse(JSON.stringify(pgxJsonDocument(r, 'precis pgx mixed.vcf')));
    expect(validate(schema, doc)).toEqual([]);
    // the validator does catch a broken document
    doc.samples[0].genes[0].status = 'maybe';
    expect(validate(schema, doc).length).toBeGreaterThan(0);
  });
});
