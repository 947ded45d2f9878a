/**
 * Source values are read as numbers (JSON output keeps them numeric) and written back
 * into CSQ as `String(x)`. Formatting a double is the costliest step of writing a
 * frequency (0.3 s for 2.4 million values on bench/annotate), and the text it gives is
 * usually the text the source had: `readNumber` remembers that text when `String(x)`
 * is sure to reproduce it, and `numberText` hands it back (or formats, and remembers).
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

/** `Number(s)`, remembering `s` as the text of the result when it is its canonical form. */
export function readNumber(s: string): number {
  const x = Number(s);
  if (isCanonical(s)) {
    const k = slotOf(x);
    keys[k] = x;
    texts[k] = s;
  }
  return x;
}

/** `String(x)`. */
export function numberText(x: number): string {
  const k = slotOf(x);
  const t = texts[k];
  if (t !== undefined && keys[k] === x) return t;
  const s = String(x);
  keys[k] = x;
  texts[k] = s;
  return s;
}

/**
 * Whether `String(Number(s)) === s`, decided from the text: plain decimal notation
 * (no sign but a leading `-`, no exponent, no superfluous zeros), at most 15 significant
 * digits (each such decimal is a distinct double, printed back as itself) and a
 * magnitude that JavaScript prints without an exponent (>= 1e-6, < 1e21).
 */
export function isCanonical(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (s.charCodeAt(0) === 45) i++; // -
  const intFrom = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const intDigits = i - intFrom;
  if (intDigits === 0 || intDigits > 21) return false;
  const zeroInt = intDigits === 1 && s.charCodeAt(intFrom) === 48;
  if (!zeroInt && s.charCodeAt(intFrom) === 48) return false; // a leading zero
  let significant = zeroInt ? 0 : intDigits;
  if (i === n) return significant <= 15 && !(zeroInt && intFrom === 1); // "-0" prints as "0"
  if (s.charCodeAt(i) !== 46) return false; // .
  i++;
  const fracFrom = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i !== n || i === fracFrom || s.charCodeAt(n - 1) === 48) return false; // not all digits, none, or a trailing zero
  if (zeroInt) {
    let lead = fracFrom;
    while (s.charCodeAt(lead) === 48) lead++;
    // 0.000001 prints as is, 0.0000001 as 1e-7
    if (lead - fracFrom > 5) return false;
    significant = n - lead;
  } else significant += n - fracFrom;
  return significant <= 15;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
