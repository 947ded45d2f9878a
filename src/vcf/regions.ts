import { PrecisError } from '../util/errors.js';
import { readSmallTextFile } from '../util/text-file.js';
import { contigKey } from './contigs.js';

/** A genomic interval, 1-based and closed as in VCF; `end` Infinity means "to the end". */
export interface Region {
  chrom: string;
  start: number;
  end: number;
}

/**
 * Parses `chr`, `chr:pos`, `chr:beg-end`, `chr:beg-` (comma-separated), bcftools' syntax.
 * Positions may carry thousands separators.
 */
export function parseRegionList(text: string, what = '--regions'): Region[] {
  const out: Region[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    out.push(parseRegion(item, what));
  }
  if (out.length === 0) throw new PrecisError('USAGE', `${what}: no region given`);
  return out;
}

export function parseRegion(item: string, what = '--regions'): Region {
  const colon = item.lastIndexOf(':');
  if (colon < 0) return { chrom: item, start: 1, end: Infinity };
  const chrom = item.slice(0, colon);
  const span = item.slice(colon + 1).replace(/_/g, '');
  const m = /^(\d[\d,]*)?(?:(-)(\d[\d,]*)?)?$/.exec(span);
  if (!chrom || !m || m[1] === undefined) {
    throw new PrecisError('USAGE', `${what}: cannot parse region "${item}"`, { hint: 'use chr, chr:pos, chr:beg-end or chr:beg-' });
  }
  const start = Number(m[1].replace(/,/g, ''));
  const end = m[2] === undefined ? start : m[3] === undefined ? Infinity : Number(m[3].replace(/,/g, ''));
  if (start < 1 || end < start) throw new PrecisError('USAGE', `${what}: region "${item}" is empty or starts before 1`);
  return { chrom, start, end };
}

/**
 * Reads a regions file: BED (name ends .bed or .bed.gz; 0-based half-open) or
 * tab-separated CHROM POS or CHROM BEG END (1-based closed), as bcftools does.
 */
export function readRegionsFile(path: string, what = '--regions-file'): Region[] {
  const text = readSmallTextFile(path, what);
  const bed = /\.bed(\.gz)?$/i.test(path);
  const out: Region[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' || line.startsWith('#') || line.startsWith('track ') || line.startsWith('browser ')) continue;
    const f = line.split('\t');
    const chrom = f[0]!;
    const a = Number(f[1]);
    const b = f.length > 2 && f[2] !== '' ? Number(f[2]) : bed ? NaN : a;
    if (!chrom || !Number.isInteger(a) || !Number.isInteger(b)) {
      throw new PrecisError('BAD_DATA', `expected CHROM<tab>POS or CHROM<tab>BEG<tab>END${bed ? ' (BED)' : ''}, got "${line.slice(0, 80)}"`, { file: path, line: i + 1 });
    }
    const start = bed ? a + 1 : a;
    const end = b;
    if (start < 1 || end < start) throw new PrecisError('BAD_DATA', `empty or negative interval "${line.slice(0, 80)}"`, { file: path, line: i + 1 });
    out.push({ chrom, start, end });
  }
  return out;
}

/**
 * A set of regions for streaming membership tests (-t/-T), keyed by contig alias.
 * Intervals are merged and sorted per contig; lookups binary-search.
 */
export class RegionSet {
  private readonly byContig = new Map<string, { starts: number[]; ends: number[] }>();
  readonly exclude: boolean;

  constructor(regions: Region[], exclude = false) {
    this.exclude = exclude;
    const grouped = new Map<string, Region[]>();
    for (const r of regions) {
      const k = contigKey(r.chrom);
      let g = grouped.get(k);
      if (!g) grouped.set(k, (g = []));
      g.push(r);
    }
    for (const [k, list] of grouped) {
      list.sort((x, y) => x.start - y.start);
      const starts: number[] = [];
      const ends: number[] = [];
      for (const r of list) {
        const last = ends.length - 1;
        if (last >= 0 && r.start <= ends[last]! + 1) ends[last] = Math.max(ends[last]!, r.end);
        else {
          starts.push(r.start);
          ends.push(r.end);
        }
      }
      this.byContig.set(k, { starts, ends });
    }
  }

  /** Whether [start,end] overlaps any region (ignoring `exclude`). */
  overlaps(chrom: string, start: number, end: number): boolean {
    const c = this.byContig.get(contigKey(chrom));
    if (!c) return false;
    // last interval with start <= end
    let lo = 0;
    let hi = c.starts.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (c.starts[mid]! <= end) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return idx >= 0 && c.ends[idx]! >= start;
  }

  /** Membership with `exclude` applied. */
  accepts(chrom: string, start: number, end: number): boolean {
    return this.overlaps(chrom, start, end) !== this.exclude;
  }

  contigs(): string[] {
    return [...this.byContig.keys()];
  }
}

/** `^a,b` → exclude; plain → include. */
export function splitExclusion(spec: string): { exclude: boolean; body: string } {
  return spec.startsWith('^') ? { exclude: true, body: spec.slice(1) } : { exclude: false, body: spec };
}
