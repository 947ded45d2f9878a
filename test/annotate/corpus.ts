import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotator } from '../../src/annotate/annotator.js';
import { readGeneModels } from '../../src/annotate/gene-models.js';
import { bcftoolsName } from '../../src/annotate/so-terms.js';
import { TranscriptIndex } from '../../src/annotate/transcript-index.js';
import { FastaReader, openVcf } from '../../src/vcf/index.js';

/** One expected bcftools csq entry: consequence names on a transcript (or a gene, for gene-level entries). */
interface ExpectedEntry {
  terms: string[];
  gene: string;
  transcript: string;
}

export interface VariantCheck {
  pos: number;
  ref: string;
  alt: string;
  expected: string;
  precis: string;
  agree: boolean;
}

export interface CaseResult {
  name: string;
  variants: number;
  agree: number;
  checks: VariantCheck[];
}

/** Parses `<name>.txt-l` (or `.txt`): groups of `POS REF ALT EXP` / `POS REF ALT BCSQ` lines. */
function readExpected(path: string): Map<string, string> {
  const out = new Map<string, string>();
  const groups = readFileSync(path, 'utf8').split(/\n\s*\n/);
  for (const g of groups) {
    const lines = g.split('\n').filter((l) => l.trim() !== '');
    const last = lines[lines.length - 1];
    if (!last) continue;
    const c = last.split('\t');
    if (c.length !== 4) continue; // per-sample TBCSQ files are not compared here
    out.set(`${c[0]}:${c[1]}:${c[2]}`, c[3]!);
  }
  return out;
}

function parseBcsq(s: string): ExpectedEntry[] {
  if (s === '.' || s === '') return [];
  return s.split(',').flatMap((e) => {
    const f = e.split('|');
    if (f[0]!.startsWith('@')) return [];
    return [{ terms: f[0]!.split('&').map((t) => t.replace(/^\*/, '')), gene: f[1] ?? '', transcript: f[2] ?? '' }];
  });
}

/** One corpus VCF with the gene models and reference of its case. */
export interface CorpusInput {
  dir: string;
  vcf: string;
  gff: string;
  fasta: string;
}

/**
 * Expected BCSQ values keyed `POS:REF:ALT`, or undefined when the VCF has none to compare.
 * `expectedFromFiles` reads the corpus' own `.txt-l`/`.txt` files.
 */
export type Expectations = (input: CorpusInput) => Map<string, string> | undefined;

export const expectedFromFiles: Expectations = ({ dir, vcf }) => {
  const base = vcf.slice(0, -4);
  const path = existsSync(join(dir, `${base}.txt-l`)) ? join(dir, `${base}.txt-l`) : join(dir, `${base}.txt`);
  if (!existsSync(path)) return undefined;
  const expected = readExpected(path);
  return expected.size === 0 ? undefined : expected;
};

/**
 * Runs precis on every case with an expectation and compares, per variant,
 * each expected bcftools entry with precis' terms on the same transcript (or any
 * transcript of the gene for gene-level entries) mapped to bcftools' names: the entry
 * agrees when every expected term is among precis' mapped terms.
 */
export async function runCorpus(casesDir: string, expectations: Expectations = expectedFromFiles): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const id of readdirSync(casesDir).sort()) {
    const dir = join(casesDir, id);
    const gff = readdirSync(dir).find((f) => f.endsWith('.gff') && !f.startsWith('short'));
    const fa = readdirSync(dir).find((f) => f.endsWith('.fa'));
    if (!gff || !fa) continue;
    const models = await readGeneModels(join(dir, gff));
    const index = new TranscriptIndex(models.transcripts);
    const fasta = await FastaReader.open(join(dir, fa));
    for (const vcfName of readdirSync(dir).filter((f) => f.endsWith('.vcf')).sort()) {
      const expected = expectations({ dir, vcf: vcfName, gff: join(dir, gff), fasta: join(dir, fa) });
      if (expected === undefined) continue;
      const annotator = new Annotator({ index, fasta });
      const reader = await openVcf(join(dir, vcfName));
      const res: CaseResult = { name: `${id}/${vcfName.slice(0, -4)}`, variants: 0, agree: 0, checks: [] };
      for await (const rec of reader) {
        const annotations = await annotator.annotate(rec);
        for (const a of annotations) {
          const exp = expected.get(`${rec.pos}:${rec.ref}:${a.alt}`);
          if (exp === undefined) continue;
          const entries = parseBcsq(exp);
          const mapped = a.consequences.map((c) => ({
            transcript: (c.transcript ?? '').replace(/\.\d+$/, ''),
            gene: c.gene,
            terms: new Set(c.terms.map((t) => bcftoolsName(t)).filter((t): t is string => t !== undefined)),
          }));
          const ok = entries.every((e) =>
            mapped.some((m) => (e.transcript ? m.transcript === e.transcript.replace(/\.\d+$/, '') : m.gene === e.gene) && e.terms.every((t) => m.terms.has(t))),
          );
          res.variants++;
          if (ok) res.agree++;
          res.checks.push({
            pos: rec.pos,
            ref: rec.ref,
            alt: a.alt,
            expected: exp,
            precis: mapped.map((m) => `${[...m.terms].join('&')}|${m.gene}|${m.transcript}`).join(','),
            agree: ok,
          });
        }
      }
      reader.close();
      if (res.variants > 0) results.push(res);
    }
  }
  return results;
}
