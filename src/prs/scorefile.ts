import { PrecisError } from '../util/errors.js';
import { buildFromText, type GenomeBuild } from '../vcf/index.js';
import type { EffectType, ScoreMeta, ScoreRow, ScoringSet, UnusableReason } from './types.js';

/**
 * Parser for PGS Catalog scoring files (format v2.0, author-reported or harmonised),
 * pgsc_calc custom files, pgsc_calc's normalised long format (an `accession` column
 * carries several scores) and plink2 `--score` layouts (`ID effect_allele w1 w2 ...` with
 * IDs CHR:POS:REF:ALT). Pure over lines of text; reading and decompression live in
 * scorefile-io.ts.
 */

const HEADER_KEYS: Record<string, keyof ScoreMeta> = {
  pgs_id: 'pgsId',
  pgs_name: 'pgsName',
  trait_reported: 'traitReported',
  trait_mapped: 'traitMapped',
  trait_efo: 'traitEfo',
  weight_type: 'weightType',
  citation: 'citation',
  license: 'license',
  format_version: 'formatVersion',
  genome_build: 'genomeBuild',
};

const TRUE_WORDS = new Set(['true', 't', '1', 'yes']);
const FALSE_WORDS = new Set(['false', 'f', '0', 'no', '']);
function isAcgt(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 65 && c !== 67 && c !== 71 && c !== 84) return false;
  }
  return true;
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

interface Columns {
  [name: string]: number;
}

/** Maps a build label from a scoring-file header to a GenomeBuild (NR and unknown labels give undefined). */
export function scoreBuild(label: string | undefined): GenomeBuild | undefined {
  if (label === undefined || label === '' || label === 'NR') return undefined;
  return buildFromText(label);
}

export function parseScoringLines(lines: Iterable<string>, file: string, firstScore = 0): ScoringSet {
  const header = new Map<string, string>();
  let cols: Columns | null = null;
  let colNames: string[] = [];
  let lineNo = 0;
  let layout: Layout | null = null;
  const rows: ScoreRow[] = [];
  const scores: ScoreMeta[] = [];
  const byAccession = new Map<string, number>();
  for (const raw of lines) {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (cols === null) {
      if (line.startsWith('#')) {
        const body = line.replace(/^#+/, '');
        const eq = body.indexOf('=');
        if (!line.startsWith('##') && eq > 0) header.set(body.slice(0, eq).trim(), body.slice(eq + 1).trim());
        continue;
      }
      if (line.trim() === '') continue;
      colNames = line.replace(/\s+$/, '').split('\t').map((c) => c.trim());
      cols = {};
      colNames.forEach((c, i) => {
        if (cols![c] === undefined) cols![c] = i;
      });
      layout = chooseLayout(cols, colNames, file, lineNo);
      if (layout.kind === 'plink') {
        for (const w of layout.weightCols) scores.push(newMeta(header, file, colNames[w]!, layout));
      } else if (layout.accession < 0) {
        scores.push(newMeta(header, file, undefined, layout));
      }
      continue;
    }
    const c0 = line.charCodeAt(0);
    if (line.length === 0 || c0 === 35 /* # */) continue;
    if ((c0 === 32 || c0 === 9) && line.trim() === '') continue;
    const f = line.split('\t');
    if (layout!.kind === 'plink') {
      parsePlinkRow(f, layout!, lineNo, file, firstScore, scores, rows);
      continue;
    }
    let scoreIdx = 0;
    if (layout!.accession >= 0) {
      const acc = cell(f, layout!.accession);
      let idx = byAccession.get(acc);
      if (idx === undefined) {
        idx = scores.length;
        byAccession.set(acc, idx);
        scores.push(newMeta(header, file, acc, layout!));
      }
      scoreIdx = idx;
    }
    const meta = scores[scoreIdx]!;
    const row = parseCatalogRow(f, layout!, lineNo, file, firstScore + scoreIdx, meta.rows);
    meta.rows++;
    rows.push(row);
  }
  if (cols === null) throw new PrecisError('BAD_DATA', 'no column header line: not a scoring file', { file, hint: 'expected a tab-separated header such as "chr_name chr_position effect_allele other_allele effect_weight"' });
  return { scores, rows };
}

interface CatalogLayout {
  kind: 'catalog';
  chr: number;
  pos: number;
  ea: number;
  oa: number;
  inferOa: number;
  weight: number;
  or: number;
  hr: number;
  dosage: [number, number, number] | null;
  dominant: number;
  recessive: number;
  effectType: number;
  rsid: number;
  haplotype: number;
  diplotype: number;
  interaction: number;
  af: number;
  accession: number;
  harmonised: boolean;
}

interface PlinkLayout {
  kind: 'plink';
  id: number;
  ea: number;
  weightCols: number[];
  accession: -1;
  harmonised: false;
}

type Layout = CatalogLayout | PlinkLayout;

function chooseLayout(c: Columns, names: string[], file: string, line: number): Layout {
  const has = (n: string): boolean => c[n] !== undefined;
  const at = (n: string): number => c[n] ?? -1;
  if (has('ID') && has('effect_allele') && !has('chr_name') && !has('hm_chr')) {
    const weightCols: number[] = [];
    for (let i = 0; i < names.length; i++) if (i !== c.ID && i !== c.effect_allele) weightCols.push(i);
    if (weightCols.length === 0) throw new PrecisError('BAD_DATA', 'plink2-style scoring file has no weight columns', { file, line });
    return { kind: 'plink', id: c.ID!, ea: c.effect_allele!, weightCols, accession: -1, harmonised: false };
  }
  const harmonised = has('hm_chr') && has('hm_pos');
  const missing: string[] = [];
  if (!harmonised && !has('chr_name')) missing.push('chr_name');
  if (!harmonised && !has('chr_position')) missing.push('chr_position');
  if (!has('effect_allele')) missing.push('effect_allele');
  const dosageCols = ['dosage_0_weight', 'dosage_1_weight', 'dosage_2_weight'];
  const nDosage = dosageCols.filter(has).length;
  if (nDosage > 0 && nDosage < 3) missing.push(...dosageCols.filter((d) => !has(d)));
  if (!has('effect_weight') && !has('OR') && !has('HR') && nDosage === 0) missing.push('effect_weight (or OR/HR, or dosage_0/1/2_weight)');
  if (missing.length > 0) {
    throw new PrecisError('BAD_DATA', `scoring file lacks required column(s): ${missing.join(', ')}`, {
      file,
      line,
      hint: 'PGS Catalog and custom files need chr_name, chr_position, effect_allele and effect_weight (matching is by position; rsID alone is not enough)',
    });
  }
  return {
    kind: 'catalog',
    chr: harmonised ? c.hm_chr! : c.chr_name!,
    pos: harmonised ? c.hm_pos! : c.chr_position!,
    ea: c.effect_allele!,
    oa: at('other_allele'),
    inferOa: at('hm_inferOtherAllele'),
    weight: at('effect_weight'),
    or: at('OR'),
    hr: at('HR'),
    dosage: nDosage === 3 ? [c.dosage_0_weight!, c.dosage_1_weight!, c.dosage_2_weight!] : null,
    dominant: at('is_dominant'),
    recessive: at('is_recessive'),
    effectType: at('effect_type'),
    rsid: has('hm_rsID') ? c.hm_rsID! : at('rsID'),
    haplotype: at('is_haplotype'),
    diplotype: at('is_diplotype'),
    interaction: at('is_interaction'),
    af: at('allelefrequency_effect'),
    accession: at('accession'),
    harmonised,
  };
}

function newMeta(header: Map<string, string>, file: string, accession: string | undefined, layout: Layout): ScoreMeta {
  const meta: ScoreMeta = { id: '', harmonised: layout.harmonised, file, rows: 0 };
  for (const [k, v] of header) {
    const key = HEADER_KEYS[k];
    if (key !== undefined && v !== '') (meta as unknown as Record<string, unknown>)[key] = v;
  }
  const declared = Number(header.get('variants_number'));
  if (Number.isFinite(declared) && header.get('variants_number') !== '') meta.variantsDeclared = declared;
  const hmBuild = header.get('HmPOS_build');
  meta.positionBuild = layout.harmonised ? scoreBuild(hmBuild) : scoreBuild(meta.genomeBuild);
  const base = file.replace(/^.*\//, '').replace(/\.gz$/, '').replace(/\.(txt|tsv|scorefile)$/, '');
  // an accession column or a plink2 weight column names its own score
  if (accession !== undefined) meta.id = accession.replace(/_hmPOS_GRCh3[78]$/, '');
  else meta.id = meta.pgsId ?? meta.pgsName ?? base;
  return meta;
}

function cell(f: string[], i: number): string {
  if (i < 0) return '';
  const v = f[i];
  if (v === undefined || v.length === 0) return '';
  // trim only when needed: most cells have no padding, and this runs per cell of millions of rows
  const a = v.charCodeAt(0);
  const z = v.charCodeAt(v.length - 1);
  return a <= 32 || z <= 32 ? v.trim() : v;
}

function upper(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

function flag(f: string[], i: number, name: string, file: string, line: number): boolean {
  const v = cell(f, i).toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  throw new PrecisError('BAD_DATA', `${name} must be True or False, got "${cell(f, i)}"`, { file, line });
}

function number(text: string, what: string, file: string, line: number): number {
  const v = text === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) {
    throw new PrecisError('BAD_DATA', `${what} "${text}" is not a number`, { file, line, hint: 'weights must be decimal numbers such as 0.0123 or -1.2e-03' });
  }
  return v;
}

function parseCatalogRow(f: string[], L: CatalogLayout, line: number, file: string, score: number, rowNr: number): ScoreRow {
  const chrom = cell(f, L.chr);
  const posText = cell(f, L.pos);
  const pos = isDigits(posText) ? Number(posText) : 0;
  const ea = upper(cell(f, L.ea));
  let oa: string | null = upper(cell(f, L.oa));
  if (oa === '' && L.inferOa >= 0) oa = upper(cell(f, L.inferOa));
  // pgsc_calc: several possible other alleles ("A/C") cannot be matched on, so drop it
  if (oa === '' || oa.includes('/') || oa === '.') oa = null;

  let effectType: EffectType = 'additive';
  let weight = NaN;
  let dosageWeights: [number, number, number] | null = null;
  if (L.dosage !== null && cell(f, L.weight) === '') {
    effectType = 'dosage';
    dosageWeights = [
      number(cell(f, L.dosage[0]), 'dosage_0_weight', file, line),
      number(cell(f, L.dosage[1]), 'dosage_1_weight', file, line),
      number(cell(f, L.dosage[2]), 'dosage_2_weight', file, line),
    ];
    weight = 0;
  } else if (L.weight >= 0) {
    weight = number(cell(f, L.weight), 'effect_weight', file, line);
  } else {
    const ratioCol = L.or >= 0 ? L.or : L.hr;
    const ratio = number(cell(f, ratioCol), L.or >= 0 ? 'OR' : 'HR', file, line);
    if (ratio <= 0) throw new PrecisError('BAD_DATA', `${L.or >= 0 ? 'OR' : 'HR'} must be positive to take its log, got ${ratio}`, { file, line });
    weight = Math.log(ratio);
  }
  if (effectType !== 'dosage') {
    const dom = L.dominant >= 0 && flag(f, L.dominant, 'is_dominant', file, line);
    const rec = L.recessive >= 0 && flag(f, L.recessive, 'is_recessive', file, line);
    if (dom && rec) throw new PrecisError('BAD_DATA', 'row is both is_dominant and is_recessive', { file, line });
    if (dom) effectType = 'dominant';
    if (rec) effectType = 'recessive';
    if (L.effectType >= 0) {
      const t = cell(f, L.effectType);
      if (t === 'dominant' || t === 'recessive' || t === 'additive') effectType = t;
      else if (t !== '') throw new PrecisError('BAD_DATA', `effect_type must be additive, dominant or recessive, got "${t}"`, { file, line });
    }
  }

  let unusable: UnusableReason | null = null;
  if (L.interaction >= 0 && cell(f, L.interaction) !== '' && flag(f, L.interaction, 'is_interaction', file, line)) unusable = 'interaction';
  else if ((L.haplotype >= 0 && cell(f, L.haplotype) !== '' && flag(f, L.haplotype, 'is_haplotype', file, line)) || (L.diplotype >= 0 && cell(f, L.diplotype) !== '' && flag(f, L.diplotype, 'is_diplotype', file, line))) unusable = 'haplotype';
  else if (!isAcgt(ea) || (oa !== null && !isAcgt(oa))) unusable = 'complex_allele';
  else if (chrom === '' || pos === 0) unusable = 'no_position';

  const afText = cell(f, L.af);
  const af = afText === '' ? NaN : Number(afText);
  return {
    score,
    line,
    rowNr,
    rsid: cell(f, L.rsid),
    chrom,
    pos,
    effectAllele: ea,
    otherAllele: oa,
    effectType,
    weight,
    dosageWeights,
    effectAlleleFrequency: Number.isFinite(af) ? af : NaN,
    unusable,
  };
}

function parsePlinkRow(f: string[], L: PlinkLayout, line: number, file: string, firstScore: number, scores: ScoreMeta[], rows: ScoreRow[]): void {
  const id = cell(f, L.id);
  const parts = id.split(':');
  const ea = cell(f, L.ea).toUpperCase();
  if (parts.length !== 4 || !/^\d+$/.test(parts[1]!)) {
    throw new PrecisError('BAD_DATA', `variant ID "${id}" is not CHR:POS:REF:ALT`, { file, line, hint: 'precis matches by position; give IDs as CHR:POS:REF:ALT or use chr_name/chr_position columns' });
  }
  const ref = parts[2]!.toUpperCase();
  const alt = parts[3]!.toUpperCase();
  const oa = ea === ref ? alt : ea === alt ? ref : null;
  for (let s = 0; s < L.weightCols.length; s++) {
    const text = cell(f, L.weightCols[s]!);
    const weight = number(text, `weight (${scores[s]!.id})`, file, line);
    const meta = scores[s]!;
    rows.push({
      score: firstScore + s,
      line,
      rowNr: meta.rows++,
      rsid: '',
      chrom: parts[0]!,
      pos: Number(parts[1]),
      effectAllele: ea,
      otherAllele: oa,
      effectType: 'additive',
      weight,
      dosageWeights: null,
      effectAlleleFrequency: NaN,
      unusable: isAcgt(ea) ? null : 'complex_allele',
    });
  }
}
