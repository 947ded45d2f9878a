import type { VariantAnnotation } from './annotation.js';

/** The JSON Lines object for one variant and ALT (stable key order; absent values omitted). */
export function annotationToJson(a: VariantAnnotation): Record<string, unknown> {
  return {
    chrom: a.chrom,
    pos: a.pos,
    id: a.id,
    ref: a.ref,
    alt: a.alt,
    mostSevere: a.mostSevere,
    impact: a.impact,
    ...(a.mostSevereNotPicked ? { mostSevereNotPicked: true } : {}),
    consequences: a.consequences,
    clinvar: a.clinvar ?? null,
    frequencies: a.frequencies ?? null,
    custom: a.custom ?? null,
    ...(a.existing ? { existing: a.existing } : {}),
    ...(a.refMismatch ? { refMismatch: true } : {}),
  };
}
