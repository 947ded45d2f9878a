import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPgxData, runPgx, type GeneReport } from '../../src/pgx/index.js';
import { referenceVcf, type Edit } from './synth.js';

const data = loadPgxData();
const dir = mkdtempSync(join(tmpdir(), 'precis-pgx-in-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const gene = (g: string) => data.genes.find((d) => d.gene === g)!;
let n = 0;

async function call(genes: string[], edits: Record<number, Edit>, opts: Parameters<typeof runPgx>[2] = {}, vcfOpts: Parameters<typeof referenceVcf>[2] = {}): Promise<GeneReport[]> {
  const p = join(dir, `t${n++}.vcf`);
  writeFileSync(p, referenceVcf(genes.map(gene), edits, vcfOpts));
  const r = await runPgx(p, data, { genes, recommendations: false, ...opts });
  return r.samples[0]!.genes;
}

describe('pgx genotype extraction', () => {
  it('reads contigs without the chr prefix', async () => {
    // *17 = rs12248560 T + rs3758581 G; *1 carries rs3758581 G too
    const [g] = await call(['CYP2C19'], { 94761900: { gt: '0/1' }, 94842866: { gt: '1/1' } }, {}, { chrPrefix: false });
    expect(g!.diplotypes).toEqual(['*1/*17']);
  });

  it('merges split multi-allelic records (UGT1A1 TA repeat, *28/*36)', async () => {
    const extra = ['chr2\t233760233\t.\tCAT\tCATAT\t.\tPASS\t.\tGT\t1/0', 'chr2\t233760233\t.\tCAT\tC\t.\tPASS\t.\tGT\t0/1', 'chr2\t233760233\t.\tCAT\tCATATAT\t.\tPASS\t.\tGT\t0/0'];
    const [g] = await call(['UGT1A1'], { 233760233: { drop: true, gt: '' } }, {}, { extraLines: extra });
    expect(g!.diplotypes).toEqual(['*28/*36']);
  });

  it('places an indel written with a longer REF on the definition (UGT1A1 *36)', async () => {
    const [g] = await call(['UGT1A1'], { 233760233: { ref: 'CATA', alt: 'CA', gt: '0/1' } });
    expect(g!.diplotypes).toEqual(['*1/*36']);
  });

  it('uses PS phase sets: one set keeps the strands, two sets do not', async () => {
    const same = await call(['UGT1A1'], { 233759924: { gt: '0|1:7', format: 'GT:PS' }, 233760233: { gt: '0|2:7', format: 'GT:PS' } }, { allMatches: true });
    expect(same[0]!.diplotypes).toEqual(['*1/*80+*28']);
    const split = await call(['UGT1A1'], { 233759924: { gt: '0|1:7', format: 'GT:PS' }, 233760233: { gt: '0|2:9', format: 'GT:PS' } }, { allMatches: true });
    expect(split[0]!.diplotypes).toEqual(['*1/*80+*28', '*28/*80']);
    expect(split[0]!.phased).toBe(false); // the other positions are unphased 0/0
    expect(split[0]!.effectivelyPhased).toBe(false);
  });

  it('treats 0/. as missing and 1/. as an uncallable allele', async () => {
    const [a] = await call(['CYP2C19'], { 94761900: { gt: '0/.' } });
    expect(a!.missingPositions).toContain(94761900);
    expect(a!.called).toBe(true);
    const [b] = await call(['CYP2C19'], { 94761900: { gt: '1/.' } });
    expect(b!.called).toBe(false);
    expect(b!.explanation.notes.join(' ')).toMatch(/partial genotype/);
  });

  it('ignores a record whose REF disagrees with the definition and warns', async () => {
    const p = join(dir, 'refmm.vcf');
    writeFileSync(p, referenceVcf([gene('CYP2C19')], { 94761900: { ref: 'G', alt: 'T', gt: '0/1' } }));
    const r = await runPgx(p, data, { genes: ['CYP2C19'], recommendations: false });
    expect(r.warnings.join(' ')).toMatch(/94761900: REF G differs/);
    expect(r.samples[0]!.genes[0]!.missingPositions).toContain(94761900);
  });

  it('reads gVCF reference blocks only with gvcfBlocksAsRef', async () => {
    const block = 'chr7\t99652000\t.\tA\t<NON_REF>\t.\tPASS\tEND=99680000\tGT\t0/0';
    const def = gene('CYP3A5');
    const drop = Object.fromEntries(def.variants.map((v) => [v.pos, { drop: true, gt: '' }]));
    const off = await call(['CYP3A5'], drop, {}, { extraLines: [block] }).catch((e: Error) => e);
    expect(off).toBeInstanceOf(Error);
    const on = await call(['CYP3A5'], drop, { gvcfBlocksAsRef: true }, { extraLines: [block] });
    expect(on[0]!.diplotypes).toEqual(['*1/*1']);
    expect(on[0]!.missingPositions).toEqual([]);
  });

  it('fills absent positions with --absent-as-ref only', async () => {
    const def = gene('CYP2C19');
    const drop: Record<number, Edit> = Object.fromEntries(def.variants.filter((v) => v.pos !== 94761900 && v.pos !== 94842866).map((v) => [v.pos, { drop: true, gt: '' }]));
    drop[94761900] = { gt: '1/1' };
    drop[94842866] = { gt: '1/1' };
    const plain = await call(['CYP2C19'], drop, { allMatches: true });
    expect(plain[0]!.diplotypes.length).toBeGreaterThan(1);
    const filled = await call(['CYP2C19'], drop, { absentAsRef: true });
    expect(filled[0]!.diplotypes).toEqual(['*17/*17']);
    expect(filled[0]!.explanation.notes.join(' ')).toMatch(/read as reference/);
  });

  it('an undocumented ALT stops the call, except in toxicity genes where it reads as reference', async () => {
    const [c] = await call(['CYP2C19'], { 94761900: { alt: 'A', gt: '0/1' } });
    expect(c!.called).toBe(false);
    expect(c!.reason).toMatch(/undocumented-variant/);
    const tpmt = gene('TPMT').variants.find((v) => v.ref.length === 1 && v.alts.length === 1 && v.alts[0]!.length === 1)!;
    const other = ['A', 'C', 'G', 'T'].find((b) => b !== tpmt.ref && b !== tpmt.alts[0])!;
    const [t] = await call(['TPMT'], { [tpmt.pos]: { alt: other, gt: '0/1' } });
    expect(t!.diplotypes).toEqual(['*1/*1']);
    expect(t!.explanation.notes.join(' ')).toMatch(/undocumented allele .* read as reference/);
  });

  it('NAT2: unphased priority rule picks *6/*46 over the higher-scoring *1/*15', async () => {
    const [g] = await call(['NAT2'], { 18400194: { gt: '0/1' }, 18400593: { gt: '0/1' }, 18400806: { gt: '0/1' } });
    expect(g!.diplotypes).toEqual(['*6/*46']);
    expect(g!.status).toBe('priority-picked');
    expect(g!.explanation.candidates[0]!.diplotype).toBe('*1/*15');
  });

  it('NAT2: a missing required position means no call', async () => {
    const [g] = await call(['NAT2'], { 18400194: { drop: true, gt: '' } });
    expect(g!.called).toBe(false);
    expect(g!.reason).toMatch(/missing-required-position: 18400194/);
  });

  it('DPYD: unphased variants are listed, phenotype from the two lowest-function', async () => {
    const def = gene('DPYD');
    const alleles = def.alleles.filter((a) => !a.reference && a.cells.filter((c) => c !== null).length === 1).slice(0, 2);
    const edits: Record<number, Edit> = {};
    for (const a of alleles) {
      const i = a.cells.findIndex((c) => c !== null);
      const v = def.variants[i]!;
      edits[v.pos] = { gt: `0/${[v.ref, ...v.alts].indexOf(a.cells[i]!)}` };
    }
    const [g] = await call(['DPYD'], edits);
    expect(g!.diplotypes).toEqual([]);
    expect([...(g!.haplotypes ?? [])].sort()).toEqual(alleles.map((a) => a.name).sort());
    expect(g!.recommendationDiplotypes[0]!.sort()).toEqual(alleles.map((a) => a.name).sort());
    expect(g!.activityScore).not.toBeNull();
  });

  it('SLCO1B1 falls back to rs4149056 when no diplotype matches', async () => {
    const def = gene('SLCO1B1');
    const i = def.variants.findIndex((v) => v.rsid === 'rs4149056');
    const v = def.variants[i]!;
    // rs4149056 het plus an undocumented-free but unmatched combination: a second variant that no allele carries with it, phased on the same strand
    const lone = def.variants.findIndex((x, k) => k !== i && def.alleles.filter((a) => !a.reference && a.cells[k] !== null).length === 1 && def.alleles.find((a) => !a.reference && a.cells[k] !== null)!.cells[i] === null);
    const w = def.variants[lone]!;
    const [g] = await call(['SLCO1B1'], { [v.pos]: { gt: '0|1' }, [w.pos]: { gt: '0|1' } });
    if (!g!.called) {
      expect(g!.recommendationDiplotypes).toEqual([['*1', '*5']]);
      expect(g!.status).toBe('partial');
      expect(g!.phenotypes.length).toBe(1);
    } else {
      // some combination did match: then the fallback must not be used
      expect(g!.explanation.why).not.toMatch(/rs4149056/);
    }
  });
});

describe('pgx DPYD HapB3', () => {
  it('calls HapB3 from both variants, from the intronic one alone, and ignores the exonic tag alone', async () => {
    const both = await call(['DPYD'], { 97573863: { gt: '0|1' }, 97579893: { gt: '0|1' } });
    expect(both[0]!.diplotypes).toEqual(['Reference/c.1129-5923C>G, c.1236G>A (HapB3)']);
    const intronic = await call(['DPYD'], { 97579893: { gt: '0|1' } });
    expect(intronic[0]!.diplotypes).toEqual(['Reference/c.1129-5923C>G']);
    const exonicMissing = await call(['DPYD'], { 97573863: { drop: true, gt: '' }, 97579893: { gt: '0|1' } });
    expect(exonicMissing[0]!.diplotypes).toEqual(['Reference/c.1129-5923C>G, c.1236G>A (HapB3)']);
    const tagOnly = await call(['DPYD'], { 97573863: { gt: '0|1' } });
    expect(tagOnly[0]!.diplotypes).toEqual(['Reference/Reference']);
    expect(tagOnly[0]!.explanation.positions.map((p) => p.position)).toEqual([97573863]);
  });
});

describe('pgx --combinations', () => {
  it('names a strand no allele explains by its alleles (UGT1A1 *27 + *28 + *80 on one strand)', async () => {
    const edits: Record<number, Edit> = { 233759924: { gt: '1|0' }, 233760233: { gt: '2|0' }, 233760973: { gt: '1|0' } };
    const plain = await call(['UGT1A1'], edits);
    expect(plain[0]!.called).toBe(false);
    const combo = await call(['UGT1A1'], edits, { combinations: true });
    expect(combo[0]!.diplotypes).toEqual(['*1/[*27 + *28 + *80]']);
    expect(combo[0]!.status).toBe('partial');
    expect(combo[0]!.recommendationDiplotypes).toEqual([]);
  });

  it('leaves exact calls alone and names leftover variants as partials', async () => {
    const exact = await call(['UGT1A1'], { 233760498: { gt: '0/1' } }, { combinations: true });
    expect(exact[0]!.diplotypes).toEqual(['*1/*6']);
    const def = gene('CYP2C19');
    // *2 core at rs4244285 plus a lone rs12248560 (T) on the same strand: no named allele carries both
    const r = await call(['CYP2C19'], { 94781859: { gt: '0|1' }, 94761900: { gt: '0|1' } }, { combinations: true });
    expect(def.variants.some((v) => v.pos === 94781859)).toBe(true);
    expect(r[0]!.diplotypes[0]).toMatch(/^\*38\/\[.*g\.94761900C>T.*\]$|^\*38\/\[.*\]$/);
  });
});
