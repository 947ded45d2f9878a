import { PrecisError } from '../util/errors.js';
import { contigKey } from './contigs.js';

export type GenomeBuild = 'GRCh37' | 'GRCh38';

export interface FieldDefinition {
  id: string;
  /** `A`, `R`, `G`, `.`, `P`, `LA`... or a number as text */
  number: string;
  type: string;
  description: string;
}

export interface ContigDefinition {
  id: string;
  length?: number;
  assembly?: string;
}

export interface VcfHeader {
  /** e.g. `VCFv4.2`; empty when the file has no ##fileformat line */
  fileformat: string;
  /** every `##` line, without the newline, in file order */
  metaLines: string[];
  /** the `#CHROM...` line */
  columnLine: string;
  samples: string[];
  contigs: ContigDefinition[];
  info: Map<string, FieldDefinition>;
  format: Map<string, FieldDefinition>;
  filters: Map<string, string>;
  /** declared or inferred from contig lengths; undefined when nothing says */
  build?: GenomeBuild;
}

const FIXED_COLUMNS = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO'];

/** Parses `<ID=x,Number=1,Description="a, b">` into key/value pairs, honouring quotes. */
export function parseStructuredValue(s: string): Map<string, string> {
  const out = new Map<string, string>();
  let body = s.trim();
  if (body.startsWith('<') && body.endsWith('>')) body = body.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0) break;
    const key = body.slice(i, eq).trim();
    let j = eq + 1;
    let value = '';
    if (body[j] === '"') {
      j++;
      while (j < body.length && body[j] !== '"') {
        if (body[j] === '\\' && j + 1 < body.length) j++;
        value += body[j];
        j++;
      }
      j++; // closing quote
      while (j < body.length && body[j] !== ',') j++;
    } else {
      const comma = body.indexOf(',', j);
      const end = comma < 0 ? body.length : comma;
      value = body.slice(j, end);
      j = end;
    }
    out.set(key, value);
    i = j + 1;
  }
  return out;
}

// Lengths of chr1 identify the assembly when nothing else in the header does.
const CHR1_LENGTH: Record<number, GenomeBuild> = { 248956422: 'GRCh38', 249250621: 'GRCh37' };

export function buildFromText(text: string): GenomeBuild | undefined {
  if (/GRCh38|hg38|\bb38\b|GCA_000001405\.(1[5-9]|2\d)/i.test(text)) return 'GRCh38';
  if (/GRCh37|hg19|\bb37\b|hs37d5|human_g1k_v37|GCA_000001405\.([1-9]|1[0-4])\b/i.test(text)) return 'GRCh37';
  return undefined;
}

/**
 * Builds the header model from the `##` lines and the `#CHROM` line. `file` names the
 * input in errors.
 */
export function parseHeader(metaLines: string[], columnLine: string, file: string): VcfHeader {
  const columns = columnLine.split('\t');
  for (let i = 0; i < FIXED_COLUMNS.length; i++) {
    if (columns[i] !== FIXED_COLUMNS[i]) {
      throw new PrecisError('BAD_HEADER', `malformed #CHROM line: column ${i + 1} is "${columns[i] ?? ''}", expected "${FIXED_COLUMNS[i]}"`, {
        file,
        line: metaLines.length + 1,
        hint: 'the column line must be tab-separated: #CHROM POS ID REF ALT QUAL FILTER INFO [FORMAT samples...]',
      });
    }
  }
  if (columns.length > 8 && columns[8] !== 'FORMAT') {
    throw new PrecisError('BAD_HEADER', `malformed #CHROM line: column 9 is "${columns[8]}", expected "FORMAT"`, { file, line: metaLines.length + 1 });
  }
  const samples = columns.slice(9);
  const seen = new Set<string>();
  for (const s of samples) {
    if (seen.has(s)) throw new PrecisError('BAD_HEADER', `duplicate sample name "${s}" in #CHROM line`, { file, line: metaLines.length + 1 });
    seen.add(s);
  }

  const header: VcfHeader = {
    fileformat: '',
    metaLines,
    columnLine,
    samples,
    contigs: [],
    info: new Map(),
    format: new Map(),
    filters: new Map(),
  };
  let buildHint: GenomeBuild | undefined;
  for (const line of metaLines) {
    const eq = line.indexOf('=');
    if (!line.startsWith('##') || eq < 0) continue;
    const key = line.slice(2, eq);
    const value = line.slice(eq + 1);
    switch (key) {
      case 'fileformat':
        header.fileformat = value.trim();
        break;
      case 'INFO':
      case 'FORMAT': {
        const kv = parseStructuredValue(value);
        const id = kv.get('ID');
        if (!id) break;
        const def: FieldDefinition = { id, number: kv.get('Number') ?? '.', type: kv.get('Type') ?? 'String', description: kv.get('Description') ?? '' };
        (key === 'INFO' ? header.info : header.format).set(id, def);
        break;
      }
      case 'FILTER': {
        const kv = parseStructuredValue(value);
        const id = kv.get('ID');
        if (id) header.filters.set(id, kv.get('Description') ?? '');
        break;
      }
      case 'contig': {
        const kv = parseStructuredValue(value);
        const id = kv.get('ID');
        if (!id) break;
        const len = kv.get('length');
        const contig: ContigDefinition = { id, length: len === undefined ? undefined : Number(len), assembly: kv.get('assembly') };
        header.contigs.push(contig);
        if (!buildHint && contig.assembly) buildHint = buildFromText(contig.assembly);
        if (!buildHint && contig.length !== undefined && contigKey(id) === '1') buildHint = CHR1_LENGTH[contig.length];
        break;
      }
      case 'reference':
      case 'assembly':
      case 'genome_build':
      case 'genomeBuild':
        buildHint = buildHint ?? buildFromText(value);
        break;
      default:
        break;
    }
  }
  header.build = buildHint;
  return header;
}

/** Header text (every line ending in a newline), with extra `##` lines before #CHROM and the samples kept. */
export function formatHeader(header: VcfHeader, extraMeta: string[] = [], samples: readonly string[] = header.samples): string {
  const lines = header.metaLines.slice();
  if (lines.length === 0 || !lines[0]!.startsWith('##fileformat=')) lines.unshift('##fileformat=VCFv4.2');
  for (const m of extraMeta) {
    // a new INFO/FORMAT/FILTER/ALT/contig definition replaces the input's of that ID (a re-annotated CSQ): one line per ID, as bcftools requires
    const key = definitionKey(m);
    const at = key === undefined ? -1 : lines.findIndex((l) => definitionKey(l) === key);
    if (at >= 0) lines[at] = m;
    else lines.push(m);
  }
  const columns = samples.length > 0 ? [...FIXED_COLUMNS, 'FORMAT', ...samples] : FIXED_COLUMNS;
  return `${lines.join('\n')}\n${columns.join('\t')}\n`;
}

/** `INFO:CSQ` for `##INFO=<ID=CSQ,...>` (INFO, FORMAT, FILTER, contig, ALT); undefined for other lines. */
function definitionKey(line: string): string | undefined {
  const m = /^##(INFO|FORMAT|FILTER|ALT|contig)=<ID=([^,>]+)/.exec(line);
  return m ? `${m[1]}:${m[2]}` : undefined;
}
