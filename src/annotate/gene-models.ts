import { PrecisError } from '../util/errors.js';
import { contigKey } from '../vcf/index.js';
import { textLines } from './text-lines.js';
import { CCDS_TAGGED, type Transcript } from './transcript.js';

/** Problems found while reading gene models; they are reported, never fatal. */
export interface GeneModelIssues {
  missingParent: number;
  cdsWithoutPhase: number;
  noExons: number;
  messages: string[];
}

export interface GeneModels {
  transcripts: Transcript[];
  source: string;
  format: 'GFF3' | 'GTF';
  issues: GeneModelIssues;
}

interface FeatureRecord {
  type: string;
  chrom: string;
  start: number;
  end: number;
  strand: 1 | -1;
  attrs: Map<string, string>;
}

interface Part {
  type: 'exon' | 'CDS' | 'UTR' | 'stop_codon';
  start: number;
  end: number;
  phase: number;
  proteinId?: string;
  /** `transl_table` (RefSeq GFF3 CDS lines), when given */
  translTable?: string;
}

const PART_TYPES: Record<string, Part['type']> = {
  exon: 'exon',
  CDS: 'CDS',
  five_prime_UTR: 'UTR',
  three_prime_UTR: 'UTR',
  UTR: 'UTR',
  five_prime_utr: 'UTR',
  three_prime_utr: 'UTR',
  stop_codon: 'stop_codon',
};

// Feature types that name a transcript's biotype in the GFF3 dialects (the SO name or NCBI's).
const TYPE_BIOTYPE: Record<string, string> = {
  mRNA: 'protein_coding',
  lnc_RNA: 'lncRNA',
  lincRNA: 'lincRNA',
  miRNA: 'miRNA',
  snRNA: 'snRNA',
  snoRNA: 'snoRNA',
  rRNA: 'rRNA',
  pseudogenic_transcript: 'pseudogene',
  NMD_transcript_variant: 'nonsense_mediated_decay',
};

/** `t` with each of its text fields replaced by `intern`'s copy. */
function ownStrings(t: Transcript, intern: (v: string | undefined) => string | undefined): Transcript {
  const fields = t as unknown as Record<string, unknown>;
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    if (typeof v === 'string') fields[k] = intern(v);
  }
  return t;
}

/**
 * Reads GFF3 (Ensembl, GENCODE, RefSeq styles) or GTF, plain or gzip, into transcript
 * models. A transcript is any feature that is the parent of an exon or CDS (a GTF line's
 * transcript_id may name several), or a non-coding transcript line without them (see
 * `childlessTranscripts`); its gene is its own parent. Missing parents, CDS lines without
 * a phase and transcripts without exons are counted and warned about, never fatal.
 */
export async function readGeneModels(path: string): Promise<GeneModels> {
  // A value cut from a line keeps the text it was cut from alive (V8 slices long
  // substrings, and readline cuts lines out of 64 KiB chunks): the models kept every chunk,
  // as much heap as the file (420 MB after parsing a 415 MB GFF3, 51,000 transcripts).
  // Values kept are one fresh copy per distinct value instead.
  const values = new Map<string, string>();
  const intern = (v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    let kept = values.get(v);
    if (kept === undefined) {
      kept = Buffer.from(v, 'utf8').toString('utf8');
      values.set(kept, kept);
    }
    return kept;
  };
  const keep = (attrs: Map<string, string>): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [k, v] of attrs) out.set(intern(k)!, intern(v)!);
    return out;
  };
  const features = new Map<string, FeatureRecord>();
  const parts = new Map<string, Part[]>();
  const gtfGenes = new Map<string, Map<string, string>>();
  // ids that other (non-exon, non-CDS) features name as their parent: genes, not transcripts
  const featureParents = new Set<string>();
  let format: 'GFF3' | 'GTF' | undefined;
  const issues: GeneModelIssues = { missingParent: 0, cdsWithoutPhase: 0, noExons: 0, messages: [] };
  let lineNo = 0;
  let dataLines = 0;
  for await (const line of textLines(path)) {
    lineNo++;
    if (line === '' || line.charCodeAt(0) === 35 /* # */) {
      if (line.startsWith('##FASTA')) break;
      continue;
    }
    const f = line.split('\t');
    if (f.length < 9) {
      throw new PrecisError('BAD_DATA', `expected 9 tab-separated GFF/GTF columns, found ${f.length}`, { file: path, line: lineNo });
    }
    dataLines++;
    let start = Number(f[3]);
    const end = Number(f[4]);
    if (!Number.isInteger(start) || !Number.isInteger(end) || end < start) {
      throw new PrecisError('BAD_DATA', `bad coordinates ${f[3]}-${f[4]}`, { file: path, line: lineNo });
    }
    // features cut out of a larger region can begin before position 1: clip them
    if (end < 1) continue;
    start = Math.max(1, start);
    format ??= /^\s*\w+ "/.test(f[8]!) ? 'GTF' : 'GFF3';
    const attrs = format === 'GTF' ? parseGtfAttributes(f[8]!) : parseGff3Attributes(f[8]!);
    const strand: 1 | -1 = f[6] === '-' ? -1 : 1;
    const type = f[2]!;
    const partType = PART_TYPES[type];
    if (format === 'GTF') {
      const tids = attrs.get('transcript_id');
      const gid = attrs.get('gene_id');
      if (type === 'gene' && gid) gtfGenes.set(intern(gid)!, keep(attrs));
      if (!tids) continue;
      const phase = partType ? phaseOf(f[7]!, partType, issues, path, lineNo) : 0;
      // `transcript_id "A,B"`: an exon two transcripts share (GFF3's `Parent=A,B`), as Ensembl's VEP test GTF writes it
      for (const tid of tids.includes(',') ? tids.split(',') : [tids]) {
        if (tid === '') continue;
        const own = tids === tid ? attrs : new Map(attrs).set('transcript_id', tid);
        if (!features.has(tid)) features.set(intern(tid)!, { type: 'transcript', chrom: f[0]!, start, end, strand, attrs: keep(own) });
        const tr = features.get(tid)!;
        if (type === 'transcript') tr.attrs = keep(own);
        tr.start = Math.min(tr.start, start);
        tr.end = Math.max(tr.end, end);
        if (partType) addPart(parts, intern(tid)!, { type: partType, start, end, phase, proteinId: intern(attrs.get('protein_id')), translTable: intern(attrs.get('transl_table')) });
      }
      continue;
    }
    const id = attrs.get('ID');
    const parentList = attrs.get('Parent');
    if (partType && parentList) {
      for (const p of parentList.split(',')) {
        addPart(parts, intern(p)!, { type: partType, start, end, phase: phaseOf(f[7]!, partType, issues, path, lineNo), proteinId: intern(attrs.get('protein_id')), translTable: intern(attrs.get('transl_table')) });
      }
    } else if (id) {
      features.set(intern(id)!, { type, chrom: f[0]!, start, end, strand, attrs: keep(attrs) });
      if (parentList) for (const p of parentList.split(',')) featureParents.add(intern(p)!);
    }
  }
  if (dataLines === 0) throw new PrecisError('BAD_DATA', 'no GFF3/GTF features found', { file: path });

  const transcripts: Transcript[] = [];
  for (const [tid, ps] of parts) {
    const tr = features.get(tid);
    if (!tr) {
      issues.missingParent++;
      if (issues.messages.length < 5) issues.messages.push(`exon/CDS parent "${tid}" is not defined; skipped`);
      continue;
    }
    let gene: FeatureRecord | Map<string, string> | undefined;
    if (format === 'GTF') gene = gtfGenes.get(tr.attrs.get('gene_id') ?? '');
    else {
      const gp = tr.attrs.get('Parent')?.split(',')[0];
      // a part of a transcript with exons of its own (RefSeq's mature miRNA under its
      // primary_transcript) is not a transcript: VEP reads the precursor alone
      if (gp !== undefined && parts.has(gp) && features.has(gp)) continue;
      gene = gp ? features.get(gp) : undefined;
      if (gp && !gene) {
        issues.missingParent++;
        if (issues.messages.length < 5) issues.messages.push(`transcript ${tid}: parent "${gp}" is not defined; gene taken from the transcript`);
      }
    }
    const geneAttrs = gene instanceof Map ? gene : gene?.attrs;
    const t = buildTranscript(tid, tr, ps, geneAttrs, format === 'GTF');
    if (!t) {
      issues.noExons++;
      continue;
    }
    transcripts.push(ownStrings(t, intern));
  }
  for (const t of childlessTranscripts(features, parts, featureParents, gtfGenes, format === 'GTF', issues)) transcripts.push(ownStrings(t, intern));
  return { transcripts, source: path, format: format ?? 'GFF3', issues };
}

/**
 * Transcripts given without a single exon or CDS line (a lincRNA line under its gene, as
 * bcftools csq's own test GFF has): a non-coding one is taken as one exon over its span,
 * as bcftools csq takes it (non_coding); a coding one cannot be rebuilt and is skipped.
 * Both are counted among the transcripts without exons. A transcript is a feature whose
 * parent is a top-level feature (its gene) and that no other feature names as parent.
 */
function childlessTranscripts(
  features: Map<string, FeatureRecord>,
  parts: Map<string, Part[]>,
  featureParents: Set<string>,
  gtfGenes: Map<string, Map<string, string>>,
  gtf: boolean,
  issues: GeneModelIssues,
): Transcript[] {
  const out: Transcript[] = [];
  for (const [id, tr] of features) {
    if (parts.has(id) || featureParents.has(id)) continue;
    let geneAttrs: Map<string, string> | undefined;
    if (gtf) geneAttrs = gtfGenes.get(tr.attrs.get('gene_id') ?? '');
    else {
      const gp = tr.attrs.get('Parent')?.split(',')[0];
      // a top-level feature is a gene, not a transcript
      if (gp === undefined) continue;
      const gene = features.get(gp);
      if (gene?.attrs.has('Parent')) continue;
      if (gene === undefined) {
        issues.missingParent++;
        if (issues.messages.length < 5) issues.messages.push(`transcript ${id}: parent "${gp}" is not defined; gene taken from the transcript`);
      }
      geneAttrs = gene?.attrs;
    }
    const biotype = tr.attrs.get('biotype') ?? tr.attrs.get('transcript_biotype') ?? tr.attrs.get('transcript_type') ?? TYPE_BIOTYPE[tr.type];
    issues.noExons++;
    if (biotype === undefined || biotype === 'protein_coding' || tr.type === 'mRNA') {
      if (issues.messages.length < 5) issues.messages.push(`transcript ${id} has no exon or CDS lines; skipped`);
      continue;
    }
    if (issues.messages.length < 5) issues.messages.push(`transcript ${id} has no exon lines; taken as one exon over ${tr.start}-${tr.end}`);
    const t = buildTranscript(id, tr, [{ type: 'exon', start: tr.start, end: tr.end, phase: 0 }], geneAttrs, gtf);
    if (t) out.push(t);
  }
  return out;
}

function addPart(parts: Map<string, Part[]>, parent: string, p: Part): void {
  let a = parts.get(parent);
  if (!a) parts.set(parent, (a = []));
  a.push(p);
}

function phaseOf(col: string, type: Part['type'], issues: GeneModelIssues, path: string, line: number): number {
  if (type !== 'CDS') return 0;
  if (col === '0' || col === '1' || col === '2') return Number(col);
  issues.cdsWithoutPhase++;
  if (issues.messages.length < 5) issues.messages.push(`${path}:${line}: CDS without a phase; assumed 0`);
  return 0;
}

function stripPrefix(id: string): string {
  const c = id.indexOf(':');
  return c >= 0 && /^(gene|transcript|rna|cds|exon)$/i.test(id.slice(0, c)) ? id.slice(c + 1) : id;
}

function splitVersion(id: string, version: string | undefined): { id: string; version?: string } {
  const m = /^(ENS\w*?[GTP]\d{11}|[NX][MRP]_\d+)\.(\d+)$/.exec(id);
  if (m) return { id: m[1]!, version: m[2] };
  return { id, version };
}

function buildTranscript(key: string, tr: FeatureRecord, ps: Part[], geneAttrs: Map<string, string> | undefined, gtf: boolean): Transcript | undefined {
  const a = tr.attrs;
  let exonParts = ps.filter((p) => p.type === 'exon');
  const cds = ps.filter((p) => p.type === 'CDS' || p.type === 'stop_codon');
  if (exonParts.length === 0) exonParts = ps.filter((p) => p.type === 'CDS' || p.type === 'UTR' || p.type === 'stop_codon');
  if (exonParts.length === 0) return undefined;
  exonParts.sort((x, y) => x.start - y.start);
  const merged: number[] = [];
  for (const p of exonParts) {
    const n = merged.length;
    if (n > 0 && p.start <= merged[n - 1]! + 1) merged[n - 1] = Math.max(merged[n - 1]!, p.end);
    else merged.push(p.start, p.end);
  }
  let cdsStart = 0;
  let cdsEnd = 0;
  let cdsPhase = 0;
  let proteinId: string | undefined;
  let translTable: string | undefined;
  let slips: number[] | undefined;
  const realCds = cds.filter((p) => p.type === 'CDS');
  if (realCds.length > 0) {
    cdsStart = Math.min(...cds.map((p) => p.start));
    cdsEnd = Math.max(...cds.map((p) => p.end));
    // the phase that matters is the one of the 5'-most CDS piece in transcript order
    const first = tr.strand === 1 ? realCds.reduce((m, p) => (p.start < m.start ? p : m)) : realCds.reduce((m, p) => (p.end > m.end ? p : m));
    cdsPhase = first.phase;
    proteinId = realCds.find((p) => p.proteinId)?.proteinId;
    translTable = realCds.find((p) => p.translTable)?.translTable;
    slips = ribosomalSlips(realCds, tr.strand, merged);
  }
  const rawId = a.get('transcript_id') ?? stripPrefix(a.get('ID') ?? key);
  const { id, version } = splitVersion(rawId, a.get('version') ?? a.get('transcript_version'));
  const tags = new Set<string>();
  for (const k of ['tag', 'tags']) for (const v of (a.get(k) ?? '').split(',')) if (v) tags.add(v.replace(/ /g, '_'));
  const gAttrs = geneAttrs ?? new Map<string, string>();
  // VEP's order: the transcript's gene_id, its Dbxref GeneID (RefSeq: the Entrez id, as VEP's RefSeq cache names genes), the gene's
  const geneRaw = a.get('gene_id') ?? entrezOf(a.get('Dbxref') ?? a.get('dbxref')) ?? gAttrs.get('gene_id') ?? stripPrefix(a.get('Parent')?.split(',')[0] ?? gAttrs.get('ID') ?? rawId);
  const geneId = splitVersion(geneRaw, undefined).id;
  const geneName = gAttrs.get('Name') ?? gAttrs.get('gene_name') ?? a.get('gene_name') ?? a.get('gene') ?? gAttrs.get('gene') ?? geneId;
  const biotype =
    a.get('biotype') ?? a.get('transcript_biotype') ?? a.get('transcript_type') ?? TYPE_BIOTYPE[tr.type] ?? refSeqBiotype(tr, gAttrs) ?? (cdsStart > 0 ? 'protein_coding' : gtf ? 'unknown' : tr.type);
  const maneSelect = tags.has('MANE_Select');
  const manePlus = tags.has('MANE_Plus_Clinical');
  const tslRaw = a.get('transcript_support_level');
  const tsl = tslRaw !== undefined && /^\d/.test(tslRaw) ? Number(tslRaw[0]) : undefined;
  const appris = apprisRank(tags);
  const hgncId = hgncOf(gAttrs.get('hgnc_id') ?? a.get('hgnc_id') ?? gAttrs.get('Dbxref') ?? a.get('Dbxref') ?? a.get('db_xref'));
  return {
    id,
    version,
    geneId,
    geneName,
    biotype,
    chrom: tr.chrom,
    strand: tr.strand,
    start: Math.min(tr.start, merged[0]!),
    end: Math.max(tr.end, merged[merged.length - 1]!),
    exons: Int32Array.from(merged),
    cdsStart,
    cdsEnd,
    cdsPhase,
    slips,
    geneticCode: translTable !== undefined && /^\d+$/.test(translTable) ? Number(translTable) : contigKey(tr.chrom) === 'MT' ? 2 : 1,
    proteinId: proteinId ? stripPrefix(proteinId) : undefined,
    mane: maneSelect ? 'MANE_Select' : manePlus ? 'MANE_Plus_Clinical' : undefined,
    canonical: tags.has('Ensembl_canonical') || a.get('is_canonical') === '1' || a.get('canonical') === '1',
    flags: incompleteFlags(tags.has('cds_start_NF') || (cdsStart > 0 && cdsPhase !== 0), tags.has('cds_end_NF')),
    ccds: a.get('ccdsid') ?? a.get('ccds_id') ?? (tags.has('CCDS') ? CCDS_TAGGED : undefined),
    tsl,
    appris,
    hgncId,
    basic: tags.has('basic'),
  };
}

/**
 * The biotype of a RefSeq transcript, which names none, as VEP works it out: an ncRNA's
 * ncrna_class, IG_V_gene for a V_gene_segment (and so on), miRNA under a gene described as
 * a microRNA (RefSeq's primary_transcript; or of gene_biotype miRNA), else the GenBank key (gbkey); undefined when
 * none applies.
 */
function refSeqBiotype(tr: FeatureRecord, gene: Map<string, string>): string | undefined {
  if (tr.type === 'ncRNA' && tr.attrs.has('ncrna_class')) return tr.attrs.get('ncrna_class');
  const segment = /^([A-Za-z]+)_gene_segment$/.exec(tr.type);
  if (segment) return `IG_${segment[1]!.toUpperCase()}_gene`;
  if (/^microRNA/.test(gene.get('description') ?? '') || (tr.type === 'primary_transcript' && gene.get('gene_biotype') === 'miRNA')) return 'miRNA';
  return tr.attrs.get('gbkey');
}

/** The Entrez gene id of a RefSeq `Dbxref=GeneID:1,HGNC:HGNC:5`. */
function entrezOf(v: string | undefined): string | undefined {
  const m = v === undefined ? null : /(?:^|,)GeneID:([^,]+)/.exec(v);
  return m === null ? undefined : m[1];
}

/** `HGNC:5` from GENCODE's `hgnc_id=HGNC:5` or a RefSeq `Dbxref=GeneID:1,HGNC:HGNC:5,MIM:103950`. */
function hgncOf(v: string | undefined): string | undefined {
  const m = v === undefined ? null : /(?:^|[,\s])(?:HGNC:)?HGNC:(\d+)(?:$|[,\s])/.exec(v);
  return m === null ? undefined : `HGNC:${m[1]}`;
}

/** GENCODE's `appris_principal_N` / `appris_alternative_N` tag as VEP ranks it (principal first). */
function apprisRank(tags: ReadonlySet<string>): number | undefined {
  for (const t of tags) {
    const m = /^appris_(principal|alternative)_(\d+)$/.exec(t);
    if (m) return (m[1] === 'principal' ? 0 : 10) + Number(m[2]);
  }
  return undefined;
}

/** VEP's FLAGS for an incomplete CDS. */
function incompleteFlags(start: boolean, end: boolean): string | undefined {
  if (start) return end ? 'cds_start_NF&cds_end_NF' : 'cds_start_NF';
  return end ? 'cds_end_NF' : undefined;
}

/** Programmed frameshifts step back one or two bases. */
const MAX_SLIP = 2;

/**
 * CDS pieces that overlap in transcript order are a programmed -1 frameshift: the
 * ribosome reads the shared bases twice (SARS-CoV-2 ORF1ab: 266-13468 then 13468-21555).
 * Pairs [last base of the earlier piece, bases read again]; undefined when none overlap.
 */
function ribosomalSlips(pieces: Part[], strand: 1 | -1, exons: readonly number[]): number[] | undefined {
  if (pieces.length < 2) return undefined;
  // a slip is read on the spliced sequence: one outside the exons (a CDS line past its exon) is dropped
  const exonic = (g: number): boolean => {
    for (let i = 0; i < exons.length; i += 2) if (g >= exons[i]! && g <= exons[i + 1]!) return true;
    return false;
  };
  const ordered = [...pieces].sort((x, y) => (strand === 1 ? x.start - y.start || x.end - y.end : y.end - x.end || y.start - x.start));
  let out: number[] | undefined;
  for (let i = 1; i < ordered.length; i++) {
    const p = ordered[i - 1]!;
    const q = ordered[i]!;
    const overlap = strand === 1 ? p.end - q.start + 1 : q.end - p.start + 1;
    // a piece inside another is a duplicate line, not a frameshift
    const nested = strand === 1 ? q.end <= p.end : q.start >= p.start;
    const at = strand === 1 ? p.end : p.start;
    // a longer overlap is a model error, merged as before
    if (overlap > 0 && overlap <= MAX_SLIP && !nested && exonic(at)) (out ??= []).push(at, overlap);
  }
  return out;
}

/** `key=value;key=v1,v2` with %XX escapes (GFF3 column 9). */
export function parseGff3Attributes(s: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const item of s.split(';')) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const k = item.slice(0, eq).trim();
    const v = item.slice(eq + 1);
    m.set(k, v.includes('%') ? safeDecode(v) : v);
  }
  return m;
}

/** `key "value"; key "value";` (GTF column 9); repeated keys (tag) are joined with commas. */
export function parseGtfAttributes(s: string): Map<string, string> {
  const m = new Map<string, string>();
  const re = /\s*([^\s;]+)\s+(?:"([^"]*)"|([^;\s]+))\s*;?/g;
  let r: RegExpExecArray | null;
  while ((r = re.exec(s)) !== null) {
    const k = r[1]!;
    const v = r[2] ?? r[3] ?? '';
    const prev = m.get(k);
    m.set(k, prev === undefined ? v : `${prev},${v}`);
  }
  return m;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
