import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyAnnotation, type ConsequenceRecord, type VariantAnnotation } from '../../src/annotate/annotation.js';
import { Annotator } from '../../src/annotate/annotator.js';
import { ALL_CSQ_FIELDS, DEFAULT_CSQ_FIELDS, escapeCsq, GETTERS } from '../../src/annotate/csq-format.js';
import { formatCsq, writeCsq } from '../../src/annotate/csq-writer.js';
import { loadResources } from '../../src/annotate/resources.js';
import { TextBytes } from '../../src/annotate/text-bytes.js';
import { csqAllele } from '../../src/annotate/variant-allele.js';
import { openVcf } from '../../src/vcf/index.js';

// The CSQ writer caches runs of fields and reads the annotator's reused objects; the
// reference here is the plain definition: every field through its getter, escaped,
// joined by `|`, entries by `,`.
function reference(annotations: readonly VariantAnnotation[], fields: readonly string[]): string {
  const none: ConsequenceRecord = { gene: '', geneId: '', transcript: null, biotype: '', strand: null, terms: [], impact: 'MODIFIER', mane: null, canonical: false, picked: false };
  let out = '';
  for (const a of annotations) {
    const allele = csqAllele(a.ref, a.alt, annotations);
    for (const c of a.consequences.length > 0 ? a.consequences : [none]) {
      // an entry of one empty field leaves nothing, not even its comma
      if (out !== '') out += ',';
      out += fields
        .map((f) => {
          const x = GETTERS[f] ? GETTERS[f](a, c, allele) : a.custom?.[f];
          return x === undefined || x === null || x === '' ? '' : escapeCsq(String(x));
        })
        .join('|');
    }
  }
  return out;
}

let seed = 3;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const DEMO = join(import.meta.dirname, '..', '..', 'data', 'demo', 'demo.vcf.gz');

describe('CSQ writer', () => {
  it('writes what the fields say, for reused and copied annotations alike, in any field order', async () => {
    const res = await loadResources({ bundle: true });
    const annotator = new Annotator(res.annotator);
    const reader = await openVcf(DEMO);
    const lists: string[][] = [[...DEFAULT_CSQ_FIELDS], ['Allele'], ['FLAGS'], ['AF', 'Allele', 'SYMBOL', 'score', 'Consequence'], ['score', 'tag']];
    for (let i = 0; i < 20; i++) lists.push([...DEFAULT_CSQ_FIELDS, 'score', 'tag'].filter(() => rand() < 0.4).sort(() => rand() - 0.5));
    // in their default order: runs of consecutive fields, which are written in one pass
    for (let i = 0; i < 20; i++) lists.push([...DEFAULT_CSQ_FIELDS].filter(() => rand() < 0.7));
    lists.push(['HGVS_OFFSET'], ['HAPLOTYPE'], ['FLAGS', 'PICK'], ['PICK'], ['DISTANCE'], ['INTRON', 'HGVSc', 'HGVSp'], ['Codons'], ['Amino_acids', 'Codons', 'DISTANCE']);
    // every field static or tail-able: the cached tail is the whole entry
    lists.push(['SYMBOL', 'PICK'], ['Feature', 'FLAGS'], ['Consequence', 'IMPACT', 'DISTANCE', 'STRAND']);
    // the opt-in VEP fields (TSL, APPRIS, CCDS, ENSP, VARIANT_CLASS) among the others
    lists.push([...ALL_CSQ_FIELDS], ['Allele', 'VARIANT_CLASS', 'Feature', 'TSL', 'ENSP'], ['TSL', 'CCDS', 'APPRIS']);
    for (let i = 0; i < 10; i++) lists.push([...ALL_CSQ_FIELDS, 'score'].filter(() => rand() < 0.4).sort(() => rand() - 0.5));
    const out = new TextBytes(64);
    let n = 0;
    for await (const rec of reader) {
      const pooled = await annotator.annotateInPlace(rec);
      // custom values, some needing escapes
      if (rand() < 0.5) for (const a of pooled) a.custom = { score: rand() < 0.5 ? Number((rand() * 10).toFixed(3)) : 1 / 3, tag: rand() < 0.5 ? 'a;b c' : 'x' };
      const copies = pooled.map(copyAnnotation);
      for (const fields of lists) {
        const want = reference(copies, fields);
        out.len = 0;
        writeCsq(out, pooled, fields);
        expect(out.toString(), `${rec.pos} ${fields.join(',')}`).toBe(want);
        expect(formatCsq(copies, fields)).toBe(want);
      }
      n++;
    }
    reader.close();
    expect(n).toBeGreaterThan(1000);
  });

  it('does not reuse an entry tail across values that differ: PICK, FLAGS, HGVS_OFFSET, DISTANCE, HAPLOTYPE, sources', async () => {
    const res = await loadResources({ bundle: true });
    const lists: string[][] = [[...DEFAULT_CSQ_FIELDS], ['Allele', 'Feature', 'STRAND', 'FLAGS', 'PICK', 'CANONICAL', 'HGVS_OFFSET', 'AF'], ['SYMBOL', 'Feature', 'FLAGS', 'PICK']];
    const out = new TextBytes(64);
    // one field list a pass: the writer keeps its caches while the list stays the same
    for (const fields of lists) {
      const annotator = new Annotator(res.annotator);
      const reader = await openVcf(DEMO);
      let n = 0;
      for await (const rec of reader) {
        // the pooled objects, as the writer sees them (their interned term lists key its caches)
        const a = (await annotator.annotateInPlace(rec))[0]!;
        // the same transcripts and terms recur from record to record: vary what the tail holds
        a.mostSevereNotPicked = rand() < 0.5 ? true : undefined;
        if (rand() < 0.2) a.frequencies = { AF: 0.5 };
        const entries = a.consequences.map((c) => ({
          ...c,
          picked: rand() < 0.5,
          hgvsShift: rand() < 0.2 ? 2 : undefined,
          distance: rand() < 0.2 ? 40 : undefined,
          haplotype: rand() < 0.1 ? { with: ['5 A>G'], terms: ['missense_variant'], codons: 'aCg/aTg', aminoAcids: 'T/M' } : undefined,
        }));
        const varied = { ...a, consequences: entries };
        out.len = 0;
        writeCsq(out, [varied], fields);
        expect(out.toString(), `${rec.pos} ${fields.join(',')}`).toBe(reference([varied], fields));
        n++;
      }
      reader.close();
      expect(n).toBeGreaterThan(1000);
    }
  });
});
