import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { PrecisError, ioError } from '../util/errors.js';
import { checkReferenceFile, type ReferenceFile } from './reference.js';
import { variantKey } from './stage.js';

/** Side inputs of `precis prs`: allele-frequency tables, population labels, reference files. */

function readText(path: string): string {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    throw ioError(e, path);
  }
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
  return b.toString('utf8');
}

/**
 * plink2 `--freq` output (.afreq: #CHROM ID REF ALT ... ALT_FREQS) or any TSV with
 * CHROM, POS, REF, ALT and ALT_FREQS columns. Without POS the ID must be CHR:POS:REF:ALT.
 * Returns ALT frequencies by variant key (first ALT of multi-allelic lines).
 */
export function readFrequencyTable(path: string): Map<string, number> {
  const lines = readText(path).split('\n');
  const head = (lines[0] ?? '').replace(/^#/, '').split('\t');
  const col = (n: string): number => head.indexOf(n);
  const iChrom = col('CHROM');
  const iPos = col('POS');
  const iId = col('ID');
  const iRef = col('REF');
  const iAlt = col('ALT');
  const iFreq = col('ALT_FREQS') >= 0 ? col('ALT_FREQS') : col('ALT_FREQ');
  if (iRef < 0 || iAlt < 0 || iFreq < 0 || (iPos < 0 && iId < 0)) {
    throw new PrecisError('BAD_DATA', 'frequency file needs REF, ALT, ALT_FREQS and POS (or ID as CHR:POS:REF:ALT) columns', { file: path, line: 1, hint: 'write one with `plink2 ... --freq`' });
  }
  const out = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    let chrom: string;
    let pos: number;
    if (iPos >= 0 && iChrom >= 0) {
      chrom = f[iChrom]!;
      pos = Number(f[iPos]);
    } else {
      const parts = (f[iId] ?? '').split(':');
      chrom = parts[0] ?? '';
      pos = Number(parts[1]);
    }
    const freq = Number((f[iFreq] ?? '').split(',')[0]);
    if (!Number.isFinite(pos) || !Number.isFinite(freq)) throw new PrecisError('BAD_DATA', 'position or frequency is not a number', { file: path, line: i + 1 });
    out.set(variantKey(chrom, pos, f[iRef]!.toUpperCase(), f[iAlt]!.split(',')[0]!.toUpperCase()), freq);
  }
  return out;
}

/**
 * Population labels: a TSV whose first column is the sample (a header line naming the
 * columns is required: `#IID`/`IID`/`sample` first) and `column` the label (default:
 * SuperPop when present, else the second column). 1000 Genomes' psam files fit as is.
 */
export function readLabels(path: string, column?: string): Map<string, string> {
  const lines = readText(path).split('\n').filter((l) => l.trim() !== '');
  const head = (lines[0] ?? '').replace(/^#/, '').split(/\t/);
  let li = column !== undefined ? head.indexOf(column) : head.indexOf('SuperPop');
  if (column === undefined && li < 0) li = 1;
  if (li < 0 || li >= head.length) throw new PrecisError('USAGE', `labels file has no column "${column}" (columns: ${head.join(', ')})`, { file: path });
  const out = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split('\t');
    const label = (f[li] ?? '').trim();
    if (label !== '' && label !== 'NA') out.set(f[0]!.trim(), label);
  }
  return out;
}

export function readReferenceFile(path: string): ReferenceFile {
  let doc: unknown;
  try {
    doc = JSON.parse(readText(path));
  } catch (e) {
    if (e instanceof PrecisError) throw e;
    throw new PrecisError('BAD_DATA', `not JSON (${(e as Error).message})`, { file: path });
  }
  return checkReferenceFile(doc, path);
}

/** Finds a sample's label, trying the VCF name and, for PLINK's FID_IID names, its IID half. */
export function labelOf(labels: Map<string, string>, sample: string): string | undefined {
  const direct = labels.get(sample);
  if (direct !== undefined) return direct;
  const us = sample.indexOf('_');
  if (us > 0 && sample.slice(0, us) === sample.slice(us + 1)) return labels.get(sample.slice(0, us));
  return undefined;
}
