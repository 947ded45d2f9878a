import type { VcfRecord } from './record.js';
import type { PrecisError } from '../util/errors.js';

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
 * GenotypeBlock without building strings. A byte loop over Buffers runs ~380 MB/s on
 * this class of machine, where @gmod/vcf's parseLine with processGenotypes reaches
 * ~130 MB/s; bench/vcf-scan times `precis stats` on it against `bcftools query` and its
 * README says why the loop is shaped as it is.
 *
 * `select` maps a file's sample column to its slot in the block (-1 = skip); without
 * it every sample is read in file order.
 */
export class GenotypeScanner {
  readonly block: GenotypeBlock;
  private readonly nFile: number;
  private readonly select: Int32Array | null;
  private lastFormatBytes = Buffer.alloc(0);
  private gtIndex = -1;
  private dsIndex = -1;
  /** where the last malformed GT starts, for the error */
  private badGtAt = -1;

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
    const last = this.lastFormatBytes;
    if (last.length === end - start) {
      let same = true;
      for (let i = 0; i < last.length; i++) {
        if (line[start + i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return;
    }
    this.lastFormatBytes = Buffer.from(line.subarray(start, end));
    const fmt = line.toString('latin1', start, end);
    const keys = fmt.split(':');
    this.gtIndex = keys.indexOf('GT');
    this.dsIndex = keys.indexOf('DS');
  }

  /**
   * The column check of `scan` alone, for records whose genotypes are not read: counts
   * the tabs of the sample columns only (a few bytes a sample), not the whole line.
   */
  checkColumns(rec: VcfRecord): void {
    const start = rec.samplesStart;
    const nFile = this.nFile;
    if (start < 0) {
      if (nFile > 0) throw columnError(rec, nFile);
      return;
    }
    const line = rec.line;
    let columns = 1;
    for (let i = start; i < line.length; i++) if (line[i] === 9) columns++;
    if (columns !== nFile) throw columnError(rec, nFile);
  }

  /** Fills `block` for `rec` and returns it. Throws a BAD_RECORD error when the column count is wrong. */
  scan(rec: VcfRecord): GenotypeBlock {
    const b = this.block;
    const line = rec.line;
    const start = rec.samplesStart;
    const nFile = this.nFile;
    if (start < 0) {
      if (nFile > 0) throw columnError(rec, nFile);
      b.hasGt = false;
      b.hasDs = false;
      return b;
    }
    this.readFormat(rec);
    const gtIdx = this.gtIndex;
    const dsIdx = this.dsIndex;
    b.hasGt = gtIdx >= 0;
    b.hasDs = dsIdx >= 0;
    const p = gtIdx === 0 ? this.scanGtFirst(line, start, dsIdx) : this.scanGeneral(line, start, gtIdx, dsIdx);
    if (p === BAD_GT) throw gtError(rec, this.badGtAt);
    // p is one past the tab ending the last column read: len + 1 when the line ended there
    if (p !== line.length + 1) throw columnError(rec, nFile);
    if (!b.hasGt) {
      b.ploidy.fill(0);
      b.a0.fill(MISSING);
      b.a1.fill(MISSING);
    }
    return b;
  }

  /**
   * GT first in FORMAT, as the spec requires: the common case. Single-digit diploid calls
   * (`0|1`, `1/1`) are decoded with four byte reads; anything else goes through `readGt`.
   * Every read is bounds-checked: reading past a Buffer's end deoptimises the loop.
   * Returns the offset after the last column (line length + 1 for a well-formed line).
   */
  private scanGtFirst(line: Buffer, start: number, dsIdx: number): number {
    const b = this.block;
    const { ploidy, a0, a1, phased, ds } = b;
    const select = this.select;
    const nFile = this.nFile;
    const len = line.length;
    let p = start;
    for (let col = 0; col < nFile; col++) {
      if (p > len) return -1;
      const slot = select === null ? col : select[col]!;
      if (slot < 0) {
        p = skipColumn(line, p, len) + 1;
        continue;
      }
      // fast path: d[|/]d followed by ':' '\t' or the end
      const c0 = p < len ? line[p]! : 9;
      const c1 = p + 1 < len ? line[p + 1]! : 0;
      const c2 = p + 2 < len ? line[p + 2]! : 0;
      const c3 = p + 3 < len ? line[p + 3]! : 9;
      if (c0 >= 48 && c0 <= 57 && (c1 === 124 || c1 === 47) && c2 >= 48 && c2 <= 57 && (c3 === 58 || c3 === 9)) {
        ploidy[slot] = 2;
        a0[slot] = c0 - 48;
        a1[slot] = c2 - 48;
        phased[slot] = c1 === 124 ? 1 : 0;
        p += 3;
      } else {
        p = this.readGt(line, p, len, slot);
        if (p === BAD_GT) return p;
      }
      if (dsIdx > 0 && p < len && line[p] === 58) {
        // walk to the DS field
        let field = 1;
        p++;
        while (field < dsIdx) {
          while (p < len) {
            const c = line[p]!;
            if (c === 58 || c === 9) break;
            p++;
          }
          if (p >= len || line[p] === 9) break;
          p++;
          field++;
        }
        if (field === dsIdx) {
          // inline fast path for plain decimals (`1.234`, `0`); signs, exponents and junk go to parseFloatAt.
          // Kept inline on purpose: calling parseFloatAt here and skipping the field again made
          // `precis stats` on 200k x 100 GT:DS ~15% slower (1.47-1.70 s vs 1.79-2.40 s).
          const from = p;
          let c = p < len ? line[p]! : 9;
          let mant = 0;
          let digits = 0;
          let frac = 0;
          while (c >= 48 && c <= 57) {
            mant = mant * 10 + (c - 48);
            digits++;
            p++;
            c = p < len ? line[p]! : 9;
          }
          if (c === 46) {
            p++;
            c = p < len ? line[p]! : 9;
            while (c >= 48 && c <= 57) {
              mant = mant * 10 + (c - 48);
              digits++;
              frac++;
              p++;
              c = p < len ? line[p]! : 9;
            }
          }
          if (digits > 0 && digits <= 15 && (c === 58 || c === 9 || c === 44)) ds[slot] = frac === 0 ? mant : mant / POW10[frac]!;
          else ds[slot] = parseFloatAt(line, from);
        } else {
          ds[slot] = NaN;
        }
      } else {
        ds[slot] = NaN;
      }
      p = skipColumn(line, p, len) + 1;
    }
    return p;
  }

  /** Any FORMAT order (GT not first, or absent). */
  private scanGeneral(line: Buffer, start: number, gtIdx: number, dsIdx: number): number {
    const b = this.block;
    const { ploidy, a0, a1, phased, ds } = b;
    const select = this.select;
    const nFile = this.nFile;
    const len = line.length;
    let p = start;
    for (let col = 0; col < nFile; col++) {
      if (p > len) return -1;
      const slot = select === null ? col : select[col]!;
      if (slot < 0) {
        p = skipColumn(line, p, len) + 1;
        continue;
      }
      ploidy[slot] = 0;
      a0[slot] = MISSING;
      a1[slot] = MISSING;
      phased[slot] = 0;
      ds[slot] = NaN;
      let field = 0;
      for (;;) {
        if (field === gtIdx) {
          p = this.readGt(line, p, len, slot);
          if (p === BAD_GT) return p;
        } else if (field === dsIdx) ds[slot] = parseFloatAt(line, p);
        while (p < len) {
          const c = line[p]!;
          if (c === 58 || c === 9) break;
          p++;
        }
        if (p >= len || line[p] === 9) break;
        p++; // past ':'
        field++;
      }
      p++; // past the tab
    }
    return p;
  }

  /**
   * GT: [phase]allele(sep allele)* with allele = digits | '.' (VCF 4.4 allows a leading
   * phase character). Stores the call in `slot` and returns the offset after it, or
   * BAD_GT when the value is not a genotype (`1|`, `0/A`, `|`): read as missing, such a
   * call would silently drop a sample's alleles from every score and star allele. An
   * empty value is missing.
   */
  private readGt(line: Buffer, p: number, len: number, slot: number): number {
    const b = this.block;
    let pl = 0;
    let x = ABSENT;
    let y = ABSENT;
    let ph = 0;
    // phased when every separator between alleles is '|'; a haploid call takes the
    // leading phase character (VCF 4.4) if there is one
    let slash = false;
    const from = p;
    let c = p < len ? line[p]! : 9;
    // an allele must follow a separator (a leading phase character included)
    let needAllele = false;
    if (c === 124 /* | */ || c === 47 /* / */) {
      if (c === 124) ph = 1;
      p++;
      c = p < len ? line[p]! : 9;
      needAllele = true;
    }
    for (;;) {
      let allele: number;
      if (c === 46 /* . */) {
        allele = MISSING;
        p++;
      } else if (c >= 48 && c <= 57) {
        allele = 0;
        while (c >= 48 && c <= 57) {
          allele = allele * 10 + (c - 48);
          p++;
          c = p < len ? line[p]! : 9;
        }
        if (allele > 32767) allele = 32767;
      } else {
        if (needAllele) return this.badGt(from);
        break;
      }
      if (pl === 0) x = allele;
      else if (pl === 1) y = allele;
      pl++;
      c = p < len ? line[p]! : 9;
      if (c === 124) {
        if (!slash) ph = 1;
        p++;
        c = p < len ? line[p]! : 9;
      } else if (c === 47) {
        slash = true;
        ph = 0;
        p++;
        c = p < len ? line[p]! : 9;
      } else {
        break;
      }
      needAllele = true;
    }
    // the value ends at ':' or the column's end
    if (c !== 58 && c !== 9) return this.badGt(from);
    if (pl > 255) pl = 255;
    b.ploidy[slot] = pl;
    b.a0[slot] = pl === 0 ? MISSING : x;
    b.a1[slot] = pl === 0 ? MISSING : pl === 1 ? ABSENT : y;
    b.phased[slot] = ph;
    return p;
  }

  private badGt(at: number): number {
    this.badGtAt = at;
    return BAD_GT;
  }
}

/** What the column walkers return for a malformed GT. */
const BAD_GT = -2;

/** Offset of the tab ending the column at p, or len when the line ends first. */
function skipColumn(line: Buffer, p: number, len: number): number {
  while (p < len) {
    if (line[p] === 9) return p;
    p++;
  }
  return len;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses a decimal number at line[p..] up to ':' '\t' ',' or the end; NaN for '.', empty
 * or junk. Mantissa and power of ten are both exact, so the one division rounds
 * correctly and the value equals `Number(text)`. Every byte read is bounds-checked:
 * a read past the end of a Buffer makes V8 fall back to a slow generic load.
 */
export function parseFloatAt(line: Buffer, p: number): number {
  const len = line.length;
  let i = p;
  let neg = false;
  let c = i < len ? line[i]! : 9;
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
    c = i < len ? line[i]! : 9;
  }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  while (c >= 48 && c <= 57) {
    mant = mant * 10 + (c - 48);
    digits++;
    i++;
    c = i < len ? line[i]! : 9;
  }
  if (c === 46) {
    i++;
    c = i < len ? line[i]! : 9;
    while (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      frac++;
      i++;
      c = i < len ? line[i]! : 9;
    }
  }
  if (digits === 0) return NaN;
  if (c === 101 || c === 69 || digits > 15) return slowNumber(line, p);
  if (c !== 58 && c !== 9 && c !== 44) return NaN;
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

function gtError(rec: VcfRecord, at: number): PrecisError {
  const line = rec.line;
  // the sample column: one more than the tabs before the value
  let column = 1;
  for (let i = rec.samplesStart; i < at; i++) if (line[i] === 9) column++;
  let end = at;
  while (end < line.length && line[end] !== 58 && line[end] !== 9) end++;
  const text = line.toString('latin1', at, Math.min(end, at + 40));
  return rec.error(`sample ${column}: GT "${text}" is not a genotype`, 'GT is allele indexes (0 for REF, 1.. for ALTs, . for missing) separated by / or |, e.g. 0/1, 1|0, ./., 1');
}

function columnError(rec: VcfRecord, nFile: number): PrecisError {
  return rec.error(`expected ${9 + nFile} columns (9 + ${nFile} samples), found ${rec.columnCount()}`);
}
