import { PrecisError } from '../util/errors.js';

const TAB = 9;
const COLON = 58;
const SEMI = 59;
const COMMA = 44;

/**
 * One VCF data line, kept as bytes. CHROM and POS are parsed on construction (every
 * consumer filters on them); the other columns are decoded only when asked for, and
 * genotypes are read by `GenotypeScanner` straight from the bytes.
 */
export class VcfRecord {
  readonly line: Buffer;
  readonly lineNo: number | undefined;
  readonly file: string;
  readonly chrom: string;
  readonly pos: number;
  /** byte offsets of the tab ending columns 1..9 (index 0..8); -1 where the line ends first */
  private readonly tabs: number[];
  private _ref?: string;
  private _alts?: string[];
  private _info?: Map<string, string | true>;

  constructor(line: Buffer, lineNo: number | undefined, file: string) {
    // a tab ending the line opens no column (htslib reads such files; vcfanno's dbNSFP example is one)
    if (line.length > 0 && line[line.length - 1] === TAB) line = line.subarray(0, line.length - 1);
    this.line = line;
    this.lineNo = lineNo;
    this.file = file;
    // a plain array: cheaper to allocate once per record than a typed array
    const tabs = [-1, -1, -1, -1, -1, -1, -1, -1, -1];
    const len = line.length;
    let from = 0;
    let n = 0;
    for (; n < 9; n++) {
      // most columns are short: a byte loop finds their tab faster than a native
      // indexOf call (measured 30 vs 78 ns a sites-only line, 59 vs 178 ns with 500
      // samples); a long one (INFO) is left to indexOf after 32 bytes
      let t = -1;
      const stop = from + 32 < len ? from + 32 : len;
      for (let i = from; i < stop; i++) {
        if (line[i] === TAB) {
          t = i;
          break;
        }
      }
      if (t < 0 && stop < len) t = line.indexOf(TAB, stop);
      if (t < 0) break;
      tabs[n] = t;
      from = t + 1;
    }
    this.tabs = tabs;
    if (n < 7) {
      throw this.error(`expected at least 8 tab-separated columns, found ${n + 1}`, 'a VCF record needs CHROM POS ID REF ALT QUAL FILTER INFO, separated by tabs');
    }
    this.chrom = chromName(line, tabs[0]!);
    this.pos = parsePos(line, tabs[0]! + 1, tabs[1]!);
    if (this.pos < 0) {
      throw this.error(`POS "${line.toString('latin1', tabs[0]! + 1, tabs[1]!)}" is not a positive integer`);
    }
    if (this.chrom.length === 0) throw this.error('CHROM is empty');
  }

  error(message: string, hint?: string): PrecisError {
    return new PrecisError('BAD_RECORD', message, { file: this.file, line: this.lineNo, hint });
  }

  /** Byte offset where column i (0 = CHROM, 3 = REF, 4 = ALT...) starts; -1 when the line has no such column. */
  columnStart(i: number): number {
    if (i === 0) return 0;
    const t = this.tabs[i - 1];
    return t === undefined || t < 0 ? -1 : t + 1;
  }

  /** Byte offset where column i ends (its tab, or the end of the line). */
  columnEnd(i: number): number {
    const t = this.tabs[i];
    return t === undefined || t < 0 ? this.line.length : t;
  }

  private column(i: number, encoding: 'latin1' | 'utf8' = 'latin1'): string {
    const start = i === 0 ? 0 : this.tabs[i - 1]! + 1;
    const end = this.tabs[i]! >= 0 ? this.tabs[i]! : this.line.length;
    // one-base REF and ALT columns are most records': no new string for them
    if (end - start === 1 && this.line[start]! < 128) return ONE_BYTE[this.line[start]!]!;
    return this.line.toString(encoding, start, end);
  }

  get id(): string {
    return this.column(2, 'utf8');
  }

  get ref(): string {
    return (this._ref ??= this.column(3));
  }

  /** ALT alleles; an empty list when ALT is `.` */
  get alts(): string[] {
    if (this._alts === undefined) {
      const s = this.column(4);
      // most records have one ALT: a one-element list without split's scan
      this._alts = s === '.' || s === '' ? [] : s.length === 1 || s.indexOf(',') < 0 ? [s] : s.split(',');
    }
    return this._alts;
  }

  get qual(): string {
    return this.column(5);
  }

  get filter(): string {
    return this.column(6);
  }

  /** the raw INFO column */
  get infoText(): string {
    return this.tabs[7]! < 0 ? this.line.toString('utf8', this.tabs[6]! + 1) : this.column(7, 'utf8');
  }

  /** INFO as key → raw value (`true` for flags); parsed once, on first use */
  get info(): Map<string, string | true> {
    if (this._info === undefined) {
      const m = new Map<string, string | true>();
      const s = this.infoText;
      if (s !== '.' && s !== '') {
        for (const item of s.split(';')) {
          if (item === '') continue;
          const eq = item.indexOf('=');
          if (eq < 0) m.set(item, true);
          else m.set(item.slice(0, eq), item.slice(eq + 1));
        }
      }
      this._info = m;
    }
    return this._info;
  }

  /** the FORMAT keys; empty for sites-only records */
  get formatKeys(): string[] {
    if (this.tabs[7]! < 0) return [];
    return this.column(8).split(':');
  }

  /** byte offset where the first sample column starts, or -1 for sites-only records */
  get samplesStart(): number {
    return this.tabs[8]! < 0 ? -1 : this.tabs[8]! + 1;
  }

  /** byte offset of the end of column 8 (INFO) */
  get infoEnd(): number {
    return this.tabs[7]! < 0 ? this.line.length : this.tabs[7]!;
  }

  /** byte offset of the end of the FORMAT column (or of INFO for sites-only records) */
  get fixedEnd(): number {
    if (this.tabs[7]! < 0) return this.line.length;
    return this.tabs[8]! < 0 ? this.line.length : this.tabs[8]!;
  }

  /** Reference span end (1-based, inclusive): INFO/END for symbolic alleles and gVCF blocks, else POS+len(REF)-1. */
  get end(): number {
    const endValue = this.tabs[6]! >= 0 && hasEndKey(this.line, this.tabs[6]! + 1, this.infoEnd) ? this.info.get('END') : undefined;
    if (typeof endValue === 'string') {
      const e = Number(endValue);
      if (Number.isInteger(e) && e >= this.pos) return e;
    }
    return this.pos + Math.max(this.ref.length, 1) - 1;
  }

  /** Sample columns as strings (slow path: for the few records PGx looks at, or for rewriting). */
  sampleColumns(): string[] {
    const start = this.samplesStart;
    if (start < 0) return [];
    return this.line.toString('latin1', start).split('\t');
  }

  /** The value of FORMAT `key` for every sample (undefined where absent or trailing fields are dropped). */
  formatValues(key: string): (string | undefined)[] {
    const idx = this.formatKeys.indexOf(key);
    const cols = this.sampleColumns();
    if (idx < 0) return cols.map(() => undefined);
    return cols.map((c) => {
      const parts = c.split(':');
      return parts[idx];
    });
  }

  /** Counts the columns; used to validate records that are passed through unparsed. */
  columnCount(): number {
    const b = this.line;
    let n = 1;
    for (let i = 0; i < b.length; i++) if (b[i] === TAB) n++;
    return n;
  }

  toString(): string {
    return this.line.toString('latin1');
  }
}

const ONE_BYTE = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

// Records come sorted by contig, so CHROM repeats: comparing its few bytes with the last
// one seen is cheaper than decoding a new string per record.
let lastChromBytes = Buffer.alloc(0);
let lastChrom = '';

function chromName(line: Buffer, end: number): string {
  const last = lastChromBytes;
  if (last.length === end) {
    let same = true;
    for (let i = 0; i < end; i++) {
      if (line[i] !== last[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastChrom;
  }
  lastChrom = line.toString('latin1', 0, end);
  lastChromBytes = Buffer.from(line.subarray(0, end));
  return lastChrom;
}

/** Parses an unsigned decimal integer of at most 15 digits in line[start,end); -1 when it is not one. */
export function parsePos(line: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = line[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export const BYTES = { TAB, COLON, SEMI, COMMA };

/**
 * Whether INFO bytes [from, to) hold the key END (`END=`, at the start or after a `;`).
 * Searched within INFO only: a search to the end of the line read every sample column
 * of every record (with two samples, a twentieth of an annotate run).
 */
function hasEndKey(line: Buffer, from: number, to: number): boolean {
  for (let i = from; i + 3 < to; i++) {
    if (line[i] === 69 /* E */ && line[i + 1] === 78 /* N */ && line[i + 2] === 68 /* D */ && line[i + 3] === 61 /* = */ && (i === from || line[i - 1] === 59 /* ; */)) return true;
  }
  return false;
}
