import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ioError, PrecisError } from '../util/errors.js';

/** A delimited table with a header line, as read from a TSV/CSV file. */
export interface Table {
  file: string;
  columns: string[];
  rows: TableRow[];
}

export interface TableRow {
  /** 1-based line number in the file, for error messages. */
  line: number;
  cells: string[];
}

/** Reads a TSV or CSV (chosen from the header line: a tab makes it TSV); `#` lines are comments. */
export function readTable(file: string): Table {
  let text: string;
  try {
    const raw = readFileSync(file);
    text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  } catch (e) {
    throw ioError(e, file);
  }
  return parseTable(text, file);
}

export function parseTable(text: string, file: string): Table {
  const lines = text.split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  if (headerIdx < 0) throw new PrecisError('EMPTY_INPUT', 'no header line (expected a TSV/CSV with column names)', { file });
  const header = lines[headerIdx]!;
  const split = header.includes('\t') ? splitTsv : splitCsv;
  const columns = split(header).map((c) => c.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === '') throw new PrecisError('BAD_DATA', 'empty column name in the header', { file, line: headerIdx + 1 });
    if (seen.has(c)) throw new PrecisError('BAD_DATA', `column "${c}" appears twice in the header`, { file, line: headerIdx + 1 });
    seen.add(c);
  }
  const rows: TableRow[] = [];
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || l.startsWith('#')) continue;
    const cells = split(l).map((c) => c.trim());
    if (cells.length !== columns.length) {
      throw new PrecisError('BAD_DATA', `${cells.length} fields, expected ${columns.length} (as in the header)`, { file, line: i + 1 });
    }
    rows.push({ line: i + 1, cells });
  }
  return { file, columns, rows };
}

function splitTsv(line: string): string[] {
  return line.split('\t');
}

/** RFC 4180 fields: commas, with "double quotes" around fields that hold commas or quotes. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Empty, NA, NaN-free missing markers used by R, pandas and plink. */
export function isMissingCell(v: string): boolean {
  return v === '' || v === 'NA' || v === 'na' || v === '.' || v === 'NaN' || v === 'nan' || v === 'null';
}
