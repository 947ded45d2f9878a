import type { VariantAnnotation } from './annotation.js';
import { clinvarFromAllele } from './clinvar.js';
import type { CustomSource, CustomValue } from './custom-source.js';
import { frequenciesFromAllele } from './frequencies.js';
import type { KnownVariantFile, SourceAllele } from './known-variants.js';
import type { VariantAllele } from './variant-allele.js';

/**
 * The known-variant (ClinVar, frequencies) and custom lookups of one allele, filling its
 * annotation: synchronously when every source holds the rows the allele needs (the usual
 * case along sorted input), else after reading them.
 */
export class SourceLookups {
  private readonly clinvar: readonly KnownVariantFile[];
  private readonly frequencies: readonly { file: KnownVariantFile; fields?: string[] }[];
  private readonly custom: readonly CustomSource[];
  readonly any: boolean;
  /** every custom name, unset: an allele's values start as a copy of it (one object shape) */
  private customTemplate?: Record<string, CustomValue | undefined>;
  /** IDs of the known variants an allele matched, once each, in the order found */
  private readonly existing: string[] = [];

  constructor(clinvar: readonly KnownVariantFile[] = [], frequencies: readonly { file: KnownVariantFile; fields?: string[] }[] = [], custom: readonly CustomSource[] = []) {
    this.clinvar = clinvar;
    this.frequencies = frequencies;
    this.custom = custom;
    this.any = clinvar.length + frequencies.length + custom.length > 0;
  }

  /** The lookups when every source is in memory; false when one must be read (`fill` then). */
  fillSync(v: VariantAllele, a: VariantAnnotation): boolean {
    const existing = this.existing;
    while (existing.length > 0) existing.pop();
    for (const f of this.clinvar) {
      const ms = f.matchSync(v);
      if (ms === undefined) return false;
      for (const m of ms) takeClinvar(f, m, a, existing);
    }
    for (const { file, fields } of this.frequencies) {
      const ms = file.matchSync(v);
      if (ms === undefined) return false;
      for (const m of ms) takeFrequencies(file, m, fields, a, existing);
    }
    if (this.custom.length > 0) {
      const custom = this.newCustom();
      let set = 0;
      for (const s of this.custom) {
        if (!s.annotateSync(v, custom)) return false;
        set += s.lastSet;
      }
      if (set > 0) a.custom = custom;
    }
    if (existing.length > 0) a.existing = existing.slice();
    return true;
  }

  /** The lookups, reading what the sources do not hold yet. */
  async fill(v: VariantAllele, a: VariantAnnotation): Promise<void> {
    a.clinvar = a.frequencies = a.custom = a.existing = undefined;
    const existing: string[] = [];
    for (const f of this.clinvar) for (const m of await f.match(v)) takeClinvar(f, m, a, existing);
    for (const { file, fields } of this.frequencies) for (const m of await file.match(v)) takeFrequencies(file, m, fields, a, existing);
    if (this.custom.length > 0) {
      const custom = this.newCustom();
      let set = 0;
      for (const s of this.custom) {
        await s.annotate(v, custom);
        set += s.lastSet;
      }
      if (set > 0) a.custom = custom;
    }
    if (existing.length > 0) a.existing = existing;
  }

  /**
   * An allele's custom values, every name present and unset (`copyAnnotation` and JSON
   * drop the unset ones): filling a fixed shape was cheaper than adding each name.
   */
  private newCustom(): Record<string, CustomValue> {
    if (this.customTemplate === undefined) {
      const t: Record<string, CustomValue | undefined> = {};
      for (const s of this.custom) for (const n of s.spec.names) t[n] = undefined;
      this.customTemplate = t;
    }
    return { ...this.customTemplate } as Record<string, CustomValue>;
  }
}

function takeClinvar(f: KnownVariantFile, m: SourceAllele, a: VariantAnnotation, existing: string[]): void {
  const c = clinvarFromAllele(f, m);
  if (c && !a.clinvar) a.clinvar = c;
  if (c) addId(existing, m.id);
}

function takeFrequencies(f: KnownVariantFile, m: SourceAllele, fields: string[] | undefined, a: VariantAnnotation, existing: string[]): void {
  const fr = frequenciesFromAllele(f, m, fields);
  if (fr && !a.frequencies) a.frequencies = fr;
  addId(existing, m.id);
}

/** Adds a known variant's ID to the allele's list (a few at most: a scan beats a Set). */
function addId(ids: string[], id: string): void {
  if (id !== '.' && id !== '' && !ids.includes(id)) ids.push(id);
}
