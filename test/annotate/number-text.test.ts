import { describe, expect, it } from 'vitest';
import { digitsAt, readNumber, readNumberAt } from '../../src/annotate/number-text.js';
import { TextBytes } from '../../src/annotate/text-bytes.js';

let seed = 11;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');

/** Texts as sources write them: fixed decimals, plain digits, signs, exponents, junk. */
function texts(): string[] {
  const out = ['0', '-0', '+0', '1', '-1', '0.5', '-0.5', '0.50', '00.5', '.5', '5.', '.', '-', '+', '', '1e-5', '1E5', '+1', '0x10', ' 1', '1 ', '1,5', 'NaN', 'Infinity', '-Infinity', '0.000001', '0.0000001', '123456789012345', '1234567890123456', '0.1234567890123456', '9007199254740993', '1.7976931348623157e308', '5e-324'];
  for (let i = 0; i < 30000; i++) {
    const r = rand();
    const sign = rand() < 0.2 ? '-' : rand() < 0.05 ? '+' : '';
    if (r < 0.3) out.push(`${sign}${(rand() / 10 ** Math.floor(rand() * 9)).toFixed(Math.floor(rand() * 20))}`);
    else if (r < 0.5) out.push(`${sign}${digits(1 + Math.floor(rand() * 22))}`);
    else if (r < 0.8) out.push(`${sign}${digits(Math.floor(rand() * 4))}.${digits(Math.floor(rand() * 25))}`);
    else out.push(String(rand() * 10 ** (Math.floor(rand() * 44) - 22)));
  }
  return out;
}

describe('numbers read from and written to text', () => {
  it('reads every text as Number() does, from a string or from bytes', () => {
    for (const t of texts()) {
      expect(Object.is(readNumber(t), Number(t)), t).toBe(true);
      const b = Buffer.from(`;${t};`, 'latin1');
      expect(Object.is(readNumberAt(b, 1, b.length - 1), Number(t)), t).toBe(true);
    }
  });

  it('writes every number as String() does', () => {
    const out = new TextBytes(16);
    const xs: number[] = [0, -0, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-6, 1.5e-6, 9.99e-7, 1e-7, 1e15, 1e15 + 0.5, 123456789012345.6, 1e21, 1e22, 5e-324, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity];
    // where digits are written in 32-bit integer arithmetic and where no longer
    for (const b of [2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32, 2 ** 53 - 1, 1e8 - 1, 1e8, 1e9, 1e10]) xs.push(b, -b, b + 0.25, b / 1e6, -(b + 0.5));
    for (const t of texts()) xs.push(Number(t));
    for (let i = 0; i < 20000; i++) {
      xs.push((rand() - 0.5) * 10 ** (Math.floor(rand() * 40) - 20));
      // means of a few short decimals, as the numeric ops compute them
      const k = 1 + Math.floor(rand() * 4);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Number((rand() * 10).toFixed(3));
      xs.push(sum / k);
    }
    for (const x of xs) {
      out.len = 0;
      out.number(x);
      expect(out.toString(), String(x)).toBe(String(x));
    }
  });
});

describe('digitsAt', () => {
  it('reads 1-15 plain digits and nothing else', () => {
    const at = (s: string): number | undefined => {
      const b = Buffer.from(`\t${s}\t`, 'latin1');
      return digitsAt(b, 1, b.length - 1);
    };
    expect(at('0')).toBe(0);
    expect(at('007')).toBe(7);
    expect(at('123456789012345')).toBe(123456789012345);
    for (const s of ['', '1234567890123456', '-1', '+1', '1.0', '1e3', ' 1', '1a', '0x10']) expect(at(s), s).toBeUndefined();
    for (let i = 0; i < 200; i++) {
      const s = digits(1 + Math.floor(rand() * 15));
      expect(at(s)).toBe(Number(s));
    }
  });
});
