import type { AuditRow, PrsResult } from './result.js';

/**
 * Serialisers of a PRS result: per sample x score TSV, the JSON document and the audit
 * TSV. Numbers are written at full precision (shortest text that round-trips a double);
 * plink2 prints 6 significant digits.
 */

export const RESEARCH_USE = 'Research use only. Not for clinical decision making. Polygenic scores are relative measures; interpret against a matched reference population.';

function num(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NA';
  return String(x);
}

export function prsTsv(result: PrsResult): string {
  const withRef = result.scores.some((s) => s.reference !== undefined);
  const cols = ['sample', 'score', 'SUM', 'AVG', 'DENOM', 'ALLELE_CT', 'N_VARIANTS', 'N_IMPUTED'];
  if (withRef) cols.push('Z', 'PERCENTILE', 'REFERENCE_POPULATION');
  const out: string[] = [cols.join('\t')];
  const n = result.sampleCount;
  for (let i = 0; i < n; i++) {
    for (const s of result.scores) {
      const r = s.samples[i]!;
      const v = [r.sample, s.id, num(r.sum), num(r.avg), String(r.denom), String(r.alleleCount), String(s.variantsUsed), String(r.nImputed)];
      if (withRef) v.push(num(r.z), num(r.percentile), r.referencePopulation ?? (s.reference ? 'all' : 'NA'));
      out.push(v.join('\t'));
    }
  }
  return `${out.join('\n')}\n`;
}

export interface JsonContext {
  precisVersion: string;
  schemaVersion: string;
  command: string;
}

/** The JSON document: provenance, settings, per-score metadata and match summary, per-sample values. */
export function prsJson(result: PrsResult, ctx: JsonContext): Record<string, unknown> {
  const { audit: _audit, ...rest } = result;
  void _audit;
  return {
    schemaVersion: ctx.schemaVersion,
    precisVersion: ctx.precisVersion,
    command: ctx.command,
    researchUseOnly: RESEARCH_USE,
    dataVersions: result.scores.map((s) => ({
      score: s.id,
      file: s.meta.file,
      pgsId: s.meta.pgsId ?? null,
      citation: s.meta.citation ?? null,
      license: s.meta.license ?? 'PGS Catalog scoring files: EMBL-EBI terms of use unless the file states otherwise',
      genomeBuild: s.meta.positionBuild ?? s.meta.genomeBuild ?? null,
    })),
    ...rest,
  };
}

const AUDIT_COLUMNS: (keyof AuditRow)[] = [
  'score',
  'file',
  'line',
  'rsid',
  'chrom',
  'pos',
  'effectAllele',
  'otherAllele',
  'effectType',
  'weight',
  'status',
  'reason',
  'matchType',
  'variant',
  'targetEffectAllele',
  'flipped',
  'ambiguous',
  'multiallelic',
  'duplicateBestMatch',
  'weightUsed',
];

/** One line per scoring-file row: what happened to it and why. */
export function auditTsv(rows: AuditRow[]): string {
  const out = [AUDIT_COLUMNS.join('\t')];
  for (const r of rows) {
    out.push(
      AUDIT_COLUMNS.map((c) => {
        const v = r[c];
        if (typeof v === 'number') return Number.isNaN(v) ? 'NA' : String(v);
        if (typeof v === 'boolean') return v ? 'true' : 'false';
        return v;
      }).join('\t'),
    );
  }
  return `${out.join('\n')}\n`;
}
