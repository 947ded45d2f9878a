import type { VcfRecord } from './record.js';

/** Allele code for a missing allele (`.`). */
export const MISSING = -1;
/** Allele code for "no such allele" (the second allele of a haploid call). */
export const ABSENT = -2;

/**
 * Genotypes of every (selected) sample at one record, in flat typed arrays that are
 * reused from record to record. Sample i has `ploidy[i]` alleles; the first two are in
 * `a0[i]`, `a1[i]` (ABSENT when the call is haploid, MISSING for `.`). `ploidy` 0 means
 * the sample has no GT. `ds[i]` is the first DS value, NaN when absent or missing.
 */
export class GenotypeBlock {
  readonly n: number;
  readonly ploidy: Uint8Array;
  readonly a0: Int16Array;
  readonly a1: Int16Array;
  readonly phased: Uint8Array;
  readonly ds: Float64Array;
  /** whether the record's FORMAT had GT / DS */
  hasGt = false;
  hasDs = false;

  constructor(n: number) {
    this.n = n;
    this.ploidy = new Uint8Array(n);
    this.a0 = new Int16Array(n);
    this.a1 = new Int16Array(n);
    this.phased = new Uint8Array(n);
    this.ds = new Float64Array(n);
  }

  /** Number of copies of allele `k` in sample i's call, or -1 when any allele is missing or there is no GT. */
  count(i: number, k: number): number {
    const p = this.ploidy[i]!;
    if (p === 0) return -1;
    const x = this.a0[i]!;
    const y = this.a1[i]!;
    if (x === MISSING || y === MISSING) return -1;
    return (x === k ? 1 : 0) + (y === k ? 1 : 0);
  }

  /** True when any allele of sample i is missing (or there is no GT at all). */
  isMissing(i: number): boolean {
    return this.ploidy[i] === 0 || this.a0[i] === MISSING || this.a1[i] === MISSING;
  }
}

/**
 * The genotype fast path: walks the sample columns of a record byte by byte and fills a
 * GenotypeBlock without building strings. Shaped after measurements on this class of
 * machine: a byte loop over Buffers runs ~380 MB/s where @gmod/vcf's parseLine with
 * processGenotypes reaches ~130 MB/s (bench/vcf-scan).
 *
 * `select` maps a file's sample column to its slot in the block (-1 = skip); without
 * it every sample is read in file order.
 */
export class GenotypeScanner {
  readonly block: GenotypeBlock;
  private readonly nFile: number;
  private readonly select: Int32Array | null;
  private lastFormat = '';
  private gtIndex = -1;
  private dsIndex = -1;

  constructor(nFileSamples: number, select?: Int32Array | null) {
    this.nFile = nFileSamples;
    this.select = select ?? null;
    let n = nFileSamples;
    if (this.select) {
      n = 0;
      for (const s of this.select) if (s >= 0) n++;
    }
    this.block = new GenotypeBlock(n);
  }

  private readFormat(rec: VcfRecord): void {
    const line = rec.line;
    const start = rec.infoEnd + 1;
    const end = rec.fixedEnd;
    // FORMAT strings repeat record after record; compare bytes before re-splitting.
    const fmt = line.toString('latin1', start, end);
    if (fmt === this.lastFormat) return;
    this.lastFormat = fmt;
    const keys = fmt.split(':');
    this.gtIndex = keys.indexOf('GT');
    this.dsIndex = keys.indexOf('DS');
  }

  /** Fills `block` for `rec` and returns it. Throws a BAD_RECORD error when the column count is wrong. */
  scan(rec: VcfRecord): GenotypeBlock {
    const b = this.block;
    const line = rec.line;
    const start = rec.samplesStart;
    const nFile = this.nFile;
    if (start < 0) {
      if (nFile > 0) throw rec.error(`expected ${9 + nFile} columns (9 + ${nFile} samples), found ${rec.columnCount()}`);
      b.hasGt = false;
      b.hasDs = false;
      return b;
    }
    this.readFormat(rec);
    const gtIdx = this.gtIndex;
    const dsIdx = this.dsIndex;
    b.hasGt = gtIdx >= 0;
    b.hasDs = dsIdx >= 0;
    const select = this.select;
    const ploidy = b.ploidy;
    const a0 = b.a0;
    const a1 = b.a1;
    const phased = b.phased;
    const ds = b.ds;
    const len = line.length;
    let p = start;
    let col = 0;
    while (col < nFile) {
      if (p > len) break;
      const slot = select === null ? col : select[col]!;
      if (slot < 0) {
        // skip this column
        while (p < len && line[p] !== 9) p++;
        p++;
        col++;
        continue;
      }
      let field = 0;
      let pl = 0;
      let x = ABSENT;
      let y = ABSENT;
      let ph = 0;
      let dsv = NaN;
      // walk the fields of this sample column
      for (;;) {
        if (field === gtIdx) {
          // GT: [phase]allele(sep allele)*  with allele = digits | '.'
          let c = line[p];
          if (c === 124 /* | */ || c === 47 /* / */) {
            if (c === 124) ph = 1;
            p++;
            c = line[p];
          }
          for (;;) {
            let allele: number;
            if (c === 46 /* . */) {
              allele = MISSING;
              p++;
            } else if (c !== undefined && c >= 48 && c <= 57) {
              allele = 0;
              while (c !== undefined && c >= 48 && c <= 57) {
                allele = allele * 10 + (c - 48);
                p++;
                c = line[p];
              }
              if (allele > 32767) allele = 32767;
            } else {
              break;
            }
            if (pl === 0) x = allele;
            else if (pl === 1) y = allele;
            pl++;
            c = line[p];
            if (c === 124) {
              ph = 1;
              p++;
              c = line[p];
            } else if (c === 47) {
              if (pl === 1) ph = 0;
              p++;
              c = line[p];
            } else {
              break;
            }
          }
          if (pl > 255) pl = 255;
        } else if (field === dsIdx) {
          const r = parseFloatAt(line, p);
          dsv = r;
        }
        // advance to the end of the field
        while (p < len) {
          const c = line[p]!;
          if (c === 58 || c === 9) break;
          p++;
        }
        if (p >= len || line[p] === 9) break;
        p++; // past ':'
        field++;
      }
      // unphased when any separator was '/': a leading '|' alone (VCF 4.4) keeps it phased
      ploidy[slot] = pl;
      a0[slot] = pl === 0 ? MISSING : x;
      a1[slot] = pl === 0 ? MISSING : pl === 1 ? ABSENT : y;
      phased[slot] = ph;
      ds[slot] = dsv;
      p++; // past the tab
      col++;
    }
    if (col < nFile || p <= len) {
      const found = rec.columnCount();
      if (found !== 9 + nFile) throw rec.error(`expected ${9 + nFile} columns (9 + ${nFile} samples), found ${found}`);
    }
    if (!b.hasGt) {
      ploidy.fill(0);
      a0.fill(MISSING);
      a1.fill(MISSING);
    }
    return b;
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses a decimal number at line[p..] up to ':' '\t' ',' or the end; NaN for '.', empty
 * or junk. Mantissa and power of ten are both exact, so the one division rounds
 * correctly and the value equals `Number(text)`.
 */
export function parseFloatAt(line: Buffer, p: number): number {
  const len = line.length;
  let i = p;
  let neg = false;
  let c = line[i];
  if (c === 45) {
    neg = true;
    c = line[++i];
  } else if (c === 43) {
    c = line[++i];
  }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  while (i < len && c! >= 48 && c! <= 57) {
    mant = mant * 10 + (c! - 48);
    digits++;
    c = line[++i];
  }
  if (c === 46) {
    c = line[++i];
    while (i < len && c! >= 48 && c! <= 57) {
      mant = mant * 10 + (c! - 48);
      digits++;
      frac++;
      c = line[++i];
    }
  }
  if (digits === 0) return NaN;
  if (c === 101 || c === 69 || digits > 15) return slowNumber(line, p);
  if (i < len && c !== 58 && c !== 9 && c !== 44) return NaN;
  const v = frac === 0 ? mant : mant / POW10[frac]!;
  return neg ? -v : v;
}

function slowNumber(line: Buffer, p: number): number {
  let e = p;
  const len = line.length;
  while (e < len && line[e] !== 58 && line[e] !== 9 && line[e] !== 44) e++;
  const text = line.toString('latin1', p, e);
  return text === '' ? NaN : Number(text);
}
