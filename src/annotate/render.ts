import type { AnnotateResult } from './stage.js';

/** The stage result as a JSON document (what `--summary` writes and `report` embeds). */
export function renderAnnotateJson(result: AnnotateResult, command?: string): string {
  return `${JSON.stringify(command === undefined ? result : { ...result, command }, null, 2)}\n`;
}

const TSV_COLUMNS = ['chrom', 'pos', 'id', 'ref', 'alt', 'most_severe', 'impact', 'gene', 'transcript', 'hgvsc', 'hgvsp', 'clinvar_significance', 'clinvar_review_status', 'popmax_af', 'popmax_population'];

/** Notable variants as TSV (one line per allele, picked consequence), header line first. */
export function renderNotableTsv(result: AnnotateResult): string {
  const lines = [TSV_COLUMNS.join('\t')];
  for (const a of result.notable) {
    const c = a.consequences.find((x) => x.picked) ?? a.consequences[0];
    const v = [
      a.chrom, a.pos, a.id ?? '.', a.ref, a.alt, a.mostSevere, a.impact, c?.gene || '.', c?.transcript ?? '.', c?.hgvsc ?? '.', c?.hgvsp ?? '.',
      a.clinvar?.significance ?? '.', a.clinvar?.reviewStatus ?? '.', a.frequencies?.popmax?.AF ?? '.', a.frequencies?.popmax?.population ?? '.',
    ];
    lines.push(v.map((x) => String(x).replace(/[\t\n]/g, ' ')).join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
