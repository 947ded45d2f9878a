export { loadPgxData, DEFAULT_PGX_DATA_DIR, type PgxData, type GeneDefinition } from './data.js';
export { createPgxStage, PGX_STAGE_DEFAULTS, type PgxOptions, type PgxResult, type SamplePgx } from './stage.js';
export { renderPgxJson, writePgxJson, renderPgxTsv, pgxJsonDocument, RESEARCH_NOTICE } from './render.js';
export { readOutsideCalls, parseOutsideCalls, outsideCallGenes, type OutsideCall } from './outside-calls.js';
export { runPgx, pgxRegions, type RunPgxOptions } from './run.js';
export type { GeneReport } from './gene-report.js';
export type { DrugReport } from './recommend.js';
