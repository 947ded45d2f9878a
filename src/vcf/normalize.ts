import type { VcfHeader } from './header.js';
import type { FastaReader } from './fasta.js';
import { PrecisError } from '../util/errors.js';

/**
 * Splits a multi-allelic record (as text) into one biallelic line per ALT, as
 * `bcftools norm -m-` does: GT alleles other than REF and this ALT become REF (0),
 * Number=A fields keep this ALT's value, Number=R fields REF's and this ALT's, and
 * Number=G fields the three genotypes 0/0, 0/k, k/k (or 0, k for haploid calls).
 */
export function splitMultiallelic(line: string, header: VcfHeader): string[] {
  const c = line.split('\t');
  const alts = c[4] === undefined || c[4] === '.' ? [] : c[4].split(',');
  if (alts.length < 2) return [line];
  const out: string[] = [];
  const infoItems = c[7] === undefined || c[7] === '.' ? [] : c[7].split(';');
  const fmt = c.length > 8 ? c[8]!.split(':') : [];
  const gtIdx = fmt.indexOf('GT');
  for (let k = 1; k <= alts.length; k++) {
    const cols = c.slice();
    cols[4] = alts[k - 1]!;
    if (infoItems.length > 0) {
      cols[7] = infoItems
        .map((item) => {
          const eq = item.indexOf('=');
          if (eq < 0) return item;
          const key = item.slice(0, eq);
          const def = header.info.get(key);
          const v = pickValues(item.slice(eq + 1), def?.number, k, alts.length, 2);
          return `${key}=${v}`;
        })
        .join(';');
    }
    for (let s = 9; s < c.length; s++) {
      const vals = c[s]!.split(':');
      const gt = gtIdx >= 0 ? vals[gtIdx] : undefined;
      const ploidy = gt === undefined ? 2 : Math.max(1, gt.replace(/^[|/]/, '').split(/[|/]/).length);
      for (let f = 0; f < vals.length; f++) {
        if (f === gtIdx) vals[f] = recodeGt(vals[f]!, k);
        else vals[f] = pickValues(vals[f]!, header.format.get(fmt[f]!)?.number, k, alts.length, ploidy);
      }
      cols[s] = vals.join(':');
    }
    out.push(cols.join('\t'));
  }
  return out;
}

function recodeGt(gt: string, k: number): string {
  return gt.replace(/\d+/g, (a) => {
    const n = Number(a);
    return n === k ? '1' : '0';
  });
}

function pickValues(value: string, number: string | undefined, k: number, nAlt: number, ploidy: number): string {
  if (value === '.' || number === undefined) return value;
  const v = value.split(',');
  switch (number) {
    case 'A':
      return v.length === nAlt ? v[k - 1]! : value;
    case 'R':
      return v.length === nAlt + 1 ? `${v[0]},${v[k]}` : value;
    case 'G': {
      if (ploidy === 1 && v.length === nAlt + 1) return `${v[0]},${v[k]}`;
      const nG = ((nAlt + 1) * (nAlt + 2)) / 2;
      if (v.length !== nG) return value;
      const het = (k * (k + 1)) / 2;
      return `${v[0]},${v[het]},${v[het + k]}`;
    }
    default:
      return value;
  }
}

export interface NormalizedAlleles {
  pos: number;
  ref: string;
  alts: string[];
  /** whether anything changed */
  changed: boolean;
}

const SYMBOLIC = /^<.*>$|[[\]]|^\*$|^\.$/;

/**
 * Trims and left-aligns a variant against the reference (the algorithm of Tan et al.
 * 2015, as in `bcftools norm` and vt): while the alleles share a last base, drop it,
 * extending left from the reference when an allele would become empty; then drop shared
 * leading bases while every allele keeps at least one. Symbolic alleles are left alone.
 */
export async function leftAlign(fasta: FastaReader, chrom: string, pos: number, ref: string, alts: string[], file?: string, lineNo?: number): Promise<NormalizedAlleles> {
  if (alts.length === 0 || alts.some((a) => SYMBOLIC.test(a))) return { pos, ref, alts, changed: false };
  const refSeq = await fasta.fetch(chrom, pos, pos + ref.length - 1);
  if (refSeq.length === ref.length && refSeq !== ref.toUpperCase() && !/N/i.test(ref)) {
    throw new PrecisError('REF_MISMATCH', `REF ${ref} at ${chrom}:${pos} does not match the reference FASTA (${refSeq})`, {
      file,
      line: lineNo,
      hint: 'is the FASTA the same genome build as the VCF?',
    });
  }
  let p = pos;
  let alleles = [ref.toUpperCase(), ...alts.map((a) => a.toUpperCase())];
  let changed = false;
  for (;;) {
    if (alleles.every((a) => a === alleles[0])) break;
    const last = alleles[0]!.at(-1);
    if (alleles.every((a) => a.length > 0 && a.at(-1) === last) && alleles.every((a) => a.length > 0)) {
      if (alleles.some((a) => a.length === 1)) {
        if (p <= 1) break;
        const prev = await fasta.fetch(chrom, p - 1, p - 1);
        if (prev === '') break;
        alleles = alleles.map((a) => prev + a);
        p--;
      }
      alleles = alleles.map((a) => a.slice(0, -1));
      changed = true;
      continue;
    }
    break;
  }
  while (alleles.every((a) => a.length >= 2) && alleles.every((a) => a[0] === alleles[0]![0])) {
    alleles = alleles.map((a) => a.slice(1));
    p++;
    changed = true;
  }
  if (!changed) return { pos, ref, alts, changed: false };
  return { pos: p, ref: alleles[0]!, alts: alleles.slice(1), changed: true };
}
