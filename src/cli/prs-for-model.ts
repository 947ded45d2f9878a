import type { PrsSampleScore } from '../model/prs-input.js';
import { prsScoresFromDocument, selectPrsScore } from '../model/prs-input.js';
import { createPrsStage, defaultScoringFiles, embeddedScoringOptions, prsJson, readReferenceFile, readScoringFiles } from '../prs/index.js';
import { PrecisError } from '../util/errors.js';
import { openVcf, runStages } from '../vcf/index.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import type { PrsStageResult } from '../prs/index.js';

/**
 * prs_z straight from a VCF for `precis risk`: the prs stage with the settings `report`
 * uses (mean imputation at the reference panel's frequencies when it has them), its
 * result read back through the same parser that reads `precis prs -O json` files.
 */
export async function prsForModel(vcf: string, o: { scores?: string[]; reference?: string; scoreId?: string; command: string }): Promise<{ scores: Map<string, PrsSampleScore>; source: string }> {
  const dflt = defaultScoringFiles();
  const files = o.scores?.length ? o.scores : dflt.scores;
  if (files.length === 0) throw new PrecisError('USAGE', 'no scoring files for prs_z: give -w/--scores FILE or --prs FILE');
  const refPath = o.reference ?? (o.scores?.length ? undefined : dflt.reference);
  const reference = refPath ? readReferenceFile(refPath) : undefined;
  if (!reference) throw new PrecisError('USAGE', 'prs_z needs a reference distribution: give --reference FILE (from `precis prs --write-reference`)');
  const stage = createPrsStage(embeddedScoringOptions(readScoringFiles(files), reference, 10));
  const reader = await openVcf(vcf);
  let result: PrsStageResult;
  try {
    [result] = (await runStages(reader, [stage])) as [PrsStageResult];
  } finally {
    reader.close();
  }
  const source = `${files.join(',')} on ${vcf}`;
  const all = prsScoresFromDocument(prsJson(result, { schemaVersion: SCHEMA_VERSION, precisVersion: VERSION, command: o.command }), source);
  return { scores: selectPrsScore(all, o.scoreId ?? result.scores[0]?.id, source), source };
}
