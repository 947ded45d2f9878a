import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CustomSource, reduce, type CustomValue, type Op } from '../../src/annotate/custom-source.js';
import { KnownVariantFile } from '../../src/annotate/known-variants.js';
import { AlleleStore, IntervalStore } from '../../src/annotate/source-store.js';
import { minimalAllele, type VariantAllele } from '../../src/annotate/variant-allele.js';
import { contigKey } from '../../src/vcf/index.js';
import { runTool } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/shared.js';

// Random sources indexed by tabix, looked up three ways: read whole, streamed beside
// sorted lookups, and streamed with lookups in random order (seeks); every answer must
// equal a plain scan of the source lines.

let seed = 7;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const bases = (n: number): string => Array.from({ length: n }, () => pick(['A', 'C', 'G', 'T'])).join('');

const CONTIGS = ['1', '2', 'X'];
const LENGTH = 400_000;

interface SourceLine {
  chrom: string;
  pos: number;
  id: string;
  ref: string;
  alts: string[];
  info: string;
}

/** A sorted VCF with SNVs, multi-allelic sites, indels with shared bases, lower case, symbolic and `*` ALTs. */
function randomVcf(): SourceLine[] {
  const out: SourceLine[] = [];
  for (const chrom of CONTIGS) {
    let pos = 1;
    for (;;) {
      pos += Math.floor(rand() * (rand() < 0.1 ? 20_000 : 60));
      if (pos > LENGTH) break;
      const r = rand();
      const ref = r < 0.6 ? bases(1) : bases(1 + Math.floor(rand() * 6));
      const alts: string[] = [];
      for (let k = 0; k < (rand() < 0.2 ? 3 : 1); k++) {
        const q = rand();
        if (q < 0.5) alts.push(bases(ref.length));
        else if (q < 0.7) alts.push(ref[0]! + bases(Math.floor(rand() * 4)));
        else if (q < 0.85) alts.push(ref + bases(1 + Math.floor(rand() * 3)));
        else if (q < 0.9) alts.push('<DEL>');
        else if (q < 0.93) alts.push('*');
        else alts.push(bases(ref.length).toLowerCase());
      }
      const af = alts.map(() => (rand() / 2).toFixed(4)).join(',');
      out.push({ chrom, pos, id: rand() < 0.3 ? `rs${pos}` : '.', ref: rand() < 0.05 ? ref.toLowerCase() : ref, alts, info: `AF=${af};DP=${Math.floor(rand() * 90)}${rand() < 0.2 ? ';DB' : ''}` });
      if (rand() < 0.05) pos--; // a second line at the same position
    }
  }
  return out;
}

function writeIndexed(dir: string, name: string, text: string, preset: 'vcf' | 'bed' | string[]): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  runTool('bgzip', ['-f', path]);
  runTool('tabix', ['-f', ...(typeof preset === 'string' ? ['-p', preset] : preset), `${path}.gz`]);
  return `${path}.gz`;
}

/** Every ALT of the lines whose minimal allele equals the query's, in file order (a plain scan, indexed once). */
function scanMatches(lines: SourceLine[]): (v: VariantAllele) => { id: string; altIndex: number; info: string }[] {
  const by = new Map<string, { id: string; altIndex: number; info: string }[]>();
  for (const l of lines) {
    l.alts.forEach((alt, i) => {
      const m = minimalAllele(l.chrom, l.pos, l.ref, alt);
      if (m.kind === 'symbolic' || m.kind === 'none') return;
      const k = `${contigKey(l.chrom)}:${m.start}:${m.ref}:${m.alt}`;
      by.set(k, [...(by.get(k) ?? []), { id: l.id, altIndex: i, info: l.info }]);
    });
  }
  return (v) => by.get(`${contigKey(v.chrom)}:${v.start}:${v.ref}:${v.alt}`) ?? [];
}

/** Queries: every source ALT (some as chr-prefixed contigs), other ALTs at the same sites, misses between. */
function queries(lines: SourceLine[]): VariantAllele[] {
  const out: VariantAllele[] = [];
  for (const l of lines) {
    const chrom = rand() < 0.5 ? `chr${l.chrom}` : l.chrom;
    for (const alt of l.alts) out.push(minimalAllele(chrom, l.pos, l.ref.toUpperCase(), alt.toUpperCase()));
    out.push(minimalAllele(chrom, l.pos, l.ref.toUpperCase(), bases(1)));
    if (rand() < 0.3) out.push(minimalAllele(chrom, l.pos + 7, 'A', 'C'));
  }
  out.push(minimalAllele('Y', 100, 'A', 'C'));
  return out.filter((v) => v.kind !== 'symbolic' && v.kind !== 'none');
}

function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'precis-cursor-'));
});

describeWithTool('tabix', 'known-variant sources: whole, streamed and seeking', () => {
  it('match exactly the source ALTs with the same minimal allele, whatever the lookup order', async () => {
    const lines = randomVcf();
    const text = `##fileformat=VCFv4.2\n##INFO=<ID=AF,Number=A,Type=Float,Description="AF">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${lines.map((l) => `${l.chrom}\t${l.pos}\t${l.id}\t${l.ref}\t${l.alts.join(',')}\t.\tPASS\t${l.info}`).join('\n')}\n`;
    const path = writeIndexed(dir, 'known.vcf', text, 'vcf');
    const whole = await KnownVariantFile.open(path);
    const sorted = await KnownVariantFile.open(path, 0);
    const seeking = await KnownVariantFile.open(path, 0);
    expect(sorted.infoNumber.get('AF')).toBe('A');
    const qs = queries(lines);
    const scan = scanMatches(lines);
    let matched = 0;
    const check = (got: { id: string; altIndex: number; infoText: string }[], v: VariantAllele): void => {
      expect(got.map((a) => ({ id: a.id, altIndex: a.altIndex, info: a.infoText })), `${v.chrom}:${v.start} ${v.ref}>${v.alt}`).toEqual(scan(v));
    };
    for (const v of qs) {
      const a = whole.matchSync(v)!;
      check(a, v);
      // the stream answers without waiting once it has read that far, and the same
      const b = sorted.matchSync(v) ?? (await sorted.match(v));
      check(b, v);
      if (a.length > 0) matched++;
    }
    for (const v of shuffled(qs).slice(0, 800)) check(seeking.matchSync(v) ?? (await seeking.match(v)), v);
    expect(matched).toBeGreaterThan(lines.length);
  });
});

describeWithTool('tabix', 'interval sources: whole, streamed and seeking', () => {
  it('reduce the values of every overlapping interval, as vcfanno ops do', async () => {
    const rows: { chrom: string; start0: number; end: number; score: string; name: string }[] = [];
    for (const chrom of CONTIGS) {
      let s = 0;
      while (s < LENGTH) {
        s += Math.floor(rand() * 400);
        const len = rand() < 0.02 ? 30_000 : 1 + Math.floor(rand() * 300);
        rows.push({ chrom, start0: s, end: s + len, score: rand() < 0.05 ? '.' : (rand() * 10).toFixed(3), name: pick(['a', 'b', 'c,d']) });
      }
    }
    const text = `track name=test\n${rows.map((r) => `${r.chrom}\t${r.start0}\t${r.end}\t${r.score}\t${r.name}`).join('\n')}\n`;
    const path = writeIndexed(dir, 'scores.bed', text, 'bed');
    const ops: Op[] = ['mean', 'max', 'min', 'sum', 'count', 'concat', 'uniq', 'flag', 'first'];
    const spec = { file: path, columns: [...ops.map(() => 4), 5], ops: [...ops, 'uniq' as Op], names: [...ops, 'names'] };
    const whole = await CustomSource.open(spec);
    const sorted = await CustomSource.open(spec, 0);
    const seeking = await CustomSource.open(spec, 0);
    // rows by contig and 1-kb bin of every base they cover, for a plain overlap test
    const bins = new Map<string, Set<(typeof rows)[number]>>();
    for (const r of rows) {
      for (let b = (r.start0 + 1) >> 10; b <= r.end >> 10; b++) {
        const k = `${contigKey(r.chrom)}:${b}`;
        if (!bins.has(k)) bins.set(k, new Set());
        bins.get(k)!.add(r);
      }
    }
    const order = new Map(rows.map((r, i) => [r, i] as const));
    const expected = (v: VariantAllele): Record<string, CustomValue> => {
      const [vs, ve] = v.kind === 'insertion' ? [v.end, v.start] : [v.start, v.end];
      const near = new Set<(typeof rows)[number]>();
      for (let b = vs >> 10; b <= ve >> 10; b++) for (const r of bins.get(`${contigKey(v.chrom)}:${b}`) ?? []) near.add(r);
      const hits = [...near].filter((r) => r.start0 + 1 <= ve && r.end >= vs).sort((x, y) => order.get(x)! - order.get(y)!);
      const out: Record<string, CustomValue> = {};
      if (hits.length === 0) return out;
      const scores = hits.map((h) => h.score).filter((x) => x !== '.');
      ops.forEach((op) => {
        const r = reduce(op, scores, hits.length);
        if (r !== undefined) out[op] = r;
      });
      out.names = reduce('uniq', hits.map((h) => h.name), hits.length)!;
      return out;
    };
    const qs: VariantAllele[] = [];
    for (const chrom of [...CONTIGS, 'chrX', 'Y']) {
      for (let p = 1; p < LENGTH; p += 1 + Math.floor(rand() * 250)) {
        const q = rand();
        qs.push(q < 0.7 ? minimalAllele(chrom, p, 'A', 'C') : q < 0.85 ? minimalAllele(chrom, p, 'ACGT', 'A') : minimalAllele(chrom, p, 'A', 'ATT'));
      }
    }
    let hit = 0;
    for (const v of qs) {
      const want = expected(v);
      const a: Record<string, CustomValue> = {};
      expect(whole.annotateSync(v, a)).toBe(true);
      expect(a, `${v.chrom}:${v.start}`).toEqual(want);
      const b: Record<string, CustomValue> = {};
      if (!sorted.annotateSync(v, b)) await sorted.annotate(v, b);
      expect(b, `${v.chrom}:${v.start}`).toEqual(want);
      if (Object.keys(want).length > 0) hit++;
    }
    for (const v of shuffled(qs).slice(0, 800)) {
      const c: Record<string, CustomValue> = {};
      if (!seeking.annotateSync(v, c)) await seeking.annotate(v, c);
      expect(c, `${v.chrom}:${v.start}`).toEqual(expected(v));
    }
    expect(hit).toBeGreaterThan(qs.length / 2);
  });
});

describeWithTool('tabix', 'variant tables with ref/alt columns (CADD, dbNSFP): whole, streamed and seeking', () => {
  it('match rows by allele, not by overlap alone, as vcfanno does', async () => {
    // CADD's layout: #Chrom Pos Ref Alt RawScore PHRED; the three SNVs of a base, and indels
    const rows: { chrom: string; pos: number; ref: string; alt: string; raw: string; phred: string }[] = [];
    for (const chrom of CONTIGS) {
      for (let pos = 1 + Math.floor(rand() * 50); pos < LENGTH; pos += 1 + Math.floor(rand() * (rand() < 0.05 ? 5000 : 80))) {
        const ref = pick(['A', 'C', 'G', 'T']);
        for (const alt of ['A', 'C', 'G', 'T']) if (alt !== ref && rand() < 0.9) rows.push({ chrom, pos, ref, alt, raw: (rand() * 4 - 1).toFixed(6), phred: (rand() * 40).toFixed(3) });
        if (rand() < 0.1) rows.push({ chrom, pos, ref: ref + pick(['A', 'C']), alt: ref, raw: '0.5', phred: (rand() * 40).toFixed(3) });
        if (rand() < 0.1) rows.push({ chrom, pos, ref, alt: ref + pick(['GG', 'T']), raw: '0.25', phred: (rand() * 40).toFixed(3) });
      }
    }
    const text = `## CADD-style test table\n#Chrom\tPos\tRef\tAlt\tRawScore\tPHRED\n${rows.map((r) => `${r.chrom}\t${r.pos}\t${r.ref}\t${r.alt}\t${r.raw}\t${r.phred}`).join('\n')}\n`;
    const path = writeIndexed(dir, 'cadd.tsv', text, ['-s', '1', '-b', '2', '-e', '2', '-c', '#']);
    const spec = { file: path, columns: [6, 5], ops: ['max' as Op, 'concat' as Op], names: ['phred', 'raw'] };
    const whole = await CustomSource.open(spec);
    const sorted = await CustomSource.open(spec, 0);
    const seeking = await CustomSource.open(spec, 0);
    const byAllele = new Map<string, (typeof rows)[number][]>();
    for (const r of rows) {
      const m = minimalAllele(r.chrom, r.pos, r.ref, r.alt);
      const k = `${r.chrom}:${m.start}:${m.ref}:${m.alt}`;
      byAllele.set(k, [...(byAllele.get(k) ?? []), r]);
    }
    const expected = (v: VariantAllele): Record<string, CustomValue> => {
      const hits = byAllele.get(`${v.chrom}:${v.start}:${v.ref}:${v.alt}`) ?? [];
      if (hits.length === 0) return {};
      return { phred: reduce('max', hits.map((h) => h.phred), hits.length)!, raw: reduce('concat', hits.map((h) => h.raw), hits.length)! };
    };
    const qs: VariantAllele[] = [];
    for (const r of rows) if (rand() < 0.3) qs.push(minimalAllele(r.chrom, r.pos, r.ref, rand() < 0.8 ? r.alt : pick(['A', 'C', 'G', 'T'])));
    let hit = 0;
    let missAtRow = 0;
    for (const v of qs) {
      const want = expected(v);
      const a: Record<string, CustomValue> = {};
      expect(whole.annotateSync(v, a)).toBe(true);
      expect(a, `${v.chrom}:${v.start}:${v.ref}>${v.alt}`).toEqual(want);
      const b: Record<string, CustomValue> = {};
      if (!sorted.annotateSync(v, b)) await sorted.annotate(v, b);
      expect(b, `${v.chrom}:${v.start}`).toEqual(want);
      if (Object.keys(want).length > 0) hit++;
      else missAtRow++;
    }
    for (const v of shuffled(qs).slice(0, 800)) {
      const c: Record<string, CustomValue> = {};
      if (!seeking.annotateSync(v, c)) await seeking.annotate(v, c);
      expect(c, `${v.chrom}:${v.start}`).toEqual(expected(v));
    }
    // both kinds occur: rows at the position with other alleles must not leak in
    expect(hit).toBeGreaterThan(qs.length / 2);
    expect(missAtRow).toBeGreaterThan(50);
  });
});

describe('row stores', () => {
  it('keep rows sorted by start, in file order for ties, whatever the order they come in', () => {
    const s = new AlleleStore();
    const starts = Array.from({ length: 3000 }, (_, i) => (i < 2000 ? i + Math.floor(rand() * 5) : Math.floor(rand() * 4000)));
    starts.forEach((x, i) => s.add(x, 'A', 'C', i, 0, 0, 0, 0));
    const want = starts.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    s.first(0);
    expect(Array.from(s.start.subarray(0, s.n))).toEqual(want.map((w) => w[0]));
    expect(Array.from(s.altIndex.subarray(0, s.n))).toEqual(want.map((w) => w[1]));
    s.dropBefore(1000);
    expect(s.start[0]).toBe(1000);
    expect(s.n).toBe(want.filter((w) => w[0] >= 1000).length);
  });

  it('find intervals overlapping a span and drop those ending before a position', () => {
    const s = new IntervalStore(1);
    s.add(10, 20, ['a']);
    s.add(5, 100, ['long']);
    s.add(30, 30, ['b']);
    expect(s.overlapping(15, 15, []).map((i) => s.values[0]![i])).toEqual(['long', 'a']);
    expect(s.overlapping(21, 29, []).map((i) => s.values[0]![i])).toEqual(['long']);
    s.dropBefore(25);
    expect(s.overlapping(1, 200, []).map((i) => s.values[0]![i])).toEqual(['long', 'b']);
  });
});
