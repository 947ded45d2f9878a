import { describe, expect, it } from 'vitest';
import { isCanonical, numberText, readNumber } from '../../src/annotate/number-text.js';

let seed = 11;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

describe('number text', () => {
  it('takes a text as canonical only when String(Number(text)) gives it back', () => {
    const texts: string[] = ['0', '-0', '1', '-1', '10', '0.5', '-0.5', '0.50', '00.5', '.5', '5.', '1e-5', '1E5', '+1', '0.000001', '0.0000001', '0.0000012', '123456789012345', '1234567890123456', '0.123456789012345', '0.1234567890123456', '9007199254740993', 'NaN', 'Infinity', '', '-', '0x10', ' 1', '1,5', '100000000000000000000', '1000000000000000000000'];
    for (let i = 0; i < 20000; i++) {
      const r = rand();
      const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
      if (r < 0.3) texts.push((rand() / 10 ** Math.floor(rand() * 9)).toFixed(Math.floor(rand() * 18)));
      else if (r < 0.6) texts.push(`${rand() < 0.2 ? '-' : ''}${digits(1 + Math.floor(rand() * 22))}`);
      else if (r < 0.9) texts.push(`${rand() < 0.2 ? '-' : ''}${digits(1 + Math.floor(rand() * 4))}.${digits(1 + Math.floor(rand() * 17))}`);
      else texts.push(String(rand() * 10 ** (Math.floor(rand() * 40) - 20)));
    }
    let canonical = 0;
    for (const t of texts) {
      if (!isCanonical(t)) continue;
      canonical++;
      expect(String(Number(t)), t).toBe(t);
    }
    expect(canonical).toBeGreaterThan(texts.length / 4);
  });

  it('writes every number as String() does, whether its text was read or not', () => {
    for (const t of ['0.10', '0.1', '1e-7', '3.514', '-0', '12', '0.09919']) expect(numberText(readNumber(t))).toBe(String(Number(t)));
    for (let i = 0; i < 5000; i++) {
      const x = rand() * 10 ** (Math.floor(rand() * 30) - 15);
      expect(numberText(x)).toBe(String(x));
      expect(numberText(-x)).toBe(String(-x));
    }
    expect(numberText(Number.NaN)).toBe('NaN');
  });
});
