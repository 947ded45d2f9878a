import type { TranscriptConsequence } from './consequence.js';
import { transcriptLength, type Transcript } from './transcript.js';

/**
 * VEP's default `--pick_order`: MANE Select, MANE Plus Clinical, Ensembl canonical,
 * APPRIS (GENCODE's appris_* tags; Ensembl's GFF3 has none), transcript support level,
 * protein-coding biotype, CCDS, consequence rank, transcript length, Ensembl before RefSeq.
 */
export function compareForPick(x: TranscriptConsequence, y: TranscriptConsequence): number {
  const a = x.transcript;
  const b = y.transcript;
  return (
    flag(a.mane === 'MANE_Select', b.mane === 'MANE_Select') ||
    flag(a.mane === 'MANE_Plus_Clinical', b.mane === 'MANE_Plus_Clinical') ||
    flag(a.canonical, b.canonical) ||
    (a.appris ?? 100) - (b.appris ?? 100) ||
    (a.tsl ?? 9) - (b.tsl ?? 9) ||
    flag(a.biotype === 'protein_coding', b.biotype === 'protein_coding') ||
    flag(a.ccds !== undefined, b.ccds !== undefined) ||
    x.rank - y.rank ||
    lengthOf(b) - lengthOf(a) ||
    flag(a.id.startsWith('ENS'), b.id.startsWith('ENS')) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const lengths = new WeakMap<Transcript, number>();
function lengthOf(t: Transcript): number {
  let n = lengths.get(t);
  if (n === undefined) lengths.set(t, (n = transcriptLength(t)));
  return n;
}

function flag(a: boolean, b: boolean): number {
  return a === b ? 0 : a ? -1 : 1;
}

/** The picked consequence of a list (undefined for an empty list). */
export function pickOne(list: readonly TranscriptConsequence[]): TranscriptConsequence | undefined {
  let best: TranscriptConsequence | undefined;
  for (const c of list) if (!best || compareForPick(c, best) < 0) best = c;
  return best;
}

/** One picked consequence per gene, in input order. */
export function pickPerGene(list: readonly TranscriptConsequence[]): TranscriptConsequence[] {
  const best = new Map<string, TranscriptConsequence>();
  for (const c of list) {
    const g = c.transcript.geneId;
    const cur = best.get(g);
    if (!cur || compareForPick(c, cur) < 0) best.set(g, c);
  }
  const keep = new Set(best.values());
  return list.filter((c) => keep.has(c));
}
