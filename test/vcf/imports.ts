// The library as the test suites import it (vitest compiles the TypeScript sources).
export * from '../../src/vcf/index.js';
export { PrecisError } from '../../src/util/errors.js';
