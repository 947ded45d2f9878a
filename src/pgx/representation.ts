import type { PgxSlot } from './positions.js';

/** Allele codes held per sample and position. Non-negative codes index `slot.alleles`. */
export const NOT_SEEN = -3;
export const NO_CALL = -1;
/** second allele of a hemizygous (haploid) call */
export const HAPLOID = -2;
/** a record allele that says nothing about this slot */
export const UNRELATED = -4;
/** codes >= UNDOCUMENTED_BASE are input alleles the definition does not know */
export const UNDOCUMENTED_BASE = 1000;

const isSymbolic = (a: string): boolean => a.startsWith('<') || a === '*' || a.includes('[') || a.includes(']');

/**
 * Maps a record allele onto a definition slot by the sequence it implies over the
 * definition's reference span, so that an indel written with another anchor or a longer
 * REF (split multi-allelic records, other callers) still matches. Returns a code, or
 * null when the record cannot be placed on the slot (different locus or REF disagrees).
 */
export function mapAllele(slot: PgxSlot, recPos: number, recRef: string, allele: string): number | null {
  if (isSymbolic(allele)) return NO_CALL;
  if (recPos === slot.pos && recRef === slot.ref) {
    const i = slot.alleles.indexOf(allele);
    if (i >= 0) return i;
    return undocumentedCode(slot, allele);
  }
  const defRef = slot.ref;
  const off = recPos - slot.pos;
  if (off >= 0 && off + recRef.length <= defRef.length) {
    // the record lies inside the definition's span
    if (defRef.substr(off, recRef.length) !== recRef) return null;
    const hap = defRef.slice(0, off) + allele + defRef.slice(off + recRef.length);
    const i = slot.alleles.indexOf(hap);
    return i >= 0 ? i : null;
  }
  const back = slot.pos - recPos;
  if (back >= 0 && back + defRef.length <= recRef.length) {
    // the definition lies inside the record's span
    if (recRef.substr(back, defRef.length) !== defRef) return null;
    const before = recRef.slice(0, back);
    const after = recRef.slice(back + defRef.length);
    for (let i = 0; i < slot.alleles.length; i++) if (before + slot.alleles[i] + after === allele) return i;
    return null;
  }
  return null;
}

function undocumentedCode(slot: PgxSlot, allele: string): number {
  let k = slot.undocumented.indexOf(allele);
  if (k < 0) {
    k = slot.undocumented.length;
    slot.undocumented.push(allele);
  }
  return UNDOCUMENTED_BASE + k;
}

/** The allele string of a code, for explanations. */
export function alleleText(slot: PgxSlot, code: number): string {
  if (code >= UNDOCUMENTED_BASE) return slot.undocumented[code - UNDOCUMENTED_BASE] ?? '?';
  if (code >= 0) return slot.alleles[code] ?? '?';
  return '.';
}

/**
 * Builds the record-allele → slot-code table for one record and slot, or null when the
 * record does not describe this slot. An exact record (same POS and REF) always applies;
 * a shifted or wider record applies only when at least one ALT lands on a definition
 * allele, so unrelated nearby variants are not read as reference calls.
 */
export function recordAlleleMap(slot: PgxSlot, recPos: number, recRef: string, alts: string[]): Int32Array | null {
  const exact = recPos === slot.pos && recRef === slot.ref;
  const map = new Int32Array(alts.length + 1);
  const refCode = mapAllele(slot, recPos, recRef, recRef);
  if (refCode === null) return null;
  map[0] = refCode;
  let placed = false;
  for (let i = 0; i < alts.length; i++) {
    const c = mapAllele(slot, recPos, recRef, alts[i]!);
    if (c === null) map[i + 1] = UNRELATED;
    else {
      map[i + 1] = c;
      if (c > 0 && c < UNDOCUMENTED_BASE) placed = true;
    }
  }
  if (!exact && !placed && !(recPos === slot.pos && alts.every(isSymbolic))) return null;
  return map;
}
