#!/usr/bin/env node
// Writes a simulated cohort (TSV) from published facts: risk-factor distributions,
// the Pooled Cohort Equations and a CAD PRS hazard ratio (see src/model/simulate.ts).
// Usage: node scripts/simulate-cohort.mjs --n 10000 --seed 1 [--prefix SIM] [-o cohort.tsv]
// Needs the built library (npm run build).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cohortToTsv, simulateCohort } from '../dist/model/index.js';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, prefix: { type: 'string', default: 'SIM' }, output: { type: 'string', short: 'o', default: '-' } },
});
const n = Number(values.n);
const seed = Number(values.seed);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) {
  process.stderr.write('simulate-cohort: --n and --seed must be whole numbers\n');
  process.exit(2);
}
const tsv = cohortToTsv(simulateCohort(n, seed, values.prefix));
if (values.output === '-') process.stdout.write(tsv);
else writeFileSync(values.output, tsv);
