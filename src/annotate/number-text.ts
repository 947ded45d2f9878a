/**
 * Source values are read as numbers (JSON output keeps them numeric) and written back
 * into CSQ as `String(x)`. On bench/annotate, decoding, parsing and formatting 2.4
 * million frequencies and scores cost 0.6 s; here a plain decimal is parsed from its
 * bytes (exactly as `Number()` does it: a significand below 2^53 divided by an exact
 * power of ten is correctly rounded) and a number that is a short decimal is written
 * from its digits (`decimalsOf`), both without a string.
 */

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

/** `Number(s)`. */
export function readNumber(s: string): number {
  const n = bytesOf(s);
  const x = n < 0 ? undefined : plainDecimal(scratch, 0, n);
  return x === undefined ? Number(s) : x;
}

/** The integer buf[s, e) spells when it is 1-15 plain digits; undefined otherwise. */
export function digitsAt(buf: Uint8Array, s: number, e: number): number | undefined {
  if (e <= s || e - s > 15) return undefined;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return v;
}

/** `Number()` of the Latin-1 text buf[s, e). */
export function readNumberAt(buf: Buffer, s: number, e: number): number {
  const x = plainDecimal(buf, s, e);
  return x === undefined ? Number(buf.toString('latin1', s, e)) : x;
}

/**
 * The number of decimals d (1..15) when `String(x)` is the decimal m/10^d written out,
 * with m = round(|x|·10^d) below 10^15; -1 otherwise (integers, 16 or more significant
 * digits, or a magnitude JavaScript writes with an exponent). The smallest such d is
 * the one: decimals of at most 15 significant digits are distinct doubles, so no
 * shorter text reads back as x, and m/10^d === |x| proves that this one does.
 */
export function decimalsOf(x: number): number {
  const a = x < 0 ? -x : x;
  if (!(a >= 1e-6 && a < 1e15)) return -1;
  // the d that work form a range (more decimals keep working until m reaches 10^15):
  // values of a column share their decimals, so the last answer is tried first, and from
  // a d that works the search only steps down
  let d = lastDecimals;
  if (works(a, d)) {
    while (d > 1 && works(a, d - 1)) d--;
  } else {
    d = 1;
    while (!works(a, d)) if (++d > 15) return -1;
  }
  lastDecimals = d;
  return d;
}
let lastDecimals = 1;

/** Whether |x| is the decimal round(|x|·10^d)/10^d, of at most 15 significant digits. */
function works(a: number, d: number): boolean {
  const p = POW10[d]!;
  const m = Math.round(a * p);
  return m < 1e15 && m / p === a;
}

/** 10^d, for d <= 22. */
export function pow10(d: number): number {
  return POW10[d]!;
}

/**
 * The value of `[-+]?digits[.digits]` with at most 15 significant digits and 22
 * decimals (what `Number()` gives for it); undefined for any other text.
 */
export function plainDecimal(buf: Uint8Array, s: number, e: number): number | undefined {
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

/**
 * Whether the text buf[s, e) is a decimal that `String(Number(text))` writes back as the
 * same text: an optional `-`, an integer part without leading zeros, a fraction without
 * trailing zeros, at most 15 significant digits (so no other decimal of as few digits
 * reads as the same double), at least 1e-6 in magnitude (JavaScript writes smaller ones
 * with an exponent), and not -0. Such a value can be copied into output as it is.
 */
export function isCanonicalDecimal(buf: Uint8Array, s: number, e: number): boolean {
  let i = s;
  const neg = buf[i] === 45; // -
  if (neg) i++;
  const intFrom = i;
  while (i < e && isDigit(buf[i]!)) i++;
  const intLength = i - intFrom;
  if (intLength === 0 || (intLength > 1 && buf[intFrom] === 48)) return false;
  const zeroInt = buf[intFrom] === 48;
  if (i === e) return intLength <= 15 && !(neg && zeroInt);
  if (buf[i] !== 46) return false; // .
  i++;
  const fracFrom = i;
  while (i < e && isDigit(buf[i]!)) i++;
  if (i !== e || i === fracFrom || buf[e - 1] === 48) return false;
  let significant: number;
  if (zeroInt) {
    let zeros = 0;
    while (buf[fracFrom + zeros] === 48) zeros++;
    if (zeros > 5) return false;
    significant = e - fracFrom - zeros;
  } else significant = intLength + (e - fracFrom);
  return significant <= 15;
}

/** `isCanonicalDecimal` of a string. */
export function isCanonicalDecimalText(s: string): boolean {
  const n = bytesOf(s);
  return n > 0 && isCanonicalDecimal(scratch, 0, n);
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
