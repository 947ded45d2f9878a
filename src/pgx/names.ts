/**
 * Orders allele names the way star-allele nomenclature reads: digit runs compare as
 * numbers (*2 < *10 < *17), everything else by code point (so "*3A" < "*3B").
 */
export function compareAlleleNames(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    const dx = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const dy = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      if (x.length !== y.length) return x.length - y.length;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

/** "a/b" with the two names in nomenclature order. */
export function diplotypeName(a: string, b: string): string {
  return compareAlleleNames(a, b) <= 0 ? `${a}/${b}` : `${b}/${a}`;
}

export function splitDiplotype(d: string): string[] {
  return d.split('/');
}
