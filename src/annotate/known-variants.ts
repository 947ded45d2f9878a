import { PrecisError } from '../util/errors.js';
import { latin1Text } from './record-alleles.js';
import { digitsAt } from './number-text.js';
import { SourceCursor, type SourceFormat } from './source-cursor.js';
import { AlleleStore } from './source-store.js';
import { bytesEqual } from './text-bytes.js';
import { minimalAllele, minimalAlleleInto, type VariantAllele } from './variant-allele.js';

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
  private readonly cursor: SourceCursor<AlleleStore>;
  /** the store the last lookup read, and its matching rows */
  private store: AlleleStore | null = null;
  private readonly rows: number[] = [];

  private constructor(path: string, cursor: SourceCursor<AlleleStore>) {
    this.path = path;
    this.cursor = cursor;
    this.infoNumber = new Map();
    for (const h of cursor.header) {
      const m = /^##INFO=<ID=([^,>]+),Number=([^,>]+)/.exec(h);
      if (m) this.infoNumber.set(m[1]!, m[2]!);
    }
  }

  /** `inMemoryBytes`: indexed files smaller than this are read whole (default 1 MB). */
  static async open(path: string, inMemoryBytes?: number): Promise<KnownVariantFile> {
    return new KnownVariantFile(path, await SourceCursor.open(path, alleleFormat(path), inMemoryBytes));
  }

  /** no data line: the file can match nothing */
  get empty(): boolean {
    return this.cursor.empty;
  }

  async match(v: VariantAllele): Promise<SourceAllele[]> {
    return this.alleles(await this.matchRows(v));
  }

  /** `match` when the rows are in memory; undefined when they must be read first. */
  matchSync(v: VariantAllele): SourceAllele[] | undefined {
    const rows = this.matchRowsSync(v);
    return rows === undefined ? undefined : this.alleles(rows);
  }

  /**
   * The matching source ALTs as rows of the store (the custom-source hot path reads
   * their values without building objects): valid until the next lookup.
   */
  matchRowsSync(v: VariantAllele): readonly number[] | undefined {
    if (v.kind === 'symbolic' || v.kind === 'none') return NO_ROWS;
    const store = this.cursor.ready(v.chrom, v.start, v.start);
    if (store === undefined) return undefined;
    return this.sameAllele(store, v);
  }

  async matchRows(v: VariantAllele): Promise<readonly number[]> {
    if (v.kind === 'symbolic' || v.kind === 'none') return NO_ROWS;
    return this.sameAllele(await this.cursor.load(v.chrom, v.start, v.start), v);
  }

  /** The source ALTs with the allele's minimal start, REF and ALT, in file order. */
  private sameAllele(store: AlleleStore | null, v: VariantAllele): readonly number[] {
    this.store = store;
    if (store === null) return NO_ROWS;
    const rows = this.rows;
    while (rows.length > 0) rows.pop();
    const start = store.start;
    for (let i = store.first(v.start); i < store.n && start[i] === v.start; i++) {
      if (store.ref[i] === v.ref && store.alt[i] === v.alt) rows.push(i);
    }
    return rows;
  }

  private alleles(rows: readonly number[]): SourceAllele[] {
    if (rows.length === 0) return NONE;
    const s = this.store!;
    return rows.map((i) => ({ start: s.start[i]!, ref: s.ref[i]!, alt: s.alt[i]!, id: s.id(i), infoText: s.info(i), altIndex: s.altIndex[i]! }));
  }

  /** The ID of a matched row. */
  rowId(row: number): string {
    return this.store!.id(row);
  }

  /** The FILTER of a matched row. */
  rowFilter(row: number): string {
    return this.store!.filter(row);
  }

  /**
   * Where the values of a few INFO keys lie in a matched row, without building the
   * `info` map: `from[k]`/`to[k]` bound the bytes (in `rowBytes()`) of the value of
   * `keys[k]`, Number=A/R values reduced to the row's ALT, the last entry winning as in
   * the map; `from[k]` is MISSING, FLAG or DOT (a Number=A value with no piece for this ALT).
   */
  rowInfoSpans(row: number, keys: readonly InfoKey[], from: Int32Array, to: Int32Array): void {
    const nKeys = keys.length;
    for (let k = 0; k < nKeys; k++) from[k] = MISSING;
    const s = this.store!;
    const buf = s.bufs[row]!;
    const at = s.infoAt[row]!;
    const end = at + s.infoLen[row]!;
    if (end === at || (end === at + 1 && buf[at] === 46)) return;
    const altIndex = s.altIndex[row]!;
    for (let i = at; i <= end; ) {
      // the key runs to the first = (or to the ;), the value on to the ; (noting commas)
      let j = i;
      let c = 0;
      while (j < end && (c = buf[j]!) !== 61 && c !== 59) j++;
      const keyEnd = j;
      let comma = false;
      if (j < end && c === 61) {
        j++;
        while (j < end && (c = buf[j]!) !== 59) {
          if (c === 44) comma = true;
          j++;
        }
      }
      const keyLength = keyEnd - i;
      if (keyLength > 0) {
        for (let k = 0; k < nKeys; k++) {
          const key = keys[k]!;
          if (key.bytes.length !== keyLength || !bytesEqual(buf, i, keyEnd, key.bytes)) continue;
          if (keyEnd === j) from[k] = FLAG;
          else if (key.perAllele === 0 || !comma) {
            // one piece stands for every allele
            from[k] = keyEnd + 1;
            to[k] = j;
          } else alleleValue(buf, keyEnd + 1, j, key.perAllele === 1 ? altIndex : altIndex + 1, k, from, to);
        }
      }
      i = j + 1;
    }
  }

  /** The bytes `rowInfoSpans` points into for `row` (valid until the next lookup). */
  rowBytes(row: number): Buffer {
    return this.store!.bufs[row]!;
  }

  /** An INFO key prepared for `rowInfoSpans`. */
  infoKey(key: string): InfoKey {
    const num = this.infoNumber.get(key);
    return { bytes: Buffer.from(key, 'utf8'), perAllele: num === 'A' ? 1 : num === 'R' ? 2 : 0 };
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

const NONE: SourceAllele[] = [];
const NO_ROWS: readonly number[] = [];

/** An INFO key and whether its values are per ALT (1: Number=A) or per allele with REF first (2: Number=R). */
export interface InfoKey {
  bytes: Buffer;
  perAllele: 0 | 1 | 2;
}

/** `rowInfoSpans` markers: no such key, a key without a value, a `.` that stands for no piece. */
export const MISSING = -1;
export const FLAG = -2;
export const DOT = -3;

/** Piece `i` of a comma-separated value into from/to[k]; the whole value when it has one piece, else DOT. */
function alleleValue(buf: Buffer, s: number, e: number, i: number, k: number, from: Int32Array, to: Int32Array): void {
  let n = 0;
  let p = s;
  for (let j = s; j <= e; j++) {
    if (j < e && buf[j] !== 44) continue;
    if (n === i) {
      from[k] = p;
      to[k] = j;
      return;
    }
    n++;
    p = j + 1;
  }
  // fewer pieces than asked for
  if (n === 1) {
    from[k] = s;
    to[k] = e;
  } else from[k] = DOT;
}

const scratch: VariantAllele = minimalAllele('', 1, 'N', 'N');

/**
 * A VCF data line, or a minimal-allele TSV line (`chrom start id ref alt info`, "-" for
 * empty alleles), read from its bytes. SNVs (most lines) take no string but the interned
 * bases; other ALTs go through `minimalAllele` like the query side.
 */
function alleleFormat(file: string): SourceFormat<AlleleStore> {
  // tab offsets of the line's first 8 columns (-1: no such tab)
  const tabs = new Int32Array(8);
  return {
    newStore: () => new AlleleStore(),
    parse(line, start, end, lineNo, store) {
      // byte loops: Buffer#indexOf per tab cost more than the scan (a native call each);
      // only an INFO longer than 256 bytes (gnomAD's) is crossed by one such call
      let n = 0;
      for (let i = start; i < end && n < 7; i++) if (line[i] === 9) tabs[n++] = i;
      if (n === 7) {
        let t = tabs[6]! + 1;
        const stop = Math.min(end, t + 256);
        while (t < stop && line[t] !== 9) t++;
        if (t === stop && stop < end) t = line.indexOf(9, stop);
        if (t >= 0 && t < end) tabs[n++] = t;
      }
      // split('\t', 8): the columns are the pieces between the first 8 tabs (column k
      // starts after tab k-1 and ends at tab k; plain offsets, no pair per column)
      const columns = Math.min(n + 1, 8);
      if (columns < 5) throw new PrecisError('BAD_DATA', 'expected at least 5 tab-separated columns', { file, line: lineNo });
      const ps = tabs[0]! + 1;
      const pe = tabs[1]!;
      const pos = parsePosition(line, ps, pe);
      if (pos < 1) throw new PrecisError('BAD_DATA', `bad position "${line.toString('utf8', ps, pe)}"`, { file, line: lineNo });
      const is = pe + 1;
      const ie = tabs[2]!;
      const rs = ie + 1;
      const re = tabs[3]!;
      const as = re + 1;
      const ae = n > 4 ? tabs[4]! : end;
      const refDash = re === rs + 1 && line[rs] === 45; // -
      const altDash = ae === as + 1 && line[as] === 45;
      if (refDash || altDash || columns === 6) {
        // precis' own minimal-allele table ("-" for an empty allele). A few VEP cache allele
        // strings share bases all the same (AAG/G): those are trimmed as the query side is.
        const ref = refDash ? '' : line.toString('utf8', rs, re);
        const alt = altDash ? '' : line.toString('utf8', as, ae);
        const fs = columns > 5 ? ae + 1 : 0;
        const fe = columns > 5 ? (n > 5 ? tabs[5]! : end) : 0;
        const m = minimalAlleleInto(scratch, '', pos, ref, alt);
        if (m.kind !== 'symbolic' && m.kind !== 'none') store.add(m.start, m.ref, m.alt, 0, line, is, ie - is, fs, fe - fs);
        return pos;
      }
      // no INFO column reads as no INFO
      const infoAt = columns === 8 ? tabs[6]! + 1 : 0;
      const infoLen = columns === 8 ? (n > 7 ? tabs[7]! : end) - infoAt : 0;
      const refBase = re === rs + 1 ? upperBase(line[rs]!) : 0;
      let ref: string | undefined;
      let k = 0;
      for (let from = as; from <= ae; k++) {
        let to = from;
        while (to < ae && line[to] !== 44) to++; // ,
        const altBase = to === from + 1 ? upperBase(line[from]!) : 0;
        if (refBase !== 0 && altBase !== 0) {
          // an SNV (or REF=ALT, which changes nothing)
          if (refBase !== altBase) store.add(pos, BASE[refBase]!, BASE[altBase]!, k, line, is, ie - is, infoAt, infoLen);
        } else {
          ref ??= latin1Text(line, rs, re);
          // one scratch allele for every line: the store keeps only its strings
          const m = minimalAlleleInto(scratch, '', pos, ref, latin1Text(line, from, to));
          if (m.kind !== 'symbolic' && m.kind !== 'none') store.add(m.start, m.ref, m.alt, k, line, is, ie - is, infoAt, infoLen);
        }
        from = to + 1;
      }
      return pos;
    },
  };
}

/** The upper-case code of A, C, G, T or N (either case), else 0. */
function upperBase(c: number): number {
  const u = c & ~32;
  return u === 65 || u === 67 || u === 71 || u === 84 || u === 78 ? u : 0;
}
const BASE: string[] = [];
for (const b of 'ACGTN') BASE[b.charCodeAt(0)] = b;

/** A positive decimal integer, or what `Number()` makes of the text (-1 when it is not an integer). */
function parsePosition(line: Buffer, s: number, e: number): number {
  const v = digitsAt(line, s, e);
  if (v !== undefined) return v;
  const x = Number(line.toString('utf8', s, e));
  return Number.isInteger(x) ? x : -1;
}
