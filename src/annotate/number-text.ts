/**
 * Source values are read as numbers (JSON output keeps them numeric) and written back
 * into CSQ as `String(x)`. On bench/annotate, decoding, parsing and formatting 2.4
 * million frequencies and scores cost 0.6 s. Here a value is parsed from its bytes when
 * it is a plain decimal (exactly as `Number()` would: a significand below 2^53 divided
 * by an exact power of ten is correctly rounded), and its text is remembered when
 * `String(x)` is sure to give it back, so `numberText` formats nothing it has seen.
 */

// A direct-mapped cache on the double's bits: a slot costs a multiply and two array
// reads, where a Map of doubles cost more than the formatting it saved.
const SLOTS = 1 << 16;
const keys = new Float64Array(SLOTS);
const texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function slotOf(x: number): number {
  bits[0] = x;
  return (Math.imul(words[0]! ^ words[1]!, 0x9e3779b1) >>> 16) & (SLOTS - 1);
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
let scratch = Buffer.alloc(64);

/** Latin-1 bytes of `s` in a scratch buffer; -1 when `s` has other characters. */
function bytesOf(s: string): number {
  if (s.length > scratch.length) scratch = Buffer.alloc(2 * s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) return -1;
    scratch[i] = c;
  }
  return s.length;
}

/** `Number(s)`, remembering `s` as the text of the result when it is its canonical form. */
export function readNumber(s: string): number {
  const n = bytesOf(s);
  const x = n < 0 ? undefined : plainDecimal(scratch, 0, n);
  if (x === undefined) return Number(s);
  if (isCanonicalAt(scratch, 0, n)) remember(x, s);
  return x;
}

/** `Number()` of the Latin-1 text buf[s, e), remembering the text when it is canonical. */
export function readNumberAt(buf: Buffer, s: number, e: number): number {
  const x = plainDecimal(buf, s, e);
  if (x === undefined) return Number(buf.toString('latin1', s, e));
  if (isCanonicalAt(buf, s, e)) {
    const k = slotOf(x);
    if (texts[k] === undefined || keys[k] !== x) {
      keys[k] = x;
      texts[k] = buf.toString('latin1', s, e);
    }
  }
  return x;
}

function remember(x: number, text: string): void {
  const k = slotOf(x);
  keys[k] = x;
  texts[k] = text;
}

/** `String(x)`. */
export function numberText(x: number): string {
  const k = slotOf(x);
  const t = texts[k];
  if (t !== undefined && keys[k] === x) return t;
  const s = String(x);
  remember(x, s);
  return s;
}

/**
 * The value of `[-+]?digits[.digits]` with at most 15 significant digits and 22
 * decimals (what `Number()` gives for it); undefined for any other text.
 */
function plainDecimal(buf: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  const sign = buf[i];
  if (sign === 45 || sign === 43) i++; // - +
  let m = 0;
  let significant = 0;
  let decimals = 0;
  let dot = false;
  let digits = 0;
  for (; i < e; i++) {
    const c = buf[i]!;
    if (c === 46 && !dot) {
      dot = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return undefined;
    digits++;
    if (dot) decimals++;
    if (m === 0 && d === 0) continue;
    m = m * 10 + d;
    if (++significant > 15) return undefined;
  }
  if (digits === 0 || decimals > 22) return undefined;
  const x = decimals === 0 ? m : m / POW10[decimals]!;
  return sign === 45 ? -x : x;
}

/** `isCanonical` of the Latin-1 text buf[s, e). */
export function isCanonicalAt(buf: Uint8Array, s: number, e: number): boolean {
  let i = s;
  const neg = buf[i] === 45; // -
  if (neg) i++;
  const intFrom = i;
  while (i < e && isDigit(buf[i]!)) i++;
  const intDigits = i - intFrom;
  if (intDigits === 0 || intDigits > 21) return false;
  const zeroInt = intDigits === 1 && buf[intFrom] === 48;
  if (!zeroInt && buf[intFrom] === 48) return false; // a leading zero
  if (i === e) return intDigits <= 15 && !(zeroInt && neg); // "-0" prints as "0"
  if (buf[i] !== 46) return false; // .
  i++;
  const fracFrom = i;
  while (i < e && isDigit(buf[i]!)) i++;
  if (i !== e || i === fracFrom || buf[e - 1] === 48) return false; // not all digits, none, or a trailing zero
  let significant: number;
  if (zeroInt) {
    let lead = fracFrom;
    while (buf[lead] === 48) lead++;
    // 0.000001 prints as is, 0.0000001 as 1e-7
    if (lead - fracFrom > 5) return false;
    significant = e - lead;
  } else significant = intDigits + e - fracFrom;
  return significant <= 15;
}

/**
 * Whether `String(Number(s)) === s`, decided from the text: plain decimal notation
 * (no sign but a leading `-`, no exponent, no superfluous zeros), at most 15 significant
 * digits (each such decimal is a distinct double, printed back as itself) and a
 * magnitude that JavaScript prints without an exponent (>= 1e-6, < 1e21).
 */
export function isCanonical(s: string): boolean {
  const n = bytesOf(s);
  return n >= 0 && isCanonicalAt(scratch, 0, n);
}

/** `^[-+]?[\d.]+(e[-+]?\d+)?$` (case-insensitive) over buf[s, e), scanned without a regex. */
export function looksNumericAt(buf: Uint8Array, s: number, e: number): boolean {
  let i = s;
  let c = buf[i];
  if (c === 43 || c === 45) i++;
  const digitsFrom = i;
  for (; i < e; i++) {
    c = buf[i]!;
    if (!(isDigit(c) || c === 46)) break;
  }
  if (i === digitsFrom) return false;
  if (i === e) return true;
  if ((c! | 32) !== 101) return false; // e or E
  i++;
  c = buf[i];
  if (c === 43 || c === 45) i++;
  const expFrom = i;
  for (; i < e; i++) if (!isDigit(buf[i]!)) return false;
  return i > expFrom;
}

/** `looksNumericAt` of a string. */
export function looksNumeric(s: string): boolean {
  const n = bytesOf(s);
  return n >= 0 && looksNumericAt(scratch, 0, n);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
