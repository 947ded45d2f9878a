import { assembleModule, op, type ValType } from '../util/wasm-asm.js';

/**
 * Plain additive scoring rows cut and read in WebAssembly: for each line, the cells up
 * to the last column read, the position, the effect weight and the alleles, written as
 * columns for `RowTable.addPlainBlock`. Only the ordinary line is taken here: upper-case
 * A/C/G/T alleles of one or two bases, a position of digits (not 0), a weight (and an
 * allele frequency, when read) of at most 15 significant digits with an exponent within
 * ±22, an rsID that is empty or `rs` and digits, no padding in any cell up to the last
 * one read, all rows of one contig. The parser stops before any other line and
 * `ScoringParser.plainRun` reads it, so both paths give the same rows. Ten 100,000-row
 * files took 185 ms in JavaScript in a fresh process (~30 ms of it before the JIT had
 * compiled the loop) and take 90 ms this way: ~43 ns a row here, the rest filling the
 * row table and its fresh pages.
 */

/** Rows one call writes at most. */
const BLOCK_ROWS = 32768;
/** Text one call reads at most (a window of the file). */
export const WINDOW_BYTES = 4 << 20;
/** Columns a line may be cut into before the last one read. */
export const MAX_COLUMNS = 64;

const CELLS = 0; // MAX_COLUMNS x (start, end) i32
const STATE = 512; // stop offset, contig cell start, contig cell end
const POW10_AT = 1024; // 23 f64
const OUT_POS = 4096;
const OUT_WEIGHT = OUT_POS + BLOCK_ROWS * 8;
const OUT_AF = OUT_WEIGHT + BLOCK_ROWS * 8;
const OUT_RS = OUT_AF + BLOCK_ROWS * 8;
const OUT_EA = OUT_RS + BLOCK_ROWS * 8;
const OUT_OA = OUT_EA + BLOCK_ROWS * 4;
const TEXT = 2 << 20;
const PAGES = (TEXT + WINDOW_BYTES) / 65536 + 1;

// parameters, then locals, by name
const P = { start: 0, end: 1, isLast: 2, maxRows: 3, cChr: 4, cPos: 5, cEa: 6, cOa: 7, cWeight: 8, last: 9, cInfer: 10, cRs: 11, cAf: 12 };
const L = { a: 13, b: 14, col: 15, cs: 16, c: 17, rows: 18, lineEnd: 19, x: 20, y: 21, k: 22, ea: 23, oa: 24, digits: 25, sig: 26, scale: 27, dot: 28, neg: 29, chrS: 30, chrE: 31, e: 32, eneg: 33, m: 34, posv: 35, w: 36, af: 37, rs: 38 };
const I32_LOCALS = 21; // a .. eneg
const F64_LOCALS = 5; // m, posv, w, af, rs

const get = op.localGet;
const set = op.localSet;
const c32 = op.i32Const;
const byteAt = (local: number, offset = 0): number[] => [...get(local), ...op.i32Load8U(0, offset)];
/** cell k's start and end into x and y */
const cell = (colParam: number): number[] => [
  ...get(colParam), ...c32(3), ...op.i32Shl, ...op.i32Load(2, CELLS), ...set(L.x),
  ...get(colParam), ...c32(3), ...op.i32Shl, ...op.i32Load(2, CELLS + 4), ...set(L.y),
];
const inc = (local: number, by = 1): number[] => [...get(local), ...c32(by), ...op.i32Add, ...set(local)];
/** (b in A, C, G, T) for the byte on the stack, kept in local c */
const isAcgt = (): number[] => [
  ...set(L.c),
  ...get(L.c), ...c32(65), ...op.i32Eq,
  ...get(L.c), ...c32(67), ...op.i32Eq, ...op.i32Or,
  ...get(L.c), ...c32(71), ...op.i32Eq, ...op.i32Or,
  ...get(L.c), ...c32(84), ...op.i32Eq, ...op.i32Or,
];

/**
 * An allele cell [x, y) of one or two A/C/G/T into `into` as RowTable's short key
 * (1 + b0, or 257 + (b0 << 8 | b1)); branches to `bail` (depth from inside) otherwise.
 */
function allele(into: number, bail: number): number[] {
  return [
    // length 1 or 2
    ...get(L.y), ...get(L.x), ...op.i32Sub, ...c32(1), ...op.i32Sub, ...c32(1), ...op.i32GtU, ...op.brIf(bail),
    ...byteAt(L.x), ...isAcgt(), ...op.i32Eqz, ...op.brIf(bail),
    ...get(L.y), ...get(L.x), ...op.i32Sub, ...c32(1), ...op.i32Eq,
    ...op.if,
    ...get(L.c), ...c32(1), ...op.i32Add, ...set(into),
    ...op.else,
    ...byteAt(L.x, 1), ...isAcgt(), ...op.i32Eqz, ...op.brIf(bail + 1),
    ...byteAt(L.x), ...c32(8), ...op.i32Shl, ...get(L.c), ...op.i32Or, ...c32(257), ...op.i32Add, ...set(into),
    ...op.end,
  ];
}

/**
 * The decimal digits from k to y as a number in the f64 local `into`; any other byte
 * branches to $done, `o` levels further out than the row loop.
 */
function digits(into: number, o: number): number[] {
  return [
    ...op.f64Const(0), ...set(into),
    ...op.block, ...op.loop, //         loop 0, block 1, $done 3 + o
    ...get(L.k), ...get(L.y), ...op.i32GeS, ...op.brIf(1),
    ...byteAt(L.k), ...c32(48), ...op.i32Sub, ...set(L.c),
    ...get(L.c), ...c32(9), ...op.i32GtU, ...op.brIf(3 + o),
    ...get(into), ...op.f64Const(10), ...op.f64Mul, ...get(L.c), ...op.f64ConvertI32S, ...op.f64Add, ...set(into),
    ...inc(L.k), ...op.br(0),
    ...op.end, ...op.end,
  ];
}

/**
 * parseDecimal over the cell [x, y) (not empty) into the f64 local `into`; a text it
 * does not read branches to $done, `o` levels further out than the row loop.
 */
function decimal(into: number, o: number): number[] {
  const body: number[] = [];
  const emit = (...xs: number[][]): void => {
    for (const x of xs) body.push(...x);
  };
  emit(c32(0), set(L.neg), get(L.x), set(L.k));
  emit(byteAt(L.k), set(L.c));
  emit(get(L.c), c32(45), op.i32Eq, get(L.c), c32(43), op.i32Eq, op.i32Or, op.if);
  emit(get(L.c), c32(45), op.i32Eq, set(L.neg), inc(L.k));
  emit(op.end);
  emit(op.f64Const(0), set(L.m), c32(0), set(L.digits), c32(0), set(L.sig), c32(0), set(L.scale), c32(0), set(L.dot));
  emit(op.block, op.loop); //          loop 0, block 1, $done 3 + o
  emit(get(L.k), get(L.y), op.i32GeS, op.brIf(1));
  emit(byteAt(L.k), set(L.c));
  emit(get(L.c), c32(48), op.i32Sub, c32(9), op.i32LeU, op.if); //  if: loop 1, block 2
  emit(inc(L.digits));
  emit(get(L.m), op.f64Const(0), op.f64Ne, get(L.c), c32(48), op.i32Ne, op.i32Or, op.if);
  emit(inc(L.sig));
  emit(op.end);
  emit(get(L.m), op.f64Const(10), op.f64Mul, get(L.c), c32(48), op.i32Sub, op.f64ConvertI32S, op.f64Add, set(L.m));
  emit(get(L.dot), op.if, get(L.scale), c32(1), op.i32Sub, set(L.scale), op.end);
  emit(op.else);
  emit(get(L.c), c32(46), op.i32Eq, get(L.dot), op.i32Eqz, op.i32And, op.if); //  if: if 1, loop 2, block 3 (the mantissa's end)
  emit(c32(1), set(L.dot));
  emit(op.else);
  // the mantissa ends here (an exponent, or a byte that makes the weight no number)
  emit(op.br(3));
  emit(op.end);
  emit(op.end);
  emit(inc(L.k), op.br(0));
  emit(op.end, op.end); //             $done 1 + o
  emit(get(L.digits), op.i32Eqz, get(L.sig), c32(15), op.i32GtS, op.i32Or, op.brIf(1 + o));
  // an exponent: e or E, a sign, digits (at most 1000 before the last)
  emit(get(L.k), get(L.y), op.i32LtS, op.if); //   if: $done 2 + o
  emit(byteAt(L.k), set(L.c));
  emit(get(L.c), c32(101), op.i32Ne, get(L.c), c32(69), op.i32Ne, op.i32And, op.brIf(2 + o));
  emit(inc(L.k), c32(0), set(L.eneg));
  emit(get(L.k), get(L.y), op.i32LtS, op.if); //   if: if 1, $done 3 + o
  emit(byteAt(L.k), set(L.c));
  emit(get(L.c), c32(45), op.i32Eq, get(L.c), c32(43), op.i32Eq, op.i32Or, op.if);
  emit(get(L.c), c32(45), op.i32Eq, set(L.eneg), inc(L.k));
  emit(op.end);
  emit(op.end);
  emit(get(L.k), get(L.y), op.i32Eq, op.brIf(2 + o));
  emit(c32(0), set(L.e));
  emit(op.block, op.loop); //          loop 0, block 1, if 2, $done 4 + o
  emit(get(L.k), get(L.y), op.i32GeS, op.brIf(1));
  emit(byteAt(L.k), c32(48), op.i32Sub, set(L.c));
  emit(get(L.c), c32(9), op.i32GtU, get(L.e), c32(1000), op.i32GtS, op.i32Or, op.brIf(4 + o));
  emit(get(L.e), c32(10), op.i32Mul, get(L.c), op.i32Add, set(L.e));
  emit(inc(L.k), op.br(0));
  emit(op.end, op.end);
  emit(get(L.eneg), op.if, get(L.scale), get(L.e), op.i32Sub, set(L.scale), op.else, get(L.scale), get(L.e), op.i32Add, set(L.scale), op.end);
  emit(op.end); //                     $done 1 + o
  // m·10^scale in one correctly rounded operation (|scale| <= 22: 10^|scale| is exact)
  emit(get(L.scale), c32(-22), op.i32LtS, get(L.scale), c32(22), op.i32GtS, op.i32Or, op.brIf(1 + o));
  emit(get(L.scale), op.i32Eqz, op.if);
  emit(get(L.m), set(into));
  emit(op.else);
  emit(get(L.scale), c32(0), op.i32LtS, op.if);
  emit(get(L.m), c32(0), get(L.scale), op.i32Sub, c32(3), op.i32Shl, op.f64Load(3, POW10_AT), op.f64Div, set(into));
  emit(op.else);
  emit(get(L.m), get(L.scale), c32(3), op.i32Shl, op.f64Load(3, POW10_AT), op.f64Mul, set(into));
  emit(op.end, op.end);
  emit(get(L.neg), op.if, get(into), op.f64Neg, set(into), op.end);
  return body;
}

/** The function: rows(start, end, isLast, maxRows, cChr, cPos, cEa, cOa, cWeight, last, cInfer, cRs, cAf) → rows written. */
function rowsBody(): (number[] | number)[] {
  // depths: $done is the outermost block; $line the loop inside it
  const body: number[] = [];
  const emit = (...xs: number[][]): void => {
    for (const x of xs) body.push(...x);
  };
  emit(c32(0), set(L.rows), c32(-1), set(L.chrS), c32(0), set(L.chrE), get(P.start), set(L.a));
  emit(op.block); // $done
  emit(op.loop); // $line            depth from here: $line 0, $done 1
  emit(get(L.rows), get(P.maxRows), op.i32GeS, op.brIf(1));
  emit(get(L.a), get(P.end), op.i32GeS, op.brIf(1));
  // cut the line at its tabs
  emit(c32(0), set(L.col), get(L.a), set(L.cs), get(L.a), set(L.b));
  emit(op.block); // $eol             $eol 0, $line 1, $done 2
  emit(op.loop); // $scan             $scan 0, $eol 1, $line 2, $done 3
  emit(get(L.b), get(P.end), op.i32GeS, op.brIf(1));
  emit(byteAt(L.b), set(L.c));
  emit(get(L.c), c32(10), op.i32Eq, op.brIf(1));
  emit(get(L.c), c32(9), op.i32Eq, op.if); //    if: $scan 1, $eol 2
  emit(get(L.col), get(P.last), op.i32LeS, op.if);
  emit(get(L.col), c32(3), op.i32Shl, get(L.cs), op.i32Store(2, CELLS));
  emit(get(L.col), c32(3), op.i32Shl, get(L.b), op.i32Store(2, CELLS + 4));
  emit(op.end);
  emit(inc(L.col), get(L.b), c32(1), op.i32Add, set(L.cs));
  emit(op.end);
  emit(inc(L.b), op.br(0));
  emit(op.end, op.end); // $scan, $eol          back to: $line 0, $done 1
  // a line the window cuts (the next call reads it whole)
  emit(get(L.b), get(P.end), op.i32GeS, get(P.isLast), op.i32Eqz, op.i32And, op.brIf(1));
  emit(get(L.b), set(L.lineEnd));
  emit(get(L.lineEnd), get(L.a), op.i32GtS, op.if);
  emit(get(L.lineEnd), c32(1), op.i32Sub, op.i32Load8U(0, 0), c32(13), op.i32Eq, op.if);
  emit(get(L.lineEnd), c32(1), op.i32Sub, set(L.lineEnd));
  emit(op.end, op.end);
  // blank, comment or blank-led lines are left to plainRun
  emit(get(L.lineEnd), get(L.a), op.i32Eq, op.brIf(1));
  emit(byteAt(L.a), set(L.c));
  emit(get(L.c), c32(35), op.i32Eq, op.brIf(1));
  emit(get(L.c), c32(32), op.i32LeU, op.brIf(1));
  // the last cell, then: a line shorter than the last column read is left to plainRun
  emit(get(L.col), get(P.last), op.i32LeS, op.if);
  emit(get(L.col), c32(3), op.i32Shl, get(L.cs), op.i32Store(2, CELLS));
  emit(get(L.col), c32(3), op.i32Shl, get(L.lineEnd), op.i32Store(2, CELLS + 4));
  emit(inc(L.col));
  emit(op.end);
  emit(get(L.col), get(P.last), op.i32LeS, op.brIf(1));
  // no cell up to the last read may be padded (plainRun checks the ones it reads; this is stricter)
  emit(c32(0), set(L.k));
  emit(op.block, op.loop); //          loop 0, block 1, $line 2, $done 3
  emit(get(L.k), get(P.last), op.i32GtS, op.brIf(1));
  emit(get(L.k), c32(3), op.i32Shl, op.i32Load(2, CELLS), set(L.x));
  emit(get(L.k), c32(3), op.i32Shl, op.i32Load(2, CELLS + 4), set(L.y));
  emit(get(L.y), get(L.x), op.i32GtS, op.if); //  if: loop 1, block 2, $line 3, $done 4
  emit(byteAt(L.x), c32(32), op.i32LeU, op.brIf(4));
  emit(get(L.y), c32(1), op.i32Sub, op.i32Load8U(0, 0), c32(32), op.i32LeU, op.brIf(4));
  emit(op.end);
  emit(inc(L.k), op.br(0));
  emit(op.end, op.end); //             $line 0, $done 1
  // contig: not empty, the same bytes as the block's first row
  emit(cell(P.cChr));
  emit(get(L.y), get(L.x), op.i32LeS, op.brIf(1));
  emit(get(L.chrS), c32(0), op.i32LtS, op.if); //  if: $line 1, $done 2
  emit(get(L.x), set(L.chrS), get(L.y), set(L.chrE));
  emit(op.else);
  emit(get(L.y), get(L.x), op.i32Sub, get(L.chrE), get(L.chrS), op.i32Sub, op.i32Ne, op.brIf(2));
  emit(c32(0), set(L.k));
  emit(op.block, op.loop); //          loop 0, block 1, if 2, $line 3, $done 4
  emit(get(L.k), get(L.y), get(L.x), op.i32Sub, op.i32GeS, op.brIf(1));
  emit(get(L.x), get(L.k), op.i32Add, op.i32Load8U(0, 0), get(L.chrS), get(L.k), op.i32Add, op.i32Load8U(0, 0), op.i32Ne, op.brIf(4));
  emit(inc(L.k), op.br(0));
  emit(op.end, op.end);
  emit(op.end); //                     $line 0, $done 1
  // position: 1 to 15 digits, not 0
  emit(cell(P.cPos));
  emit(get(L.y), get(L.x), op.i32LeS, op.brIf(1));
  emit(get(L.y), get(L.x), op.i32Sub, c32(15), op.i32GtS, op.brIf(1));
  emit(get(L.x), set(L.k), digits(L.posv, 0));
  emit(get(L.posv), op.f64Const(0), op.f64Eq, op.brIf(1));
  // alleles
  emit(cell(P.cEa), allele(L.ea, 1));
  emit(c32(-1), set(L.oa));
  emit(get(P.cOa), c32(0), op.i32GeS, op.if); //   if: $line 1, $done 2
  emit(cell(P.cOa));
  emit(get(L.y), get(L.x), op.i32Eq, op.if); //    if: if 1, $line 2, $done 3
  // no other allele: the inferred one is read by plainRun
  emit(get(P.cInfer), c32(0), op.i32GeS, op.brIf(3));
  emit(op.else);
  emit(allele(L.oa, 3));
  emit(op.end, op.end); //             $line 0, $done 1
  // the weight, as parseDecimal reads it
  emit(cell(P.cWeight));
  emit(get(L.y), get(L.x), op.i32LeS, op.brIf(1));
  emit(decimal(L.w, 0));
  // the rsID: empty, or rs and up to 15 digits without a leading zero (others are left to plainRun)
  emit(op.f64Const(-1), set(L.rs));
  emit(get(P.cRs), c32(0), op.i32GeS, op.if); //   if: $line 1, $done 2
  emit(cell(P.cRs));
  emit(get(L.y), get(L.x), op.i32GtS, op.if); //   if: if 1, $line 2, $done 3
  emit(get(L.y), get(L.x), op.i32Sub, set(L.k));
  emit(get(L.k), c32(3), op.i32LtS, get(L.k), c32(17), op.i32GtS, op.i32Or, op.brIf(3));
  emit(byteAt(L.x), c32(114), op.i32Ne, byteAt(L.x, 1), c32(115), op.i32Ne, op.i32Or, op.brIf(3));
  emit(byteAt(L.x, 2), c32(48), op.i32Eq, get(L.k), c32(3), op.i32GtS, op.i32And, op.brIf(3));
  emit(get(L.x), c32(2), op.i32Add, set(L.k), digits(L.rs, 2));
  emit(op.end, op.end); //             $line 0, $done 1
  // the effect allele's frequency: empty (NaN), or a decimal as the weight is read
  emit(op.f64Const(NaN), set(L.af));
  emit(get(P.cAf), c32(0), op.i32GeS, op.if); //   if: $line 1, $done 2
  emit(cell(P.cAf));
  emit(get(L.y), get(L.x), op.i32GtS, op.if); //   if: if 1, $line 2, $done 3
  emit(decimal(L.af, 2));
  emit(op.end, op.end); //             $line 0, $done 1
  // the row
  emit(get(L.rows), c32(3), op.i32Shl, get(L.posv), op.f64Store(3, OUT_POS));
  emit(get(L.rows), c32(3), op.i32Shl, get(L.w), op.f64Store(3, OUT_WEIGHT));
  emit(get(L.rows), c32(3), op.i32Shl, get(L.af), op.f64Store(3, OUT_AF));
  emit(get(L.rows), c32(3), op.i32Shl, get(L.rs), op.f64Store(3, OUT_RS));
  emit(get(L.rows), c32(2), op.i32Shl, get(L.ea), op.i32Store(2, OUT_EA));
  emit(get(L.rows), c32(2), op.i32Shl, get(L.oa), op.i32Store(2, OUT_OA));
  emit(inc(L.rows));
  emit(get(L.b), c32(1), op.i32Add, set(L.a));
  emit(op.br(0));
  emit(op.end, op.end); // $line, $done
  emit(c32(STATE), get(L.a), op.i32Store(2, 0));
  emit(c32(STATE), get(L.chrS), op.i32Store(2, 4));
  emit(c32(STATE), get(L.chrE), op.i32Store(2, 8));
  emit(get(L.rows));
  return body;
}

const PARAMS: ValType[] = Array.from({ length: 13 }, () => 'i32');
const LOCALS: ValType[] = [...Array.from({ length: I32_LOCALS }, (): ValType => 'i32'), ...Array.from({ length: F64_LOCALS }, (): ValType => 'f64')];

type RowsFn = (start: number, end: number, isLast: number, maxRows: number, cChr: number, cPos: number, cEa: number, cOa: number, cWeight: number, last: number, cInfer: number, cRs: number, cAf: number) => number;

/** The columns of a scoring layout the row parser reads (0-based, -1: none). */
export interface RowColumns {
  chr: number;
  pos: number;
  ea: number;
  oa: number;
  inferOa: number;
  weight: number;
  rsid: number;
  af: number;
}

/** RowColumns and the last column a row is cut up to. */
export interface PlainColumns extends RowColumns {
  last: number;
}

/** A block of rows read from a window of a file, in the parser's memory until the next call. */
export interface RowBlock {
  rows: number;
  /** file offset of the first line not read */
  stop: number;
  /** file offsets of the first row's contig cell */
  chromStart: number;
  chromEnd: number;
  pos: Float64Array;
  weight: Float64Array;
  /** NaN where the row has none */
  af: Float64Array;
  /** rsID numbers, -1 where the row has none */
  rs: Float64Array;
  /** RowTable short keys; -1 for no other allele */
  effectKey: Int32Array;
  otherKey: Int32Array;
}

export class PlainRowParser {
  private readonly mem: WebAssembly.Memory;
  private readonly rowsFn: RowsFn;
  private readonly bytes: Uint8Array;
  private readonly state: Int32Array;
  private readonly block: RowBlock;

  constructor() {
    this.mem = new WebAssembly.Memory({ initial: PAGES });
    const module = new WebAssembly.Module(assembleModule([{ name: 'rows', params: PARAMS, results: ['i32'], locals: LOCALS, body: rowsBody() }]));
    const instance = new WebAssembly.Instance(module, { env: { memory: this.mem } });
    this.rowsFn = instance.exports.rows as RowsFn;
    const buf = this.mem.buffer;
    this.bytes = new Uint8Array(buf);
    this.state = new Int32Array(buf, STATE, 3);
    const pow = new Float64Array(buf, POW10_AT, 23);
    for (let i = 0; i < 23; i++) pow[i] = Number(`1e${i}`);
    this.block = {
      rows: 0,
      stop: 0,
      chromStart: 0,
      chromEnd: 0,
      pos: new Float64Array(buf, OUT_POS, BLOCK_ROWS),
      weight: new Float64Array(buf, OUT_WEIGHT, BLOCK_ROWS),
      af: new Float64Array(buf, OUT_AF, BLOCK_ROWS),
      rs: new Float64Array(buf, OUT_RS, BLOCK_ROWS),
      effectKey: new Int32Array(buf, OUT_EA, BLOCK_ROWS),
      otherKey: new Int32Array(buf, OUT_OA, BLOCK_ROWS),
    };
  }

  /**
   * Reads ordinary rows of `text` from offset `a` (up to `maxRows`), stopping before the
   * first line it leaves to plainRun, a line the window cuts, or a change of contig.
   */
  read(text: Uint8Array, a: number, n: number, cols: PlainColumns, maxRows = BLOCK_ROWS): RowBlock {
    const end = Math.min(n, a + WINDOW_BYTES);
    this.bytes.set(text.subarray(a, end), TEXT);
    const got = this.rowsFn(TEXT, TEXT + (end - a), end === n ? 1 : 0, Math.min(maxRows, BLOCK_ROWS), cols.chr, cols.pos, cols.ea, cols.oa, cols.weight, cols.last, cols.inferOa, cols.rsid, cols.af);
    const b = this.block;
    b.rows = got;
    b.stop = this.state[0]! - TEXT + a;
    b.chromStart = this.state[1]! - TEXT + a;
    b.chromEnd = this.state[2]! - TEXT + a;
    return b;
  }
}

let shared: PlainRowParser | null | undefined;
let enabled = true;

/** Turns the WebAssembly row parser off (tests compare both paths) or back on. */
export function setRowParserEnabled(on: boolean): void {
  enabled = on;
}

/** The process's row parser; null where WebAssembly is not available (or it is turned off). */
export function plainRowParser(): PlainRowParser | null {
  if (!enabled) return null;
  if (shared === undefined) {
    try {
      shared = new PlainRowParser();
    } catch {
      shared = null;
    }
  }
  return shared;
}
