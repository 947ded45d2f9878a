import { PrecisError } from '../../src/util/errors.js';

/** Runs `f` and returns the PrecisError it throws; fails the test when it throws nothing or something else. */
export function errorOf(f: () => unknown): PrecisError {
  try {
    f();
  } catch (e) {
    if (e instanceof PrecisError) return e;
    throw e;
  }
  throw new Error('expected a PrecisError');
}
