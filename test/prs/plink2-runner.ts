import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../helpers/cli.js';

/** Rows of a precis audit (TSV) as objects. */
export function parseTsv(text: string): Record<string, string>[] {
  const lines = text.trimEnd().split('\n');
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => {
    const f = l.split('\t');
    return Object.fromEntries(head.map((h, i) => [h, f[i] ?? '']));
  });
}

export interface PlinkScore {
  alleleCt: number;
  denom: number;
  dosageSum: number;
  sum: number;
  /** half a unit of plink2's last printed digit, added over the runs */
  printedError: number;
}

export interface PlinkRun {
  /** effect type → matched rows given to plink2 */
  files: string[];
  /** sample → score column → values, summed over the effect-type runs */
  bySample: Map<string, Map<string, PlinkScore>>;
}

/**
 * Scores the variants precis matched (from its audit) with plink2 --score, one run per
 * effect type as pgsc_calc splits them, and adds the runs' SUM/DENOM per sample.
 * `extra` holds further plink2 flags (e.g. --xchr-model 1, --update-sex).
 */
export function plink2Score(vcf: string, audit: Record<string, string>[], options: { noMeanImputation?: boolean; extra?: string[]; dosageDs?: boolean } = {}): PlinkRun {
  const dir = mkdtempSync(join(tmpdir(), 'precis-prs-plink-'));
  const matched = audit.filter((r) => r.status === 'matched');
  const scoreIds = [...new Set(matched.map((r) => r.score))];
  const bySample = new Map<string, Map<string, PlinkScore>>();
  const files: string[] = [];
  for (const type of ['additive', 'dominant', 'recessive']) {
    // one line per (variant, effect allele); a variant used with two effect alleles by different scores needs its own file
    const rows = matched.filter((r) => r.effectType === type);
    if (rows.length === 0) continue;
    const groups: Map<string, Map<string, Record<string, string>>>[] = [];
    for (const r of rows) {
      let placed = false;
      for (const g of groups) {
        const line = g.get(r.variant);
        if (line === undefined) {
          g.set(r.variant, new Map([[r.score, r]]));
          placed = true;
          break;
        }
        const any = [...line.values()][0]!;
        if (any.targetEffectAllele === r.targetEffectAllele && !line.has(r.score)) {
          line.set(r.score, r);
          placed = true;
          break;
        }
      }
      if (!placed) groups.push(new Map([[r.variant, new Map([[r.score, r]])]]));
    }
    groups.forEach((g, gi) => {
      const file = join(dir, `${type}_${gi}.scorefile`);
      const lines = [['ID', 'effect_allele', ...scoreIds].join('\t')];
      for (const [variant, line] of g) {
        const ea = [...line.values()][0]!.targetEffectAllele;
        lines.push([variant, ea, ...scoreIds.map((s) => line.get(s)?.weightUsed ?? '0')].join('\t'));
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      files.push(file);
      const out = join(dir, `${type}_${gi}`);
      const mods = ['header-read', 'cols=+scoresums,+denom,+dosagesum', ...(type === 'additive' ? [] : [type]), ...(options.noMeanImputation ? ['no-mean-imputation'] : [])];
      runTool('plink2', [
        '--vcf',
        vcf,
        ...(options.dosageDs ? ['dosage=DS'] : []),
        '--set-all-var-ids',
        '@:#:$r:$a',
        '--new-id-max-allele-len',
        '1000',
        '--score',
        file,
        ...mods,
        '--score-col-nums',
        scoreIds.length === 1 ? '3' : `3-${2 + scoreIds.length}`,
        '--threads',
        '1',
        '--out',
        out,
        ...(options.extra ?? []),
      ]);
      const sscore = parseTsv(readFileSync(`${out}.sscore`, 'utf8'));
      for (const r of sscore) {
        const sample = r['#IID'] ?? r.IID!;
        let m = bySample.get(sample);
        if (m === undefined) bySample.set(sample, (m = new Map()));
        for (const s of scoreIds) {
          const sumCol = scoreIds.length === 1 && r[`${s}_SUM`] === undefined ? 'SCORE1_SUM' : `${s}_SUM`;
          const prev = m.get(s) ?? { alleleCt: 0, denom: 0, dosageSum: 0, sum: 0, printedError: 0 };
          const v = Number(r[sumCol]);
          m.set(s, {
            alleleCt: prev.alleleCt + Number(r.ALLELE_CT),
            denom: prev.denom + Number(r.DENOM),
            dosageSum: prev.dosageSum + Number(r.NAMED_ALLELE_DOSAGE_SUM),
            sum: prev.sum + v,
            printedError: prev.printedError + halfUnit(v),
          });
        }
      }
    });
  }
  return { files, bySample };
}

function halfUnit(v: number): number {
  return v === 0 ? 5e-7 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - 5);
}

/**
 * plink2 2.00a3.5 prints 6 significant digits, so "equal" means within 1e-6 relative or
 * within half a unit of plink2's last printed digit (per run added), whichever is larger.
 */
export function plinkClose(precis: number, plink: PlinkScore): boolean {
  return Math.abs(precis - plink.sum) <= Math.max(1e-6 * Math.abs(plink.sum), plink.printedError * (1 + 1e-9)) + 1e-12;
}
