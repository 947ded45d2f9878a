#!/usr/bin/env node
// Consequence agreement of precis with bcftools csq on the same sites, entry by entry:
//
//   node bench/annotate/agreement.mjs bcftools-local.vcf precis.vcf
//
// bcftools-local.vcf: `bcftools csq -l` (local mode: each variant on its own, as precis
// annotates sites-only input); precis.vcf: `precis annotate --fields
// Consequence,SYMBOL,Feature,...` (Consequence, SYMBOL and Feature first), the same records
// in the same order. A bcftools entry agrees when each of its terms is among precis' terms,
// mapped to bcftools' names, on the same transcript (or, for bcftools' gene-level entries,
// on any transcript of the gene). Prints the agreement and the largest kinds of
// disagreement, each with one example.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const NAMES = {
  splice_acceptor_variant: 'splice_acceptor', splice_donor_variant: 'splice_donor', stop_gained: 'stop_gained',
  frameshift_variant: 'frameshift', stop_lost: 'stop_lost', start_lost: 'start_lost', inframe_insertion: 'inframe_insertion',
  inframe_deletion: 'inframe_deletion', missense_variant: 'missense', protein_altering_variant: 'inframe_altering',
  splice_region_variant: 'splice_region', incomplete_terminal_codon_variant: 'coding_sequence', start_retained_variant: 'start_retained',
  stop_retained_variant: 'stop_retained', synonymous_variant: 'synonymous', coding_sequence_variant: 'coding_sequence',
  '5_prime_UTR_variant': '5_prime_utr', '3_prime_UTR_variant': '3_prime_utr', non_coding_transcript_exon_variant: 'non_coding',
  intron_variant: 'intron', NMD_transcript_variant: 'NMD_transcript', non_coding_transcript_variant: 'non_coding',
  feature_elongation: 'feature_elongation', feature_truncation: 'feature_truncation',
};

async function* records(path) {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    yield f;
  }
}
const infoValue = (f, key) => f[7].split(';').find((kv) => kv.startsWith(`${key}=`))?.slice(key.length + 1);
// bench/annotate tiles each gene with an `_<tile>_<case>` suffix; precis writes `ID.version` when the GFF gives one
const bareTranscript = (id) => id.replace(/_\d+_\d+$/, '').replace(/\.\d+$/, '');

export async function agreement(bcftoolsVcf, precisVcf) {
  const theirs = records(bcftoolsVcf)[Symbol.asyncIterator]();
  let entries = 0;
  let agree = 0;
  const kinds = new Map();
  for await (const p of records(precisVcf)) {
    const b = (await theirs.next()).value;
    if (!b || b[1] !== p[1] || b[3] !== p[3] || b[4] !== p[4]) throw new Error(`records differ at ${p.slice(0, 5).join(' ')}`);
    const bcsq = infoValue(b, 'BCSQ');
    if (!bcsq) continue;
    const mine = new Map();
    for (const e of (infoValue(p, 'CSQ') ?? '').split(',')) {
      const [terms = '', gene = '', feature = ''] = e.split('|');
      const mapped = terms.split('&').map((t) => NAMES[t]).filter(Boolean);
      for (const key of [bareTranscript(feature), `gene:${gene}`]) mine.set(key, [...(mine.get(key) ?? []), ...mapped]);
    }
    for (const e of bcsq.split(',')) {
      const f = e.split('|');
      if (f[0].startsWith('@')) continue; // the consequence is given at another record
      const key = f[2] ? bareTranscript(f[2]) : `gene:${f[1]}`;
      const have = mine.get(key) ?? [];
      entries++;
      if (f[0].split('&').every((t) => have.includes(t.replace(/^\*/, '')))) {
        agree++;
        continue;
      }
      const kind = `bcftools ${f[0]} / precis ${[...new Set(have)].sort().join('&') || '(no entry)'} (${b[3].length === 1 && b[4].length === 1 ? 'SNV' : 'indel'})`;
      const k = kinds.get(kind) ?? { n: 0, example: `${b[1]} ${b[3]}>${b[4]} ${f[2] || f[1]}` };
      k.n++;
      kinds.set(kind, k);
    }
  }
  return { entries, agree, kinds: [...kinds].sort((x, y) => y[1].n - x[1].n) };
}

/**
 * Haplotype compounds: bcftools csq's BCSQ entries that join records (`a+b`, from phased
 * samples) against precis' HAPLOTYPE field, on the same transcript. Counted for compounds
 * whose records lie at most `span` bp apart (bcftools also joins everything after a
 * frameshift on the haplotype, which precis does not); a compound agrees when precis joins
 * the same records and has each of bcftools' protein-level terms (its own inframe_altering,
 * splice_region and NMD_transcript aside).
 */
export async function compoundAgreement(bcftoolsVcf, precisVcf, span = 3) {
  // a tile suffix, else a version: `C41D11.1a.2_0_2` and `C41D11.1a.2` stay apart from `C41D11.1a.1`
  const bareTranscript = (id) => id.replace(/(_\d+_\d+)?(\.\d+)?$/, '');
  const theirs = new Map();
  for await (const b of records(bcftoolsVcf)) {
    for (const e of (infoValue(b, 'BCSQ') ?? '').split(',')) {
      const f = e.split('|');
      if (f.length < 7 || !f[6].includes('+')) continue;
      const members = f[6].split('+');
      const pos = members.map((m) => Number(/^\d+/.exec(m)[0]));
      if (Math.max(...pos) - Math.min(...pos) > span) continue;
      theirs.set(`${bareTranscript(f[2])} ${members.sort().join('+')}`, f[0].replace(/^\*/, ''));
    }
  }
  const mine = new Map();
  let fields;
  for await (const line of createInterface({ input: createReadStream(precisVcf), crlfDelay: Infinity })) {
    if (line.startsWith('##INFO=<ID=CSQ')) fields = /Format: ([^"]*)/.exec(line)[1].split('|');
    if (line === '' || line.startsWith('#')) continue;
    const p = line.split('\t');
    const at = (name) => fields.indexOf(name);
    for (const e of (infoValue(p, 'CSQ') ?? '').split(',')) {
      const f = e.split('|');
      const h = f[at('HAPLOTYPE')];
      if (!h) continue;
      const [terms, , , withs] = h.split(':');
      const members = [`${p[1]}${p[3]}>${p[4]}`, ...withs.split('+')].sort().join('+');
      mine.set(`${bareTranscript(f[at('Feature')])} ${members}`, terms.split('&').map((t) => NAMES[t]).filter(Boolean));
    }
  }
  const ignored = new Set(['inframe_altering', 'splice_region', 'NMD_transcript']);
  let joined = 0;
  let agree = 0;
  for (const [key, terms] of theirs) {
    const have = mine.get(key);
    if (have === undefined) continue;
    joined++;
    if (terms.split('&').every((t) => ignored.has(t) || have.includes(t))) agree++;
  }
  return { compounds: theirs.size, joined, agree };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [b, p] = process.argv.slice(2);
  if (!b || !p) {
    console.error('usage: node bench/annotate/agreement.mjs bcftools-local.vcf precis.vcf');
    process.exit(2);
  }
  const r = await agreement(b, p);
  console.log(`${r.agree} of ${r.entries} bcftools csq -l entries agree (${((100 * r.agree) / r.entries).toFixed(2)}%)`);
  for (const [kind, { n, example }] of r.kinds.slice(0, 15)) console.log(`${n}\t${kind}\te.g. ${example}`);
}
