import type { VariantAllele } from './variant-allele.js';

/** What an allele touches of the reference, as consequence calling compares it with exons. */
export interface Span {
  /** genome bounds of the touched reference bases; for an insertion, its two flanking bases */
  a: number;
  b: number;
  ins: boolean;
}

/** Structural alleles (<DEL>, <INS:ME:ALU>, <DUP>...) by what they do to the reference. */
export function structuralKind(alt: string): 'elongation' | 'truncation' | undefined {
  if (/^<(DEL|CN0)/i.test(alt)) return 'truncation';
  if (/^<(INS|DUP|CN[2-9])/i.test(alt)) return 'elongation';
  return undefined;
}

// the last allele's span: every transcript near an allele asks for it in turn (the
// annotator refills one allele object per ALT, so its fields are compared too)
let spanFor: VariantAllele | undefined;
let spanKey = '';
let spanStart = 0;
let spanEnd = 0;
let lastSpan: Span = { a: 0, b: 0, ins: false };
export function spanOf(v: VariantAllele): Span {
  if (v !== spanFor || v.start !== spanStart || v.end !== spanEnd || v.kind !== spanKey || v.vcfAlt !== lastAlt) {
    spanFor = v;
    spanStart = v.start;
    spanEnd = v.end;
    spanKey = v.kind;
    lastAlt = v.vcfAlt;
    lastSpan = computeSpan(v);
  }
  return lastSpan;
}
let lastAlt = '';

function computeSpan(v: VariantAllele): Span {
  if (v.kind === 'symbolic') {
    // an insertion-like allele goes in after POS; a deletion removes the bases after the anchor
    if (structuralKind(v.vcfAlt) === 'elongation' && v.end === v.start) return { a: v.start, b: v.start + 1, ins: true };
    return { a: Math.min(v.start + 1, v.end), b: v.end, ins: false };
  }
  return v.kind === 'insertion' ? { a: v.end, b: v.start, ins: true } : { a: v.start, b: v.end, ins: false };
}

/** Whether the variant touches [x, y]: any base for REF spans, either flank for insertions unless `strict`. */
export function touches(s: Span, x: number, y: number, strict = false): boolean {
  if (y < x) return false;
  if (s.ins && strict) return s.a >= x && s.b <= y;
  return s.b >= x && s.a <= y;
}
