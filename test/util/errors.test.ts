import { describe, expect, it } from 'vitest';
import { PrecisError, shortQuotes } from '../../src/util/errors.js';

describe('PrecisError.toOneLine', () => {
  it('names file and line, keeps short quoted input whole and cuts long quoted input to its start', () => {
    const long = `0.1${'A'.repeat(3_000_000)}`;
    const e = new PrecisError('BAD_DATA', `effect_weight "${long}" is not a number`, { file: 'w.txt', line: 4, hint: 'weights must be decimal numbers' });
    const line = e.toOneLine();
    expect(line.length).toBeLessThan(200);
    expect(line).toBe(`w.txt:4: effect_weight "0.1${'A'.repeat(37)}…" (3000003 characters) is not a number (hint: weights must be decimal numbers)`);
    expect(new PrecisError('BAD_DATA', 'effect_weight "abc" is not a number\nsecond', { file: 'w.txt', line: 2 }).toOneLine()).toBe('w.txt:2: effect_weight "abc" is not a number second');
  });

  it('leaves messages without long quotes alone', () => {
    const m = `a "${'x'.repeat(60)}" b "" c`;
    expect(shortQuotes(m)).toBe(m);
  });
});
