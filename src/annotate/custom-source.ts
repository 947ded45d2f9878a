import { PrecisError } from '../util/errors.js';
import { KnownVariantFile, type SourceAllele } from './known-variants.js';
import { openSourceRows, type SourceRows } from './source-table.js';
import type { VariantAllele } from './variant-allele.js';

/** vcfanno's reduction operations over the values of every matching source row. */
export const OPS = ['self', 'first', 'mean', 'max', 'min', 'sum', 'count', 'concat', 'uniq', 'flag'] as const;
export type Op = (typeof OPS)[number];

export type CustomValue = string | number | boolean;

export interface CustomSourceSpec {
  file: string;
  /** vcf: allele-matched INFO fields; bed/tsv: overlap-matched columns */
  kind?: 'vcf' | 'bed' | 'tsv';
  /** VCF INFO keys (or ID) */
  fields?: string[];
  /** BED/TSV columns, 1-based */
  columns?: number[];
  ops: Op[];
  names: string[];
}

interface IntervalRow {
  start: number;
  end: number;
  cols: string[];
}

/** One custom annotation source, configured as vcfanno's `[[annotation]]` blocks are. */
export class CustomSource {
  readonly spec: Required<Pick<CustomSourceSpec, 'file' | 'kind' | 'ops' | 'names'>> & CustomSourceSpec;
  private vcf?: KnownVariantFile;
  private intervals?: SourceRows<IntervalRow>;
  private maxLength = 0;
  /** INFO values of one matched allele, reused between lookups */
  private readonly found: (string | true | undefined)[] = [];
  private readonly values: string[][] = [];

  private constructor(spec: CustomSourceSpec & { kind: 'vcf' | 'bed' | 'tsv' }) {
    this.spec = spec;
  }

  static async open(spec: CustomSourceSpec): Promise<CustomSource> {
    const kind = spec.kind ?? (/\.vcf(\.b?gz)?$/i.test(spec.file) ? 'vcf' : /\.bed(\.b?gz)?$/i.test(spec.file) ? 'bed' : 'tsv');
    const n = kind === 'vcf' ? spec.fields?.length : spec.columns?.length;
    if (!n) throw new PrecisError('USAGE', `custom source ${spec.file}: give ${kind === 'vcf' ? '"fields"' : '"columns"'}`);
    if (spec.ops.length !== n || spec.names.length !== n) {
      throw new PrecisError('USAGE', `custom source ${spec.file}: ${n} field(s) need as many "ops" and "names"`);
    }
    for (const op of spec.ops) if (!OPS.includes(op)) throw new PrecisError('USAGE', `custom source ${spec.file}: unknown op "${op}" (one of ${OPS.join(', ')})`);
    const src = new CustomSource({ ...spec, kind });
    if (kind === 'vcf') src.vcf = await KnownVariantFile.open(spec.file);
    else {
      const zeroBased = kind === 'bed';
      const { rows } = await openSourceRows<IntervalRow>(spec.file, (line, lineNo) => {
        const c = line.split('\t');
        const s = Number(c[1]);
        const e = Number(c[2] ?? c[1]);
        if (!Number.isInteger(s) || !Number.isInteger(e)) throw new PrecisError('BAD_DATA', 'expected CHROM START END in the first three columns', { file: spec.file, line: lineNo });
        const start = zeroBased ? s + 1 : s;
        src.maxLength = Math.max(src.maxLength, e - start + 1);
        return [{ chrom: c[0]!, pos: start, row: { start, end: e, cols: c } }];
      }, 1 << 16);
      src.intervals = rows;
    }
    return src;
  }

  async annotate(v: VariantAllele, out: Record<string, CustomValue>): Promise<void> {
    if (this.vcf) this.collect(v, await this.vcf.match(v), undefined, out);
    else {
      const [vs, ve] = refSpan(v);
      this.collect(v, undefined, await this.intervals!.rows(v.chrom, vs - this.maxLength, ve), out);
    }
  }

  /** `annotate` when the source rows are in memory; false when they must be read first. */
  annotateSync(v: VariantAllele, out: Record<string, CustomValue>): boolean {
    if (this.vcf) {
      const m = this.vcf.matchSync(v);
      if (m === undefined) return false;
      this.collect(v, m, undefined, out);
      return true;
    }
    const vs = v.kind === 'insertion' ? v.end : v.start;
    const ve = v.kind === 'insertion' ? v.start : v.end;
    const rows = this.intervals!.rowsSync(v.chrom, vs - this.maxLength, ve);
    if (rows === undefined) return false;
    this.collect(v, undefined, rows, out);
    return true;
  }

  private collect(v: VariantAllele, alleles: SourceAllele[] | undefined, intervals: IntervalRow[] | undefined, out: Record<string, CustomValue>): void {
    const s = this.spec;
    if ((alleles?.length ?? 0) === 0 && (intervals?.length ?? 0) === 0) return;
    const n = s.names.length;
    // reused between lookups: `reduce` keeps nothing of them
    const values = this.values;
    while (values.length < n) values.push([]);
    for (let i = 0; i < n; i++) values[i]!.length = 0;
    let matches = 0;
    if (alleles) {
      const fields = s.fields!;
      const found = this.found;
      for (const a of alleles) {
        matches++;
        this.vcf!.infoValues(a, fields, found);
        for (let i = 0; i < fields.length; i++) {
          const x = fields[i] === 'ID' ? a.id : found[i];
          if (x === true) values[i]!.push('true');
          else if (x !== undefined && x !== '.') values[i]!.push(x);
        }
      }
    }
    if (intervals) {
      const vs = v.kind === 'insertion' ? v.end : v.start;
      const ve = v.kind === 'insertion' ? v.start : v.end;
      const columns = s.columns!;
      for (const r of intervals) {
        if (r.end < vs || r.start > ve) continue;
        matches++;
        for (let i = 0; i < columns.length; i++) {
          const x = r.cols[columns[i]! - 1];
          if (x !== undefined && x !== '.' && x !== '') values[i]!.push(x);
        }
      }
    }
    if (matches === 0) return;
    for (let i = 0; i < n; i++) {
      const r = reduce(s.ops[i]!, values[i]!, matches);
      if (r !== undefined) out[s.names[i]!] = r;
    }
  }
}

/** The variant's reference span; an insertion touches its two flanking bases. */
function refSpan(v: VariantAllele): [number, number] {
  return v.kind === 'insertion' ? [v.end, v.start] : [v.start, v.end];
}

export function reduce(op: Op, vals: string[], matches: number): CustomValue | undefined {
  if (op === 'flag') return matches > 0;
  if (op === 'count') return matches;
  if (vals.length === 0) return undefined;
  switch (op) {
    case 'self':
    case 'first':
      return numberOrText(vals[0]!);
    case 'concat':
      return vals.length === 1 ? vals[0]! : vals.join(',');
    case 'uniq':
      return [...new Set(vals.flatMap((v) => v.split(',')))].join(',');
  }
  // numeric reductions; a value may itself be a comma-separated list
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of vals) {
    for (const part of v.includes(',') ? v.split(',') : [v]) {
      const x = Number(part);
      if (part === '' || !Number.isFinite(x)) continue;
      n++;
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  if (n === 0) return undefined;
  if (op === 'mean') return sum / n;
  if (op === 'sum') return sum;
  if (op === 'max') return max;
  return min;
}

function numberOrText(s: string): CustomValue {
  if (!looksNumeric(s)) return s;
  const x = Number(s);
  return Number.isFinite(x) ? x : s;
}

/** `^[-+]?[\d.]+(e[-+]?\d+)?$` (case-insensitive), scanned without a regex. */
function looksNumeric(s: string): boolean {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  const digitsFrom = i;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 46)) break;
  }
  if (i === digitsFrom) return false;
  if (i === n) return true;
  if ((c | 32) !== 101) return false; // e or E
  i++;
  c = s.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  const expFrom = i;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return false;
  }
  return i > expFrom;
}
