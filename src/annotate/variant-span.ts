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

// one object for every span: callers read it before asking for another allele's
const SPAN: Span = { a: 0, b: 0, ins: false };

/** The allele's span (valid until the span of another allele is asked for). */
export function spanOf(v: VariantAllele): Span {
  setSpan(v, SPAN);
  return SPAN;
}

function setSpan(v: VariantAllele, s: Span): void {
  if (v.kind === 'symbolic') {
    // an insertion-like allele goes in after POS; a deletion removes the bases after the anchor
    if (structuralKind(v.vcfAlt) === 'elongation' && v.end === v.start) {
      s.a = v.start;
      s.b = v.start + 1;
      s.ins = true;
    } else {
      s.a = Math.min(v.start + 1, v.end);
      s.b = v.end;
      s.ins = false;
    }
    return;
  }
  const ins = v.kind === 'insertion';
  s.a = ins ? v.end : v.start;
  s.b = ins ? v.start : v.end;
  s.ins = ins;
}

/** Whether the variant touches [x, y]: any base for REF spans, either flank for insertions unless `strict`. */
export function touches(s: Span, x: number, y: number, strict = false): boolean {
  if (y < x) return false;
  if (s.ins && strict) return s.a >= x && s.b <= y;
  return s.b >= x && s.a <= y;
}
