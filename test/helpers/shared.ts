import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/** The public reference data beside the checkout (`../shared`). */
export const SHARED_DIR = resolve(process.env.PRECIS_SHARED ?? join(import.meta.dirname, '..', '..', '..', 'shared'));

export const hasShared = existsSync(SHARED_DIR);

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/**
 * `describe` for suites that need ../shared: skipped with a message on a plain clone,
 * but a failure in CI (CI set), where the data must be there.
 */
export function describeShared(name: string, fn: () => void): void {
  if (hasShared) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      throw new Error(`${name}: reference data not found at ${SHARED_DIR} (CI must have ../shared beside the checkout)`);
    });
    return;
  }
  console.warn(`skipping "${name}": reference data ${SHARED_DIR} is absent (set PRECIS_SHARED to point at it)`);
  skipSuite(name, `needs the reference data in ${SHARED_DIR}`);
}

/** Whether an external tool is on PATH; tests comparing with it fail in CI when it is missing. */
export function hasTool(name: string): boolean {
  const paths = (process.env.PATH ?? '').split(':');
  return paths.some((p) => existsSync(join(p, name)));
}

export function describeWithTool(tool: string, name: string, fn: () => void): void {
  if (hasTool(tool)) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      throw new Error(`${name}: ${tool} is not installed (.ci/run installs it)`);
    });
    return;
  }
  console.warn(`skipping "${name}": ${tool} is not installed (apt-get install ${tool})`);
  skipSuite(name, `needs ${tool}`);
}

/**
 * A skipped suite whose body is not run: vitest collects a skipped suite by calling it,
 * and a body that reads ../shared at collection time would fail on a plain clone.
 */
function skipSuite(name: string, why: string): void {
  describe.skip(name, () => {
    it(why, () => undefined);
  });
}
