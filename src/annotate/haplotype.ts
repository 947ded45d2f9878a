import type { GenotypeBlock } from '../vcf/index.js';
import type { ConsequenceRecord, VariantAnnotation } from './annotation.js';
import { STANDARD_CODE, translate, type GeneticCode } from './codon.js';
import type { SoTerm } from './so-terms.js';

/**
 * Haplotype-aware codon combination, after bcftools csq: two SNVs in the same codon of
 * a transcript that some sample carries on the same phased haplotype (or as a haploid
 * call) change that codon together, so the combined amino acid is reported with both.
 * Only single-codon SNV combinations are handled; indels and frame restoration are not.
 */
export interface HaplotypeChange {
  /** the other variants on the haplotype, as `POS REF>ALT` */
  with: string[];
  terms: SoTerm[];
  codons: string;
  aminoAcids: string;
}

/**
 * Haplotypes carrying each ALT: keys sample*2+haplotype, from phased, haploid or
 * homozygous calls (an unphased 1/1 puts the ALT on both haplotypes: its phase is
 * known, as bcftools csq takes it too).
 */
export function haplotypesByAllele(g: GenotypeBlock, nAlts: number, nSamples: number): Set<number>[] {
  const out = Array.from({ length: nAlts }, () => new Set<number>());
  for (let i = 0; i < nSamples; i++) {
    const p = g.ploidy[i]!;
    if (p === 1) {
      const a = g.a0[i]!;
      if (a >= 1 && a <= nAlts) out[a - 1]!.add(i * 2);
    } else if (p === 2 && (g.phased[i] === 1 || g.a0[i] === g.a1[i])) {
      const a = g.a0[i]!;
      const b = g.a1[i]!;
      if (a >= 1 && a <= nAlts) out[a - 1]!.add(i * 2);
      if (b >= 1 && b <= nAlts) out[b - 1]!.add(i * 2 + 1);
    }
  }
  return out;
}

export interface PhasedRecord {
  annotations: VariantAnnotation[];
  /** per ALT: the haplotypes carrying it */
  haplotypes: Set<number>[];
}

/** The genetic code of the transcript of consequence `c` of `a`; undefined when precis does not carry it. */
export type CodeLookup = (a: VariantAnnotation, c: ConsequenceRecord) => GeneticCode | undefined;

/**
 * Finds same-codon pairs on a shared haplotype within a group of nearby records and
 * annotates both, translating with each transcript's genetic code (`codeOf`).
 */
export function combineSameCodon(group: PhasedRecord[], codeOf: CodeLookup = () => STANDARD_CODE): number {
  let combined = 0;
  for (let x = 0; x < group.length; x++) {
    for (let y = x + 1; y < group.length; y++) {
      const rx = group[x]!;
      const ry = group[y]!;
      rx.annotations.forEach((ax, kx) => {
        ry.annotations.forEach((ay, ky) => {
          if (!isSnv(ax) || !isSnv(ay) || !shares(rx.haplotypes[kx], ry.haplotypes[ky])) return;
          for (const cx of ax.consequences) {
            const cy = ay.consequences.find((c) => c.transcript === cx.transcript && c.proteinPosition === cx.proteinPosition);
            if (!cy || !cx.codons || !cy.codons || cx.proteinPosition === undefined) continue;
            const code = codeOf(ax, cx);
            if (code === undefined) continue;
            const change = combineCodons(cx, cy, code);
            if (!change) continue;
            cx.haplotype = { ...change, with: [...(cx.haplotype?.with ?? []), `${ay.pos} ${ay.ref}>${ay.alt}`] };
            cy.haplotype = { ...change, with: [...(cy.haplotype?.with ?? []), `${ax.pos} ${ax.ref}>${ax.alt}`] };
            combined++;
          }
        });
      });
    }
  }
  return combined;
}

/**
 * Whether `a` can take part in a combination at all: an SNV with a codon on some
 * transcript. Only such alleles need their haplotypes read and their record held back
 * for the next ones (`combineSameCodon` looks at no other).
 */
export function mayCombine(a: VariantAnnotation): boolean {
  if (!isSnv(a)) return false;
  for (const c of a.consequences) if (c.codons && c.proteinPosition !== undefined) return true;
  return false;
}

function isSnv(a: VariantAnnotation): boolean {
  return a.ref.length === 1 && a.alt.length === 1 && /^[ACGT]$/i.test(a.alt);
}

function shares(a: Set<number> | undefined, b: Set<number> | undefined): boolean {
  if (!a || !b) return false;
  for (const h of a) if (b.has(h)) return true;
  return false;
}

/** Both changes applied to the codon (VEP-style `Codons` strings mark changed bases in upper case). */
function combineCodons(cx: ConsequenceRecord, cy: ConsequenceRecord, code: GeneticCode): Omit<HaplotypeChange, 'with'> | undefined {
  const [refX, altX] = cx.codons!.split('/');
  const altY = cy.codons!.split('/')[1];
  if (!refX || !altX || !altY || refX.length !== 3 || altX.length !== 3 || altY.length !== 3) return undefined;
  let alt = '';
  for (let j = 0; j < 3; j++) {
    const a = altX[j]!;
    const b = altY[j]!;
    alt += a === a.toUpperCase() ? a : b === b.toUpperCase() ? b : refX[j]!.toLowerCase();
  }
  const ref = refX.toUpperCase();
  const r = translate(ref, code);
  const a = translate(alt.toUpperCase(), code);
  let term: SoTerm;
  if (r === a) term = r === '*' ? 'stop_retained_variant' : 'synonymous_variant';
  else if (a === '*') term = 'stop_gained';
  else if (r === '*') term = 'stop_lost';
  else if (r === 'M' && cx.proteinPosition === '1') term = 'start_lost';
  else term = 'missense_variant';
  return { terms: [term], codons: `${refX.toLowerCase()}/${alt}`, aminoAcids: r === a ? r : `${r}/${a}` };
}
