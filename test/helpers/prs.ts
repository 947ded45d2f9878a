import { createPrsStage, type PrsOptions, type PrsStageResult } from '../../src/prs/stage.js';
import { parseScoringLines } from '../../src/prs/scorefile.js';
import { openVcf, runStages } from '../../src/vcf/index.js';

/** Scores the VCF at `vcf` with an inline scoring file: pgsc_calc matching, mean imputation from the cohort, no overlap threshold, unless `extra` says otherwise. */
export async function scoreVcf(vcf: string, scoreText: string, extra: Partial<PrsOptions> = {}, name = 'inline.txt'): Promise<PrsStageResult> {
  const stage = createPrsStage({
    scoring: parseScoringLines(scoreText.split('\n'), name),
    match: { keepAmbiguous: false, keepFirstMatch: false },
    missing: 'mean',
    dosage: 'GT',
    xchrModel: 'genotype',
    minOverlap: 0,
    frequencies: { kind: 'cohort' },
    ...extra,
  });
  const [r] = await runStages(await openVcf(vcf), [stage]);
  return r as PrsStageResult;
}
