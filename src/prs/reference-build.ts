import { buildScoreReference, type ReferenceFile } from './reference.js';
import type { PrsStageResult } from './stage.js';

/** Turns a scored reference panel into a reference file (overall and per label). */
export function buildReferenceFile(
  panel: PrsStageResult,
  options: { panelName: string; labels: ((sample: string) => string | undefined) | null; labelsName: string | null; schemaVersion: string; createdBy: string },
): ReferenceFile {
  return {
    schemaVersion: options.schemaVersion,
    kind: 'precis-prs-reference',
    panel: options.panelName,
    genomeBuild: panel.genomeBuild,
    createdBy: options.createdBy,
    labels: options.labelsName,
    note: 'Score distributions of a reference panel (SUM per sample: mean, population SD, quantiles 0..100). Research use only.',
    scores: panel.scores.map((s) => {
      const labels = options.labels === null ? null : s.samples.map((x) => options.labels!(x.sample));
      return buildScoreReference(
        s.id,
        s.samples.map((x) => x.sum),
        labels,
        s.variantsUsed,
      );
    }),
    alleleFrequencies: panel.panelFrequencies,
  };
}
