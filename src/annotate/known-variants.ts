import { PrecisError } from '../util/errors.js';
import { openSourceRows, type SourceRows } from './source-table.js';
import { minimalAllele, type VariantAllele } from './variant-allele.js';

/** One ALT of a source VCF record, in minimal form so that representations compare equal. */
export interface SourceAllele {
  start: number;
  ref: string;
  alt: string;
  id: string;
  /** the raw INFO text; parsed only for matching alleles */
  infoText: string;
  /** 0-based ALT index in the source record (for Number=A/R values) */
  altIndex: number;
}

/**
 * A VCF (or precis' minimal-allele TSV) of known variants, looked up by allele: a
 * query matches a source ALT when both reduce to the same minimal position/REF/ALT, so
 * `CT>C` at 100 and `T>-` at 101 are one deletion.
 */
export class KnownVariantFile {
  readonly path: string;
  readonly infoNumber: Map<string, string>;
  private readonly table: SourceRows<SourceAllele>;

  private constructor(path: string, header: string[], table: SourceRows<SourceAllele>) {
    this.path = path;
    this.table = table;
    this.infoNumber = new Map();
    for (const h of header) {
      const m = /^##INFO=<ID=([^,>]+),Number=([^,>]+)/.exec(h);
      if (m) this.infoNumber.set(m[1]!, m[2]!);
    }
  }

  /** `inMemoryBytes`: indexed files smaller than this are read whole (default 1 MB). */
  static async open(path: string, inMemoryBytes?: number): Promise<KnownVariantFile> {
    const { header, rows } = await openSourceRows(path, (line, lineNo) => parseSourceLine(line, lineNo, path), 256, inMemoryBytes);
    return new KnownVariantFile(path, header, rows);
  }

  async match(v: VariantAllele): Promise<SourceAllele[]> {
    if (v.kind === 'symbolic' || v.kind === 'none') return [];
    return sameAllele(await this.table.rows(v.chrom, v.start, v.start), v);
  }

  /** `match` when the rows are in memory; undefined when they must be read first. */
  matchSync(v: VariantAllele): SourceAllele[] | undefined {
    if (v.kind === 'symbolic' || v.kind === 'none') return [];
    const rows = this.table.rowsSync(v.chrom, v.start, v.start);
    return rows === undefined ? undefined : sameAllele(rows, v);
  }

  /**
   * `info(a).get(key)` for a few keys, without building the map (the custom-source hot
   * path): `out[i]` gets the value of `keys[i]`, the last entry winning as in the map.
   */
  infoValues(a: SourceAllele, keys: readonly string[], out: (string | true | undefined)[]): void {
    for (let k = 0; k < keys.length; k++) out[k] = undefined;
    const text = a.infoText;
    if (text === '.' || text === '') return;
    let from = 0;
    while (from <= text.length) {
      let to = text.indexOf(';', from);
      if (to < 0) to = text.length;
      if (to > from) {
        const eq = text.indexOf('=', from);
        const keyEnd = eq < 0 || eq > to ? to : eq;
        for (let k = 0; k < keys.length; k++) {
          const key = keys[k]!;
          if (key.length !== keyEnd - from || !text.startsWith(key, from)) continue;
          if (keyEnd === to) out[k] = true;
          else {
            let value = text.slice(keyEnd + 1, to);
            const num = this.infoNumber.get(key);
            if (num === 'A' || num === 'R') {
              const parts = value.split(',');
              const i = num === 'A' ? a.altIndex : a.altIndex + 1;
              value = parts[i] ?? (parts.length === 1 ? parts[0]! : '.');
            }
            out[k] = value;
          }
        }
      }
      from = to + 1;
    }
  }

  /** INFO values of a matched allele: Number=A fields reduced to this ALT, R to REF+ALT. */
  info(a: SourceAllele): Map<string, string | true> {
    const m = new Map<string, string | true>();
    if (a.infoText === '.' || a.infoText === '') return m;
    for (const item of a.infoText.split(';')) {
      const eq = item.indexOf('=');
      if (eq < 0) {
        if (item) m.set(item, true);
        continue;
      }
      const key = item.slice(0, eq);
      let value = item.slice(eq + 1);
      const num = this.infoNumber.get(key);
      if (num === 'A' || num === 'R') {
        const parts = value.split(',');
        const i = num === 'A' ? a.altIndex : a.altIndex + 1;
        value = parts[i] ?? (parts.length === 1 ? parts[0]! : '.');
      }
      m.set(key, value);
    }
    return m;
  }
}

function sameAllele(rows: SourceAllele[], v: VariantAllele): SourceAllele[] {
  if (rows.length === 0) return rows;
  if (rows.length === 1) {
    const r = rows[0]!;
    return r.start === v.start && r.ref === v.ref && r.alt === v.alt ? rows : NONE;
  }
  return rows.filter((r) => r.start === v.start && r.ref === v.ref && r.alt === v.alt);
}
const NONE: SourceAllele[] = [];

/** A VCF data line, or a minimal-allele TSV line (`chrom start id ref alt info`, "-" for empty alleles). */
function parseSourceLine(line: string, lineNo: number, file: string): { chrom: string; pos: number; row: SourceAllele }[] {
  const c = line.split('\t', 8);
  if (c.length < 5) throw new PrecisError('BAD_DATA', 'expected at least 5 tab-separated columns', { file, line: lineNo });
  const pos = Number(c[1]);
  if (!Number.isInteger(pos) || pos < 1) throw new PrecisError('BAD_DATA', `bad position "${c[1]}"`, { file, line: lineNo });
  const id = c[2] ?? '.';
  const ref = c[3]!;
  if (ref === '-' || c[4] === '-' || c.length === 6) {
    // precis' own minimal-allele table: already trimmed
    const r = ref === '-' ? '' : ref;
    const a = c[4] === '-' ? '' : c[4]!;
    return [{ chrom: c[0]!, pos, row: { start: pos, ref: r, alt: a, id, infoText: c[5] ?? '', altIndex: 0 } }];
  }
  const infoText = c[7] ?? '.';
  const out: { chrom: string; pos: number; row: SourceAllele }[] = [];
  c[4]!.split(',').forEach((alt, i) => {
    const m = minimalAllele(c[0]!, pos, ref, alt);
    if (m.kind === 'symbolic' || m.kind === 'none') return;
    out.push({ chrom: c[0]!, pos: m.start, row: { start: m.start, ref: m.ref, alt: m.alt, id, infoText, altIndex: i } });
  });
  return out;
}
