import { readFileSync } from 'node:fs';
import { isRegularFile } from '../util/regular-file.js';
import { dirname, isAbsolute, join } from 'node:path';
import { ioError, PrecisError } from '../util/errors.js';
import { KNOWN_CSQ_FIELDS } from './csq-format.js';
import { OPS, type CustomSourceSpec, type Op } from './custom-source.js';

/** The sources a config file names (JSON, or vcfanno-style TOML `[[annotation]]` blocks). */
export interface SourceConfig {
  clinvar: string[];
  frequencies: { file: string; fields?: string[] }[];
  custom: CustomSourceSpec[];
  /** TOML tables precis does not read (vcfanno's [[postannotation]]), with their lines */
  skipped: string[];
}

/**
 * JSON: `{"clinvar": "f.vcf.gz", "frequencies": [{"file": "gnomad.vcf.gz", "fields": ["AF","AF_nfe"]}],
 * "custom": [{"file": "x.bed.gz", "columns": [4], "ops": ["max"], "names": ["score"]}]}`.
 * TOML: vcfanno's `[[annotation]]` blocks (file, fields or columns, ops, names).
 * Relative paths are resolved against the config file's folder, or against the working
 * folder when the config comes from a pipe (`--sources <(...)`: its folder is /dev/fd).
 */
export function readSourceConfig(path: string): SourceConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw ioError(e, path);
  }
  const base = isRegularFile(path) ? dirname(path) : process.cwd();
  const resolve = (f: string): string => (isAbsolute(f) ? f : join(base, f));
  const raw = /\.toml$/i.test(path) || /^\s*\[\[annotation\]\]/m.test(text) ? parseVcfannoToml(text, path) : parseJson(text, path);
  const cfg: SourceConfig = { clinvar: [], frequencies: [], custom: [], skipped: (raw.skipped as string[] | undefined) ?? [] };
  const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  for (const c of list(raw.clinvar as string | string[] | undefined)) cfg.clinvar.push(resolve(String(c)));
  for (const f of list(raw.frequencies as string | { file: string; fields?: string[] } | undefined)) {
    cfg.frequencies.push(typeof f === 'string' ? { file: resolve(f) } : { file: resolve(f.file), fields: f.fields });
  }
  for (const a of list((raw.custom ?? raw.annotation) as Record<string, unknown>[] | undefined)) {
    if (typeof a.file !== 'string') throw new PrecisError('BAD_DATA', 'every custom source needs "file"', { file: path });
    const ops = (a.ops as string[] | undefined) ?? [];
    for (const op of ops) if (!OPS.includes(op as Op)) throw new PrecisError('BAD_DATA', `unknown op "${op}" (one of ${OPS.join(', ')})`, { file: path });
    cfg.custom.push({
      file: resolve(a.file),
      fields: a.fields as string[] | undefined,
      columns: a.columns as number[] | undefined,
      ops: ops as Op[],
      names: (a.names as string[] | undefined) ?? ((a.fields as string[] | undefined) ?? []),
    });
  }
  const seen = new Set<string>();
  for (const c of cfg.custom) {
    for (const name of c.names) {
      if (!/^[^\s|,;=&]+$/.test(name)) throw new PrecisError('BAD_DATA', `custom source name "${name}" cannot be a CSQ field name (no spaces or | , ; = &)`, { file: path });
      if (KNOWN_CSQ_FIELDS.has(name)) {
        throw new PrecisError('BAD_DATA', `custom source name "${name}" is a CSQ field precis fills itself`, { file: path, hint: `give the source its own names, e.g. names=["mysource_${name}"]` });
      }
      if (seen.has(name)) throw new PrecisError('BAD_DATA', `custom source name "${name}" is given twice`, { file: path });
      seen.add(name);
    }
  }
  return cfg;
}

function parseJson(text: string, path: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected an object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new PrecisError('BAD_DATA', `not a valid source config: ${(e as Error).message}`, { file: path });
  }
}

/**
 * The subset of TOML vcfanno configs use: `[[annotation]]` tables of strings, numbers and
 * arrays (an array may run over several lines). Other tables (vcfanno's
 * `[[postannotation]]`, which runs Lua) are not read: their header lines are listed in
 * `skipped` so the caller can say so.
 */
function parseVcfannoToml(text: string, path: string): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [];
  const skipped: string[] = [];
  let cur: Record<string, unknown> | undefined;
  let inSkipped = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = withoutComment(lines[i]!).trim();
    if (line === '') continue;
    if (line === '[[annotation]]') {
      blocks.push((cur = {}));
      inSkipped = false;
      continue;
    }
    if (line.startsWith('[') && !inValue(line)) {
      cur = undefined;
      inSkipped = true;
      skipped.push(`${line} (line ${i + 1})`);
      continue;
    }
    const m = /^(\w+)\s*=\s*(.+)$/.exec(line);
    if (!m) throw new PrecisError('BAD_DATA', `cannot read "${line}"`, { file: path, line: i + 1 });
    const first = i + 1;
    let value = m[2]!;
    // an array continued on the next lines: read on until its brackets close
    while (unclosed(value) && i + 1 < lines.length) value += ` ${withoutComment(lines[++i]!).trim()}`;
    line = value;
    if (!cur) {
      if (inSkipped) continue;
      throw new PrecisError('BAD_DATA', `${m[1]} outside an [[annotation]] block`, { file: path, line: first });
    }
    try {
      cur[m[1]!] = JSON.parse(tomlToJson(value)) as unknown;
    } catch {
      throw new PrecisError('BAD_DATA', `cannot read the value of ${m[1]}`, { file: path, line: first });
    }
  }
  return { annotation: blocks, skipped };
}

/**
 * The indexes of `text`'s characters that lie outside TOML strings ("basic", with
 * backslash escapes, or 'literal'), in order; `visit` returning true stops the walk.
 */
function outsideStrings(text: string, visit: (c: string, i: number) => boolean | void): void {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (visit(c, i) === true) return;
  }
}

/** The line up to a `#` that is not inside a string. */
function withoutComment(line: string): string {
  let end = line.length;
  outsideStrings(line, (c, i) => {
    if (c !== '#') return false;
    end = i;
    return true;
  });
  return line.slice(0, end);
}

/** A key = value line whose value is an array: `[` opens it, not a table header. */
function inValue(line: string): boolean {
  return /^\w+\s*=/.test(line);
}

/** More `[` than `]` outside strings. */
function unclosed(value: string): boolean {
  let depth = 0;
  outsideStrings(value, (c) => {
    if (c === '[') depth++;
    else if (c === ']') depth--;
  });
  return depth > 0;
}

/** TOML's literal 'strings' and a trailing comma in arrays, as JSON reads them (string contents kept as they are). */
function tomlToJson(value: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote === "'") {
      if (c === "'") {
        quote = '';
        out += '"';
      } else out += c === '"' || c === '\\' ? `\\${c}` : c;
    } else if (quote === '"') {
      out += c;
      if (c === '\\') out += value[++i] ?? '';
      else if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
      out += '"';
    } else if (c === ']') out = `${out.replace(/,\s*$/, '')}]`;
    else out += c;
  }
  return out;
}
