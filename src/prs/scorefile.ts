import { isAscii } from 'node:buffer';
import { PrecisError } from '../util/errors.js';
import { buildFromText, parsePos, type GenomeBuild } from '../vcf/index.js';
import { MAX_COLUMNS, plainRowParser, type PlainColumns, type PlainRowParser, type RowColumns } from './row-parser.js';
import { upperAllele } from './matcher.js';
import { RowTable, RS_NONE, RS_OTHER, rsNumberOfBytes, tableScoringSet, UNUSABLE } from './row-table.js';
import type { EffectType, ScoreMeta, ScoringSet, UnusableReason } from './types.js';

/**
 * Parser for PGS Catalog scoring files (format v2.0, author-reported or harmonised),
 * pgsc_calc custom files, pgsc_calc's normalised long format (an `accession` column
 * carries several scores) and plink2 `--score` layouts (`ID effect_allele w1 w2 ...` with
 * IDs CHR:POS:REF:ALT). Pure over lines of text; reading and decompression live in
 * scorefile-io.ts.
 */

const HEADER_KEYS: Record<string, keyof ScoreMeta> = {
  pgs_id: 'pgsId',
  pgs_name: 'pgsName',
  trait_reported: 'traitReported',
  trait_mapped: 'traitMapped',
  trait_efo: 'traitEfo',
  weight_type: 'weightType',
  citation: 'citation',
  license: 'license',
  format_version: 'formatVersion',
  genome_build: 'genomeBuild',
};

const TRUE_WORDS = new Set(['true', 't', '1', 'yes']);
const FALSE_WORDS = new Set(['false', 'f', '0', 'no', '']);
function isAcgt(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 65 && c !== 67 && c !== 71 && c !== 84) return false;
  }
  return true;
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

interface Columns {
  [name: string]: number;
}

/** Maps a build label from a scoring-file header to a GenomeBuild (NR and unknown labels give undefined). */
export function scoreBuild(label: string | undefined): GenomeBuild | undefined {
  if (label === undefined || label === '' || label === 'NR') return undefined;
  return buildFromText(label);
}

export function parseScoringLines(lines: Iterable<string>, file: string, firstScore = 0): ScoringSet {
  const parser = new ScoringParser(file, firstScore);
  for (const raw of lines) parser.line(raw);
  return parser.finish();
}

/**
 * Parses a whole scoring file from its bytes. Data rows of a catalog layout are cut into
 * cells straight from the bytes (no line or unused-cell strings; short cells such as
 * alleles and contigs come from a cache), which is most of the cost of million-row files;
 * any line out of the ordinary (non-ASCII, padded or blank-led) takes the string path,
 * so both give the same rows.
 */
export function parseScoringBytes(bytes: Buffer, file: string, firstScore = 0, into: RowTable = new RowTable()): ScoringSet {
  // a NUL byte reads as nothing on a terminal ("0.1" is not a number): name it instead
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new PrecisError('BAD_DATA', 'binary data (NUL bytes) in a scoring file; the file is corrupt or not text', { file, line: countLines(bytes.subarray(0, nul)) });
  const parser = new ScoringParser(file, firstScore, into);
  parser.ascii = isAscii(bytes);
  const text = bytes;
  const n = bytes.length;
  let a = 0;
  while (a <= n) {
    if (parser.plainReady()) {
      const rowParser = parser.rowParserReady();
      if (rowParser !== null) {
        // ordinary rows in WebAssembly; plainRun then takes the one line it left, if it can
        a = parser.wasmRun(rowParser, bytes, a, n);
        const b = parser.plainRun(bytes, a, n, 1);
        if (b > n) break;
        if (b !== a) {
          a = b;
          continue;
        }
      } else {
        a = parser.plainRun(bytes, a, n);
        if (a > n) break;
      }
    }
    let b = bytes.indexOf(10, a);
    if (b < 0) b = n;
    if (!parser.fastLine(bytes, a, b)) parser.line(text.toString('utf8', a, b));
    a = b + 1;
  }
  return parser.finish();
}

/** Lines in a text (an upper bound on its rows). */
export function countLines(bytes: Buffer): number {
  let n = 1;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Strings of 1-2 ASCII bytes, by (b0 << 8 | b1), shared by every row. */
const SHORT_CELLS = new Map<number, string>();

function shortCell(bytes: Uint8Array, a: number, b: number): string {
  const key = b - a === 1 ? bytes[a]! : (bytes[a]! << 8) | bytes[a + 1]!;
  let v = SHORT_CELLS.get(key);
  if (v === undefined) {
    v = String.fromCharCode(...bytes.subarray(a, b));
    SHORT_CELLS.set(key, v);
  }
  return v;
}

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * A decimal such as -0.0123 or 1.5e-3 from bytes, when it has at most 15 significant
 * digits and a decimal exponent within ±22: then m·10^e is one correctly rounded IEEE
 * operation on exact operands, so the value equals Number(text). NaN for anything else
 * (the caller then goes through Number).
 */
function parseDecimal(bytes: Uint8Array, a: number, b: number): number {
  let i = a;
  let neg = false;
  let c = bytes[i]!;
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let m = 0;
  let digits = 0;
  let significant = 0;
  let scale = 0;
  let dot = false;
  for (; i < b; i++) {
    c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      digits++;
      if (m !== 0 || c !== 48) significant++;
      m = m * 10 + (c - 48);
      if (dot) scale--;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits === 0 || significant > 15) return NaN;
  // the exponent part is a function of its own: this one stays small enough to be inlined
  if (i < b) return withExponent(bytes, i, b, m, scale, neg);
  return scaled(m, scale, neg);
}

/** parseDecimal's value m·10^scale with the exponent at bytes[i, b) (`e-3`, `E+21`) added to scale. */
function withExponent(bytes: Uint8Array, i: number, b: number, m: number, scale: number, neg: boolean): number {
  let c = bytes[i]!;
  if (c !== 101 && c !== 69) return NaN;
  i++;
  let eneg = false;
  if (i < b && (bytes[i] === 45 || bytes[i] === 43)) {
    eneg = bytes[i] === 45;
    i++;
  }
  if (i === b) return NaN;
  let e = 0;
  for (; i < b; i++) {
    c = bytes[i]!;
    if (c < 48 || c > 57 || e > 1000) return NaN;
    e = e * 10 + (c - 48);
  }
  return scaled(m, scale + (eneg ? -e : e), neg);
}

/** ±m·10^scale in one correctly rounded operation, NaN when 10^|scale| is not exact. */
function scaled(m: number, scale: number, neg: boolean): number {
  let v: number;
  if (scale === 0) v = m;
  else if (scale < 0 && scale >= -22) v = m / POW10[-scale]!;
  else if (scale > 0 && scale <= 22) v = m * POW10[scale]!;
  else return NaN;
  return neg ? -v : v;
}

class ScoringParser {
  private readonly header = new Map<string, string>();
  private cols: Columns | null = null;
  private lineNo = 0;
  private layout: Layout | null = null;
  private readonly scores: ScoreMeta[] = [];
  private readonly byAccession = new Map<string, number>();
  /** columns the fast path fills (the rest stay empty), or null when it does not apply */
  private fastCols: Int32Array | null = null;
  private readonly cells: string[] = [];
  /** start and end offset of each column of the line being read (fast path) */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  /** the layout is plain additive: rows are built from column offsets */
  private plainAdditive = false;
  /** the file is all ASCII (else every line takes the string path, which decodes UTF-8) */
  ascii = true;
  private lastCode = -1;
  private lastCodeBytes: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly file: string,
    private readonly firstScore: number,
    private readonly rows: RowTable = new RowTable(),
  ) {}

  line(raw: string): void {
    this.lineNo++;
    const file = this.file;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.cols === null) {
      if (line.startsWith('#')) {
        const body = line.replace(/^#+/, '');
        const eq = body.indexOf('=');
        if (!line.startsWith('##') && eq > 0) this.header.set(body.slice(0, eq).trim(), body.slice(eq + 1).trim());
        return;
      }
      if (line.trim() === '') return;
      const colNames = line.replace(/\s+$/, '').split('\t').map((c) => c.trim());
      const cols: Columns = {};
      colNames.forEach((c, i) => {
        if (cols[c] === undefined) cols[c] = i;
      });
      this.cols = cols;
      const layout = chooseLayout(cols, colNames, file, this.lineNo);
      this.layout = layout;
      if (layout.kind === 'plink') {
        for (const w of layout.weightCols) this.scores.push(newMeta(this.header, file, colNames[w]!, layout));
      } else if (layout.accession < 0) {
        this.scores.push(newMeta(this.header, file, undefined, layout));
        this.fastCols = catalogColumns(layout);
        const width = this.fastCols[this.fastCols.length - 1]! + 1;
        this.starts = new Int32Array(width);
        this.ends = new Int32Array(width);
        this.plainAdditive = isPlainAdditive(layout);
      }
      return;
    }
    const c0 = line.charCodeAt(0);
    if (line.length === 0 || c0 === 35 /* # */) return;
    if ((c0 === 32 || c0 === 9) && line.trim() === '') return;
    this.row(line.split('\t'));
  }

  /**
   * Takes a data line of a catalog file straight from bytes [a, b); false (nothing
   * consumed) when the line needs the string path. The line is cut into column offsets
   * up to the last column used and the row built from the cells it reads (rows of a
   * plain additive layout come from plainRun, which needs no cell strings).
   */
  fastLine(bytes: Buffer, a: number, b: number): boolean {
    const want = this.fastCols;
    if (want === null || !this.ascii) return false;
    if (b > a && bytes[b - 1] === 13) b--;
    if (a === b || bytes[a] === 35) {
      this.lineNo++;
      return true;
    }
    if (bytes[a]! <= 32) return false;
    const st = this.starts;
    const en = this.ends;
    const last = want[want.length - 1]!;
    let col = 0;
    let start = a;
    for (let i = a; i < b; i++) {
      if (bytes[i] !== 9) continue;
      st[col] = start;
      en[col] = i;
      start = i + 1;
      if (++col > last) break;
    }
    if (!this.closeColumns(bytes, col, start, b)) return false;
    this.lineNo++;
    const cells = this.cells;
    cells.length = 0;
    for (let w = 0; w < want.length; w++) {
      const c = want[w]!;
      cells[c] = en[c]! > st[c]! ? this.cellText(bytes, st[c]!, en[c]!, c) : '';
    }
    const L = this.layout as CatalogLayout;
    const weight = L.weight >= 0 && en[L.weight]! > st[L.weight]! ? parseDecimal(bytes, st[L.weight]!, en[L.weight]!) : NaN;
    this.row(cells, weight, parsePos(bytes, st[L.pos]!, en[L.pos]!));
    return true;
  }

  /**
   * Ends the column cut of a line: column `col` (when it is one of those read) runs from
   * `start` to the line's end `b`, columns a short line lacks read as empty. False when a
   * cell read is padded with spaces (the string path trims them).
   */
  private closeColumns(bytes: Buffer, col: number, start: number, b: number): boolean {
    const want = this.fastCols!;
    const last = want[want.length - 1]!;
    const st = this.starts;
    const en = this.ends;
    if (col <= last) {
      st[col] = start;
      en[col] = b;
      col++;
    }
    for (let c = col; c <= last; c++) st[c] = en[c] = b;
    for (let w = 0; w < want.length; w++) {
      const c = want[w]!;
      const x = st[c]!;
      const y = en[c]!;
      if (y > x && (bytes[x]! <= 32 || bytes[y - 1]! <= 32)) return false;
    }
    return true;
  }

  /** The header is read and the layout is plain additive: `plainRun` can take the rows. */
  plainReady(): boolean {
    return this.plainAdditive && this.ascii && this.fastCols !== null;
  }

  /**
   * The rows of a plain additive layout (effect_weight; no genetic-model, haplotype or
   * accession columns) from byte `a` on, in one loop straight from column offsets: no
   * call per line or cell and no cell strings (ten 100,000-row files: ~125 ns a row,
   * ~145 ns with a call per line and cell, ~280 ns through cell strings). Returns the offset of the first line it
   * leaves to them, unread (a line out of the ordinary: padded, blank-led, lower-case
   * alleles, a number that is not plain), or n + 1 at the end of the bytes.
   */
  /**
   * The WebAssembly row parser, when this layout's rows can be read by it: a plain
   * additive layout of at most MAX_COLUMNS columns up to the last one read.
   */
  rowParserReady(): PlainRowParser | null {
    if (this.rowCols === undefined) {
      const L = this.layout as CatalogLayout;
      const want = this.fastCols!;
      const last = want[want.length - 1]!;
      this.rowCols = last < MAX_COLUMNS && plainRowParser() !== null ? { ...L, last } : null;
    }
    return this.rowCols === null ? null : plainRowParser();
  }
  private rowCols?: PlainColumns | null;

  /** Rows from byte `a` on read by the WebAssembly parser; returns the offset of the first line it left (or n + 1). */
  wasmRun(p: PlainRowParser, bytes: Buffer, a: number, n: number): number {
    const cols = this.rowCols!;
    const meta = this.scores[0]!;
    for (;;) {
      const block = p.read(bytes, a, n, cols);
      if (block.rows === 0) return block.stop;
      const chrom = this.chromCode(bytes, block.chromStart, block.chromEnd);
      this.rows.addPlainBlock(this.firstScore, this.lineNo + 1, meta.rows, chrom, block, cols.af >= 0, cols.rsid >= 0);
      this.lineNo += block.rows;
      meta.rows += block.rows;
      a = block.stop;
      if (a > n) return a;
    }
  }

  plainRun(bytes: Buffer, a: number, n: number, maxLines = Infinity): number {
    const L = this.layout as CatalogLayout;
    const want = this.fastCols!;
    const last = want[want.length - 1]!;
    const st = this.starts;
    const en = this.ends;
    const rows = this.rows;
    const meta = this.scores[0]!;
    const score = this.firstScore;
    const cChr = L.chr;
    const cPos = L.pos;
    const cEa = L.ea;
    const cOa = L.oa;
    const cInfer = L.inferOa;
    const cWeight = L.weight;
    const cAf = L.af;
    const cRs = L.rsid;
    const complex = UNUSABLE.indexOf('complex_allele');
    const noPosition = UNUSABLE.indexOf('no_position');
    let lines = 0;
    while (a <= n && lines++ < maxLines) {
      // one pass to the end of the line, noting the columns up to the last one read
      let col = 0;
      let start = a;
      let b = a;
      for (; b < n; b++) {
        const c = bytes[b]!;
        if (c === 10) break;
        if (c === 9) {
          if (col <= last) {
            st[col] = start;
            en[col] = b;
          }
          col++;
          start = b + 1;
        }
      }
      const next = b + 1;
      if (b > a && bytes[b - 1] === 13) b--;
      if (a === b || bytes[a] === 35) {
        this.lineNo++;
        a = next;
        continue;
      }
      if (bytes[a]! <= 32 || !this.closeColumns(bytes, col, start, b)) return a;
      const pos = parsePos(bytes, st[cPos]!, en[cPos]!);
      if (pos < 0) return a;
      const weight = en[cWeight]! > st[cWeight]! ? parseDecimal(bytes, st[cWeight]!, en[cWeight]!) : NaN;
      if (weight !== weight) return a;
      let af = NaN;
      if (cAf >= 0 && en[cAf]! > st[cAf]!) {
        af = parseDecimal(bytes, st[cAf]!, en[cAf]!);
        if (af !== af) return a;
      }
      const eaA = st[cEa]!;
      const eaB = en[cEa]!;
      const eaKind = alleleKind(bytes, eaA, eaB);
      if (eaKind === LOWER) return a;
      let oaA = cOa >= 0 ? st[cOa]! : 0;
      let oaB = cOa >= 0 ? en[cOa]! : 0;
      let oaKind = alleleKind(bytes, oaA, oaB);
      if (oaKind === LOWER) return a;
      if (oaA === oaB && cInfer >= 0) {
        oaA = st[cInfer]!;
        oaB = en[cInfer]!;
        oaKind = alleleKind(bytes, oaA, oaB);
        if (oaKind === LOWER) return a;
      }
      this.lineNo++;
      // pgsc_calc: several possible other alleles ("A/C") cannot be matched on, so drop it
      const noOa = oaA === oaB || (oaKind !== ACGT && (hasByte(bytes, oaA, oaB, 47 /* / */) || (oaB - oaA === 1 && bytes[oaA] === 46)));
      const chrom = this.chromCode(bytes, st[cChr]!, en[cChr]!);
      const ea = rows.codeOfBytes(bytes, eaA, eaB);
      const oa = noOa ? -1 : rows.codeOfBytes(bytes, oaA, oaB);
      let unusable = 0;
      if (eaKind !== ACGT || (!noOa && oaKind !== ACGT)) unusable = complex;
      else if (en[cChr] === st[cChr] || pos === 0) unusable = noPosition;
      const rs = cRs >= 0 ? rsNumberOfBytes(bytes, st[cRs]!, en[cRs]!) : RS_NONE;
      rows.addCoded(score, this.lineNo, meta.rows, rs, chrom, pos, ea, oa, 0, weight, af, unusable);
      if (rs === RS_OTHER) rows.setRsid(bytes.toString('latin1', st[cRs]!, en[cRs]!));
      meta.rows++;
      a = next;
    }
    return a;
  }

  /** Contig code of bytes [a, b); rows come sorted by contig, so the previous row's is almost always it. */
  private chromCode(bytes: Buffer, a: number, b: number): number {
    const prev = this.lastCodeBytes;
    const len = b - a;
    if (this.lastCode >= 0 && prev.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (prev[i] !== bytes[a + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastCode;
    }
    this.lastCodeBytes = bytes.subarray(a, b);
    this.lastCode = this.rows.code(bytes.toString('latin1', a, b));
    return this.lastCode;
  }

  private cellText(bytes: Buffer, a: number, b: number, col: number): string {
    if (col === (this.layout as CatalogLayout).chr) return this.rows.word(this.chromCode(bytes, a, b));
    if (b - a <= 2) return shortCell(bytes, a, b);
    return bytes.toString('latin1', a, b);
  }

  private row(f: string[], weightValue = NaN, posValue = -1): void {
    const layout = this.layout!;
    const file = this.file;
    if (layout.kind === 'plink') {
      parsePlinkRow(f, layout, this.lineNo, file, this.firstScore, this.scores, this.rows);
      return;
    }
    let scoreIdx = 0;
    if (layout.accession >= 0) {
      const acc = cell(f, layout.accession);
      let idx = this.byAccession.get(acc);
      if (idx === undefined) {
        idx = this.scores.length;
        this.byAccession.set(acc, idx);
        this.scores.push(newMeta(this.header, file, acc, layout));
      }
      scoreIdx = idx;
    }
    const meta = this.scores[scoreIdx]!;
    parseCatalogRow(f, layout, this.lineNo, file, this.firstScore + scoreIdx, meta.rows, this.rows, weightValue, posValue);
    meta.rows++;
  }

  finish(): ScoringSet {
    if (this.cols === null) throw new PrecisError('BAD_DATA', 'no column header line: not a scoring file', { file: this.file, hint: 'expected a tab-separated header such as "chr_name chr_position effect_allele other_allele effect_weight"' });
    return tableScoringSet(this.scores, this.rows);
  }
}

/** alleleKind: upper-case A, C, G, T only (at least one) / anything else without lower case / some lower case */
const ACGT = 0;
const OTHER = 1;
const LOWER = 2;

function alleleKind(bytes: Uint8Array, a: number, b: number): number {
  let kind = b > a ? ACGT : OTHER;
  for (let i = a; i < b; i++) {
    const c = bytes[i]!;
    if (c >= 97 && c <= 122) return LOWER;
    if (c !== 65 && c !== 67 && c !== 71 && c !== 84) kind = OTHER;
  }
  return kind;
}

function hasByte(bytes: Uint8Array, a: number, b: number, c: number): boolean {
  for (let i = a; i < b; i++) if (bytes[i] === c) return true;
  return false;
}

/** A layout whose rows are all additive with an effect_weight: no columns that change the model or exclude rows. */
function isPlainAdditive(L: CatalogLayout): boolean {
  return L.dosage === null && L.weight >= 0 && L.dominant < 0 && L.recessive < 0 && L.effectType < 0 && L.haplotype < 0 && L.diplotype < 0 && L.interaction < 0 && L.accession < 0;
}

/** The columns a catalog row reads, ascending. */
function catalogColumns(L: CatalogLayout): Int32Array {
  const used = [L.chr, L.pos, L.ea, L.oa, L.inferOa, L.weight, L.or, L.hr, ...(L.dosage ?? []), L.dominant, L.recessive, L.effectType, L.rsid, L.haplotype, L.diplotype, L.interaction, L.af, L.accession];
  return Int32Array.from(new Set(used.filter((i) => i >= 0))).sort();
}

interface CatalogLayout extends RowColumns {
  kind: 'catalog';
  or: number;
  hr: number;
  dosage: [number, number, number] | null;
  dominant: number;
  recessive: number;
  effectType: number;
  haplotype: number;
  diplotype: number;
  interaction: number;
  accession: number;
  harmonised: boolean;
}

interface PlinkLayout {
  kind: 'plink';
  id: number;
  ea: number;
  weightCols: number[];
  accession: -1;
  harmonised: false;
}

type Layout = CatalogLayout | PlinkLayout;

function chooseLayout(c: Columns, names: string[], file: string, line: number): Layout {
  const has = (n: string): boolean => c[n] !== undefined;
  const at = (n: string): number => c[n] ?? -1;
  if (has('ID') && has('effect_allele') && !has('chr_name') && !has('hm_chr')) {
    const weightCols: number[] = [];
    for (let i = 0; i < names.length; i++) if (i !== c.ID && i !== c.effect_allele) weightCols.push(i);
    if (weightCols.length === 0) throw new PrecisError('BAD_DATA', 'plink2-style scoring file has no weight columns', { file, line });
    return { kind: 'plink', id: c.ID!, ea: c.effect_allele!, weightCols, accession: -1, harmonised: false };
  }
  const harmonised = has('hm_chr') && has('hm_pos');
  const missing: string[] = [];
  if (!harmonised && !has('chr_name')) missing.push('chr_name');
  if (!harmonised && !has('chr_position')) missing.push('chr_position');
  if (!has('effect_allele')) missing.push('effect_allele');
  const dosageCols = ['dosage_0_weight', 'dosage_1_weight', 'dosage_2_weight'];
  const nDosage = dosageCols.filter(has).length;
  if (nDosage > 0 && nDosage < 3) missing.push(...dosageCols.filter((d) => !has(d)));
  if (!has('effect_weight') && !has('OR') && !has('HR') && nDosage === 0) missing.push('effect_weight (or OR/HR, or dosage_0/1/2_weight)');
  if (missing.length > 0) {
    throw new PrecisError('BAD_DATA', `scoring file lacks required column(s): ${missing.join(', ')}`, {
      file,
      line,
      hint: 'PGS Catalog and custom files need chr_name, chr_position, effect_allele and effect_weight (matching is by position; rsID alone is not enough)',
    });
  }
  return {
    kind: 'catalog',
    chr: harmonised ? c.hm_chr! : c.chr_name!,
    pos: harmonised ? c.hm_pos! : c.chr_position!,
    ea: c.effect_allele!,
    oa: at('other_allele'),
    inferOa: at('hm_inferOtherAllele'),
    weight: at('effect_weight'),
    or: at('OR'),
    hr: at('HR'),
    dosage: nDosage === 3 ? [c.dosage_0_weight!, c.dosage_1_weight!, c.dosage_2_weight!] : null,
    dominant: at('is_dominant'),
    recessive: at('is_recessive'),
    effectType: at('effect_type'),
    rsid: has('hm_rsID') ? c.hm_rsID! : at('rsID'),
    haplotype: at('is_haplotype'),
    diplotype: at('is_diplotype'),
    interaction: at('is_interaction'),
    af: at('allelefrequency_effect'),
    accession: at('accession'),
    harmonised,
  };
}

function newMeta(header: Map<string, string>, file: string, accession: string | undefined, layout: Layout): ScoreMeta {
  const meta: ScoreMeta = { id: '', harmonised: layout.harmonised, file, rows: 0 };
  for (const [k, v] of header) {
    const key = HEADER_KEYS[k];
    if (key !== undefined && v !== '') (meta as unknown as Record<string, unknown>)[key] = v;
  }
  const declared = Number(header.get('variants_number'));
  if (Number.isFinite(declared) && header.get('variants_number') !== '') meta.variantsDeclared = declared;
  const hmBuild = header.get('HmPOS_build');
  meta.positionBuild = layout.harmonised ? scoreBuild(hmBuild) : scoreBuild(meta.genomeBuild);
  const base = file.replace(/^.*\//, '').replace(/\.gz$/, '').replace(/\.(txt|tsv|scorefile)$/, '');
  // an accession column or a plink2 weight column names its own score
  if (accession !== undefined) meta.id = accession.replace(/_hmPOS_GRCh3[78]$/, '');
  else meta.id = meta.pgsId ?? meta.pgsName ?? base;
  return meta;
}

function cell(f: string[], i: number): string {
  if (i < 0) return '';
  const v = f[i];
  if (v === undefined || v.length === 0) return '';
  // trim only when needed: most cells have no padding, and this runs per cell of millions of rows
  const a = v.charCodeAt(0);
  const z = v.charCodeAt(v.length - 1);
  return a <= 32 || z <= 32 ? v.trim() : v;
}

function flag(f: string[], i: number, name: string, file: string, line: number): boolean {
  const v = cell(f, i).toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  throw new PrecisError('BAD_DATA', `${name} must be True or False, got "${cell(f, i)}"`, { file, line });
}

function number(text: string, what: string, file: string, line: number): number {
  const v = text === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) {
    throw new PrecisError('BAD_DATA', `${what} "${text}" is not a number`, { file, line, hint: 'weights must be decimal numbers such as 0.0123 or -1.2e-03' });
  }
  return v;
}

function parseCatalogRow(f: string[], L: CatalogLayout, line: number, file: string, score: number, rowNr: number, out: RowTable, weightValue = NaN, posValue = -1): void {
  const chrom = cell(f, L.chr);
  let pos = posValue;
  if (pos < 0) {
    const posText = cell(f, L.pos);
    pos = isDigits(posText) ? Number(posText) : 0;
  }
  const ea = upperAllele(cell(f, L.ea));
  let oa: string | null = upperAllele(cell(f, L.oa));
  if (oa === '' && L.inferOa >= 0) oa = upperAllele(cell(f, L.inferOa));
  // pgsc_calc: several possible other alleles ("A/C") cannot be matched on, so drop it
  if (oa === '' || oa.includes('/') || oa === '.') oa = null;

  let effectType: EffectType = 'additive';
  let weight = NaN;
  let dosageWeights: [number, number, number] | null = null;
  if (L.dosage !== null && cell(f, L.weight) === '') {
    effectType = 'dosage';
    dosageWeights = [
      number(cell(f, L.dosage[0]), 'dosage_0_weight', file, line),
      number(cell(f, L.dosage[1]), 'dosage_1_weight', file, line),
      number(cell(f, L.dosage[2]), 'dosage_2_weight', file, line),
    ];
    weight = 0;
  } else if (L.weight >= 0) {
    weight = weightValue === weightValue ? weightValue : number(cell(f, L.weight), 'effect_weight', file, line);
  } else {
    const ratioCol = L.or >= 0 ? L.or : L.hr;
    const ratio = number(cell(f, ratioCol), L.or >= 0 ? 'OR' : 'HR', file, line);
    if (ratio <= 0) throw new PrecisError('BAD_DATA', `${L.or >= 0 ? 'OR' : 'HR'} must be positive to take its log, got ${ratio}`, { file, line });
    weight = Math.log(ratio);
  }
  if (effectType !== 'dosage') {
    const dom = L.dominant >= 0 && flag(f, L.dominant, 'is_dominant', file, line);
    const rec = L.recessive >= 0 && flag(f, L.recessive, 'is_recessive', file, line);
    if (dom && rec) throw new PrecisError('BAD_DATA', 'row is both is_dominant and is_recessive', { file, line });
    if (dom) effectType = 'dominant';
    if (rec) effectType = 'recessive';
    if (L.effectType >= 0) {
      const t = cell(f, L.effectType);
      if (t === 'dominant' || t === 'recessive' || t === 'additive') effectType = t;
      else if (t !== '') throw new PrecisError('BAD_DATA', `effect_type must be additive, dominant or recessive, got "${t}"`, { file, line });
    }
  }

  let unusable: UnusableReason | null = null;
  if (L.interaction >= 0 && cell(f, L.interaction) !== '' && flag(f, L.interaction, 'is_interaction', file, line)) unusable = 'interaction';
  else if ((L.haplotype >= 0 && cell(f, L.haplotype) !== '' && flag(f, L.haplotype, 'is_haplotype', file, line)) || (L.diplotype >= 0 && cell(f, L.diplotype) !== '' && flag(f, L.diplotype, 'is_diplotype', file, line))) unusable = 'haplotype';
  else if (!isAcgt(ea) || (oa !== null && !isAcgt(oa))) unusable = 'complex_allele';
  else if (chrom === '' || pos === 0) unusable = 'no_position';

  const afText = cell(f, L.af);
  const af = afText === '' ? NaN : Number(afText);
  out.add(score, line, rowNr, cell(f, L.rsid), chrom, pos, ea, oa, effectType, weight, dosageWeights, Number.isFinite(af) ? af : NaN, unusable);
}

function parsePlinkRow(f: string[], L: PlinkLayout, line: number, file: string, firstScore: number, scores: ScoreMeta[], rows: RowTable): void {
  const id = cell(f, L.id);
  const parts = id.split(':');
  const ea = cell(f, L.ea).toUpperCase();
  if (parts.length !== 4 || !/^\d+$/.test(parts[1]!)) {
    throw new PrecisError('BAD_DATA', `variant ID "${id}" is not CHR:POS:REF:ALT`, { file, line, hint: 'precis matches by position; give IDs as CHR:POS:REF:ALT or use chr_name/chr_position columns' });
  }
  const ref = parts[2]!.toUpperCase();
  const alt = parts[3]!.toUpperCase();
  const oa = ea === ref ? alt : ea === alt ? ref : null;
  for (let s = 0; s < L.weightCols.length; s++) {
    const text = cell(f, L.weightCols[s]!);
    const weight = number(text, `weight (${scores[s]!.id})`, file, line);
    const meta = scores[s]!;
    rows.push({
      score: firstScore + s,
      line,
      rowNr: meta.rows++,
      rsid: '',
      chrom: parts[0]!,
      pos: Number(parts[1]),
      effectAllele: ea,
      otherAllele: oa,
      effectType: 'additive',
      weight,
      dosageWeights: null,
      effectAlleleFrequency: NaN,
      unusable: isAcgt(ea) ? null : 'complex_allele',
    });
  }
}
