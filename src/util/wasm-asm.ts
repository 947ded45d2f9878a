/**
 * A minimal WebAssembly binary writer for the few hand-written kernels precis carries
 * (the PRS dosage kernel): enough of the format (core spec §5) for one imported memory,
 * exported functions with i32/f64/v128 values, and the instructions those kernels use.
 * The kernels are written out as instruction lists so they can be read and reviewed;
 * nothing is compiled from elsewhere.
 */

export type ValType = 'i32' | 'f64' | 'v128';
const VALTYPE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Instructions, as byte sequences. Memory accesses take (alignment log2, offset). */
export const op = {
  localGet: (i: number): number[] => [0x20, ...uleb(i)],
  localSet: (i: number): number[] => [0x21, ...uleb(i)],
  localTee: (i: number): number[] => [0x22, ...uleb(i)],
  i32Const: (v: number): number[] => [0x41, ...sleb(v)],
  f64Const: (v: number): number[] => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32GtU: [0x4b],
  i32LeS: [0x4c],
  i32LeU: [0x4d],
  i32GeS: [0x4e],
  i32Load8U: (align: number, offset: number): number[] => [0x2d, ...uleb(align), ...uleb(offset)],
  i32Store: (align: number, offset: number): number[] => [0x36, ...uleb(align), ...uleb(offset)],
  f64Add: [0xa0],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Neg: [0x9a],
  f64Eq: [0x61],
  f64Ne: [0x62],
  f64ConvertI32S: [0xb7],
  /** if with no result; `else` and `end` close it */
  if: [0x04, 0x40],
  else: [0x05],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  i32And: [0x71],
  i32Or: [0x72],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32Ne: [0x47],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Load: (align: number, offset: number): number[] => [0x28, ...uleb(align), ...uleb(offset)],
  f64Store: (align: number, offset: number): number[] => [0x39, ...uleb(align), ...uleb(offset)],
  f64Load: (align: number, offset: number): number[] => [0x2b, ...uleb(align), ...uleb(offset)],
  f64ConvertI32U: [0xb8],
  f64Sub: [0xa1],
  /** (a b cond) → cond ? a : b */
  select: [0x1b],
  /** block with no result */
  block: [0x02, 0x40],
  /** loop with no result */
  loop: [0x03, 0x40],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  end: [0x0b],
  v128Load: (align: number, offset: number): number[] => [0xfd, ...uleb(0x00), ...uleb(align), ...uleb(offset)],
  v128Store: (align: number, offset: number): number[] => [0xfd, ...uleb(0x0b), ...uleb(align), ...uleb(offset)],
  /** i32x4.splat of a constant */
  i32x4Const: (v: number): number[] => [0xfd, ...uleb(0x0c), ...new Uint8Array(new Int32Array([v, v, v, v]).buffer)],
  i8x16Shuffle: (lanes: number[]): number[] => [0xfd, ...uleb(0x0d), ...lanes],
  i32x4ExtractLane: (lane: number): number[] => [0xfd, ...uleb(0x1b), lane],
  i32x4Eq: [0xfd, ...uleb(0x37)],
  v128And: [0xfd, ...uleb(0x4e)],
  v128AndNot: [0xfd, ...uleb(0x4f)],
  v128Or: [0xfd, ...uleb(0x50)],
  v128AnyTrue: [0xfd, ...uleb(0x53)],
  i32x4ShrU: [0xfd, ...uleb(0xad)],
  i32x4Add: [0xfd, ...uleb(0xae)],
  f64x2ConvertLowI32x4U: [0xfd, ...uleb(0xff)],
  f64x2Splat: [0xfd, ...uleb(0x14)],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Sub: [0xfd, ...uleb(0xf1)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
};

export interface WasmFunction {
  name: string;
  params: ValType[];
  results: ValType[];
  /** locals after the parameters, in order */
  locals: ValType[];
  body: (number[] | number)[];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const b = [...Buffer.from(s, 'utf8')];
  return [...uleb(b.length), ...b];
}

/** A module importing its memory as env.memory and exporting `functions` by name. */
export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [VALTYPE[t]])), ...vec(f.results.map((t) => [VALTYPE[t]]))]);
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const bodies = functions.map((f) => {
    // locals as runs of one type
    const runs: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      runs.push([...uleb(j - i), VALTYPE[f.locals[i]!]]);
      i = j;
    }
    const code = [...vec(runs), ...f.body.flatMap((x) => (typeof x === 'number' ? [x] : x)), 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ]);
}
