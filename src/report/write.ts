import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { PrecisError } from '../util/errors.js';
import { buildFhirBundle } from './fhir.js';
import { renderCohortHtml, renderSampleHtml } from './html.js';
import type { ReportDocument } from './model.js';
import { buildMultiqc } from './multiqc.js';

export type ReportFormat = 'html' | 'json' | 'fhir';

export interface ReportTarget {
  format: ReportFormat;
  /** a directory (one file per sample + index) or a single file */
  dir: boolean;
  path: string;
}

/** `-o` ending in `/`, an existing directory, or a name without an extension is a directory. */
export function resolveTarget(path: string, explicit?: string): ReportTarget {
  let format: ReportFormat | undefined;
  if (explicit !== undefined) {
    const f = explicit.toLowerCase();
    if (f === 'html' || f === 'h') format = 'html';
    else if (f === 'json' || f === 'j') format = 'json';
    else if (f === 'fhir' || f === 'f') format = 'fhir';
    else throw new PrecisError('USAGE', `-O/--output-type must be html, json or fhir, got "${explicit}"`);
  }
  if (path === '-') return { format: format ?? 'json', dir: false, path };
  const isDir = path.endsWith('/') || (existsSync(path) && statSync(path).isDirectory()) || !/\.[A-Za-z0-9]+$/.test(path);
  if (isDir) return { format: format ?? 'html', dir: true, path };
  if (!format) format = /\.html?$/i.test(path) ? 'html' : /\.fhir\.json$/i.test(path) ? 'fhir' : 'json';
  return { format, dir: false, path };
}

export function sampleFileName(sample: string, taken: Set<string>): string {
  let base = sample.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'sample';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Writes the report where `target` says; returns the paths written. */
export async function writeReport(doc: ReportDocument, target: ReportTarget, writeStdout: (s: string) => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  if (!target.dir) {
    if (target.format === 'json') {
      if (target.path === '-') await writeStdout(json);
      else await writeFileAtomic(target.path, json);
      written.push(target.path);
      return written;
    }
    if (doc.samples.length !== 1) {
      throw new PrecisError('USAGE', `${doc.samples.length} samples cannot go into one ${target.format.toUpperCase()} file`, {
        hint: 'give a directory (-o out/) for one file per sample, or pick one sample with -s',
      });
    }
    const text = target.format === 'html' ? renderSampleHtml(doc, doc.samples[0]!) : `${JSON.stringify(buildFhirBundle(doc, doc.samples[0]!), null, 2)}\n`;
    if (target.path === '-') await writeStdout(text);
    else await writeFileAtomic(target.path, text);
    written.push(target.path);
    return written;
  }
  try {
    mkdirSync(target.path, { recursive: true });
  } catch (e) {
    throw new PrecisError('IO', `cannot create output directory (${(e as Error).message})`, { file: target.path });
  }
  const taken = new Set<string>();
  const links = new Map<string, string>();
  for (const s of doc.samples) {
    const base = sampleFileName(s.sample, taken);
    if (target.format === 'fhir') {
      const f = join(target.path, `${base}.fhir.json`);
      await writeFileAtomic(f, `${JSON.stringify(buildFhirBundle(doc, s), null, 2)}\n`);
      written.push(f);
    } else {
      const f = join(target.path, `${base}.html`);
      await writeFileAtomic(f, renderSampleHtml(doc, s));
      links.set(s.sample, `${base}.html`);
      written.push(f);
    }
  }
  const jf = join(target.path, 'report.json');
  await writeFileAtomic(jf, json);
  written.push(jf);
  if (target.format !== 'fhir' && doc.cohort) {
    const idx = join(target.path, 'index.html');
    await writeFileAtomic(idx, renderCohortHtml(doc, doc.cohort, links));
    written.push(idx);
  } else if (target.format !== 'fhir' && doc.samples.length === 1) {
    const idx = join(target.path, 'index.html');
    await writeFileAtomic(idx, renderSampleHtml(doc, doc.samples[0]!));
    written.push(idx);
  }
  return written;
}

export async function writeMultiqc(doc: ReportDocument, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const f = join(dir, 'precis_mqc.json');
  await writeFileAtomic(f, `${JSON.stringify(buildMultiqc(doc), null, 2)}\n`);
  return f;
}
