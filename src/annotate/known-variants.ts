import { PrecisError } from '../util/errors.js';
import { latin1Text } from './record-alleles.js';
import { SourceCursor, type SourceFormat } from './source-cursor.js';
import { AlleleStore } from './source-store.js';
import { minimalAllele, type VariantAllele } from './variant-allele.js';

/** One ALT of a source VCF record, in minimal form so that representations compare equal. */
export interface SourceAllele {
  start: number;
  ref: string;
  alt: string;
  id: string;
  /** the raw INFO text; parsed only for matching alleles */
  infoText: string;
  /** 0-based ALT index in the source record (for Number=A/R values) */
  altIndex: number;
}

/**
 * A VCF (or precis' minimal-allele TSV) of known variants, looked up by allele: a
 * query matches a source ALT when both reduce to the same minimal position/REF/ALT, so
 * `CT>C` at 100 and `T>-` at 101 are one deletion.
 */
export class KnownVariantFile {
  readonly path: string;
  readonly infoNumber: Map<string, string>;
  private readonly cursor: SourceCursor<AlleleStore>;

  private constructor(path: string, cursor: SourceCursor<AlleleStore>) {
    this.path = path;
    this.cursor = cursor;
    this.infoNumber = new Map();
    for (const h of cursor.header) {
      const m = /^##INFO=<ID=([^,>]+),Number=([^,>]+)/.exec(h);
      if (m) this.infoNumber.set(m[1]!, m[2]!);
    }
  }

  /** `inMemoryBytes`: indexed files smaller than this are read whole (default 1 MB). */
  static async open(path: string, inMemoryBytes?: number): Promise<KnownVariantFile> {
    return new KnownVariantFile(path, await SourceCursor.open(path, alleleFormat(path), inMemoryBytes));
  }

  async match(v: VariantAllele): Promise<SourceAllele[]> {
    if (v.kind === 'symbolic' || v.kind === 'none') return [];
    const store = await this.cursor.load(v.chrom, v.start, v.start);
    return store ? sameAllele(store, v) : NONE;
  }

  /** `match` when the rows are in memory; undefined when they must be read first. */
  matchSync(v: VariantAllele): SourceAllele[] | undefined {
    if (v.kind === 'symbolic' || v.kind === 'none') return [];
    const store = this.cursor.ready(v.chrom, v.start, v.start);
    if (store === undefined) return undefined;
    return store ? sameAllele(store, v) : NONE;
  }

  /**
   * `info(a).get(key)` for a few keys, without building the map (the custom-source hot
   * path): `out[i]` gets the value of `keys[i]`, the last entry winning as in the map.
   */
  infoValues(a: SourceAllele, keys: readonly string[], out: (string | true | undefined)[]): void {
    for (let k = 0; k < keys.length; k++) out[k] = undefined;
    const text = a.infoText;
    if (text === '.' || text === '') return;
    let from = 0;
    while (from <= text.length) {
      let to = text.indexOf(';', from);
      if (to < 0) to = text.length;
      if (to > from) {
        const eq = text.indexOf('=', from);
        const keyEnd = eq < 0 || eq > to ? to : eq;
        for (let k = 0; k < keys.length; k++) {
          const key = keys[k]!;
          if (key.length !== keyEnd - from || !text.startsWith(key, from)) continue;
          if (keyEnd === to) out[k] = true;
          else {
            let value = text.slice(keyEnd + 1, to);
            const num = this.infoNumber.get(key);
            if (num === 'A' || num === 'R') {
              const parts = value.split(',');
              const i = num === 'A' ? a.altIndex : a.altIndex + 1;
              value = parts[i] ?? (parts.length === 1 ? parts[0]! : '.');
            }
            out[k] = value;
          }
        }
      }
      from = to + 1;
    }
  }

  /** INFO values of a matched allele: Number=A fields reduced to this ALT, R to REF+ALT. */
  info(a: SourceAllele): Map<string, string | true> {
    const m = new Map<string, string | true>();
    if (a.infoText === '.' || a.infoText === '') return m;
    for (const item of a.infoText.split(';')) {
      const eq = item.indexOf('=');
      if (eq < 0) {
        if (item) m.set(item, true);
        continue;
      }
      const key = item.slice(0, eq);
      let value = item.slice(eq + 1);
      const num = this.infoNumber.get(key);
      if (num === 'A' || num === 'R') {
        const parts = value.split(',');
        const i = num === 'A' ? a.altIndex : a.altIndex + 1;
        value = parts[i] ?? (parts.length === 1 ? parts[0]! : '.');
      }
      m.set(key, value);
    }
    return m;
  }
}

/** The source ALTs with the allele's minimal start, REF and ALT, in file order. */
function sameAllele(store: AlleleStore, v: VariantAllele): SourceAllele[] {
  const start = store.start;
  let out: SourceAllele[] | undefined;
  for (let i = store.first(v.start); i < store.n && start[i] === v.start; i++) {
    if (store.ref[i] !== v.ref || store.alt[i] !== v.alt) continue;
    (out ??= []).push({ start: v.start, ref: v.ref, alt: v.alt, id: store.id(i), infoText: store.info(i), altIndex: store.altIndex[i]! });
  }
  return out ?? NONE;
}
const NONE: SourceAllele[] = [];

const DOT = Buffer.from('.');

/**
 * A VCF data line, or a minimal-allele TSV line (`chrom start id ref alt info`, "-" for
 * empty alleles), read from its bytes. SNVs (most lines) take no string but the interned
 * bases; other ALTs go through `minimalAllele` like the query side.
 */
function alleleFormat(file: string): SourceFormat<AlleleStore> {
  // tab offsets of the line's first 8 columns (-1: no such tab)
  const tabs = new Int32Array(8);
  return {
    newStore: () => new AlleleStore(),
    parse(line, start, end, lineNo, store) {
      let n = 0;
      for (let i = line.indexOf(9, start); i >= 0 && i < end && n < 8; i = line.indexOf(9, i + 1)) tabs[n++] = i;
      // split('\t', 8): the columns are the pieces between the first 8 tabs
      const columns = Math.min(n + 1, 8);
      const col = (k: number): [number, number] => [k === 0 ? start : tabs[k - 1]! + 1, k < n ? tabs[k]! : end];
      if (columns < 5) throw new PrecisError('BAD_DATA', 'expected at least 5 tab-separated columns', { file, line: lineNo });
      const [ps, pe] = col(1);
      const pos = parsePosition(line, ps, pe);
      if (pos < 1) throw new PrecisError('BAD_DATA', `bad position "${line.toString('utf8', ps, pe)}"`, { file, line: lineNo });
      const [is, ie] = col(2);
      const [rs, re] = col(3);
      const [as, ae] = col(4);
      const dash = (s: number, e: number): boolean => e === s + 1 && line[s] === 45;
      const arena = store.arena;
      const idAt = arena.add(line, is, ie);
      if (dash(rs, re) || dash(as, ae) || columns === 6) {
        // precis' own minimal-allele table: already trimmed
        const ref = dash(rs, re) ? '' : line.toString('utf8', rs, re);
        const alt = dash(as, ae) ? '' : line.toString('utf8', as, ae);
        const [fs, fe] = columns > 5 ? col(5) : [0, 0];
        const infoAt = arena.add(line, fs, fe);
        store.add(pos, ref, alt, 0, idAt, ie - is, infoAt, fe - fs);
        return pos;
      }
      let infoAt: number;
      let infoLen: number;
      if (columns === 8) {
        const [fs, fe] = col(7);
        infoAt = arena.add(line, fs, fe);
        infoLen = fe - fs;
      } else {
        infoAt = arena.add(DOT, 0, 1);
        infoLen = 1;
      }
      const refBase = re === rs + 1 ? upperBase(line[rs]!) : 0;
      let ref: string | undefined;
      let k = 0;
      for (let from = as; from <= ae; k++) {
        let to = line.indexOf(44, from); // ,
        if (to < 0 || to > ae) to = ae;
        const altBase = to === from + 1 ? upperBase(line[from]!) : 0;
        if (refBase !== 0 && altBase !== 0) {
          // an SNV (or REF=ALT, which changes nothing)
          if (refBase !== altBase) store.add(pos, BASE[refBase]!, BASE[altBase]!, k, idAt, ie - is, infoAt, infoLen);
        } else {
          ref ??= latin1Text(line, rs, re);
          const m = minimalAllele('', pos, ref, latin1Text(line, from, to));
          if (m.kind !== 'symbolic' && m.kind !== 'none') store.add(m.start, m.ref, m.alt, k, idAt, ie - is, infoAt, infoLen);
        }
        from = to + 1;
      }
      return pos;
    },
  };
}

/** The upper-case code of A, C, G, T or N (either case), else 0. */
function upperBase(c: number): number {
  const u = c & ~32;
  return u === 65 || u === 67 || u === 71 || u === 84 || u === 78 ? u : 0;
}
const BASE: string[] = [];
for (const b of 'ACGTN') BASE[b.charCodeAt(0)] = b;

/** A positive decimal integer, or what `Number()` makes of the text (-1 when it is not an integer). */
function parsePosition(line: Buffer, s: number, e: number): number {
  let v = 0;
  if (e > s && e - s <= 15) {
    let i = s;
    for (; i < e; i++) {
      const d = line[i]! - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === e) return v;
  }
  const x = Number(line.toString('utf8', s, e));
  return Number.isInteger(x) ? x : -1;
}
