import { describe, expect, it } from 'vitest';
import { buildFhirBundle } from '../../src/report/fhir.js';
import { reportDocument, sampleReport } from './fixture.js';

interface Entry {
  fullUrl: string;
  resource: Record<string, unknown> & { resourceType: string };
}

function codes(x: unknown): string[] {
  const c = (x as { coding?: { code: string }[] } | undefined)?.coding ?? [];
  return c.map((k) => k.code);
}

function references(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((v) => references(v, out));
  else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

describe('FHIR Genomics Reporting bundle', () => {
  const s = sampleReport('S1');
  const bundle = buildFhirBundle(reportDocument([s]), s) as { resourceType: string; type: string; entry: Entry[] };

  it('is a collection of known resource types whose references all resolve', () => {
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    const urls = new Set(bundle.entry.map((e) => e.fullUrl));
    expect(urls.size).toBe(bundle.entry.length);
    for (const e of bundle.entry) expect(['Patient', 'Observation', 'DiagnosticReport']).toContain(e.resource.resourceType);
    const refs = references(bundle.entry.map((e) => e.resource));
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(urls.has(r)).toBe(true);
  });

  it('carries the required LOINC codes', () => {
    const report = bundle.entry.find((e) => e.resource.resourceType === 'DiagnosticReport')!.resource;
    expect(codes(report.code)).toEqual(['51969-4']);
    expect(String(report.conclusion)).toMatch(/research use/i);
    const obs = bundle.entry.filter((e) => e.resource.resourceType === 'Observation').map((e) => e.resource);
    const genotype = obs.find((o) => codes(o.code).includes('84413-4'))!;
    expect((genotype.valueCodeableConcept as { text: string }).text).toBe('CYP2C19 *2/*2');
    const comps = (o: Record<string, unknown>): string[] => ((o.component as { code: unknown }[]) ?? []).flatMap((c) => codes(c.code));
    expect(comps(genotype)).toContain('48018-6');
    const implication = obs.find((o) => codes(o.code).includes('therapeutic-implication'))!;
    expect(comps(implication)).toContain('51963-7');
    expect((implication.derivedFrom as { reference: string }[])[0]!.reference).toBe(`urn:uuid:${genotype.id}`);
    const variant = obs.find((o) => codes(o.code).includes('69548-6'))!;
    for (const code of ['48013-7', '81290-9', '92822-6', '81254-5', '69547-8', '69551-0', '53034-5']) expect(comps(variant)).toContain(code);
    expect(codes(variant.valueCodeableConcept)).toEqual(['LA9633-4']);
    // 0|1 is heterozygous
    const state = (variant.component as { code: unknown; valueCodeableConcept?: unknown }[]).find((c) => codes(c.code).includes('53034-5'))!;
    expect(codes(state.valueCodeableConcept)).toEqual(['LA6706-1']);
    // the report lists every observation
    expect((report.result as unknown[]).length).toBe(obs.length);
  });
});
