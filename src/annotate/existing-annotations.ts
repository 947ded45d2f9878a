import type { VcfHeader } from '../vcf/index.js';

/** One upstream consequence entry from a VEP `CSQ`, SnpEff `ANN` or bcftools `BCSQ` annotation. */
export interface UpstreamConsequence {
  tool: 'VEP' | 'SnpEff' | 'bcftools';
  /** the allele the entry is for (VEP/SnpEff); undefined for BCSQ */
  allele?: string;
  terms: string[];
  impact?: string;
  gene?: string;
  geneId?: string;
  transcript?: string;
  biotype?: string;
  hgvsc?: string;
  hgvsp?: string;
  /** every field by its header name, for what the common shape leaves out */
  fields: Record<string, string>;
}

/** Which INFO keys carry upstream annotation and how to read each. */
export interface UpstreamFormat {
  key: 'CSQ' | 'ANN' | 'BCSQ';
  fields: string[];
}

const SNPEFF_FIELDS = ['Allele', 'Annotation', 'Annotation_Impact', 'Gene_Name', 'Gene_ID', 'Feature_Type', 'Feature_ID', 'Transcript_BioType', 'Rank', 'HGVS.c', 'HGVS.p', 'cDNA.pos / cDNA.length', 'CDS.pos / CDS.length', 'AA.pos / AA.length', 'Distance', 'ERRORS / WARNINGS / INFO'];
const BCSQ_FIELDS = ['Consequence', 'gene', 'transcript', 'biotype', 'strand', 'amino_acid_change', 'dna_change'];

/** Reads the sub-field lists from the header (`Format: a|b|c` for CSQ; quoted list for ANN). */
export function upstreamFormats(header: VcfHeader): UpstreamFormat[] {
  const out: UpstreamFormat[] = [];
  const csq = header.info.get('CSQ');
  if (csq) {
    const m = /Format:\s*([^"]+)/.exec(csq.description);
    if (m) out.push({ key: 'CSQ', fields: m[1]!.trim().split('|') });
  }
  const ann = header.info.get('ANN');
  if (ann) {
    const m = /'([^']+)'/.exec(ann.description);
    out.push({ key: 'ANN', fields: m ? m[1]!.split('|').map((s) => s.trim()) : SNPEFF_FIELDS });
  }
  if (header.info.has('BCSQ')) out.push({ key: 'BCSQ', fields: BCSQ_FIELDS });
  return out;
}

/** Parses one record's upstream annotation value. */
export function parseUpstream(format: UpstreamFormat, value: string): UpstreamConsequence[] {
  const out: UpstreamConsequence[] = [];
  for (const entry of value.split(',')) {
    if (entry === '' || entry === '.') continue;
    if (format.key === 'BCSQ' && entry.startsWith('@')) continue; // a pointer to the record holding a compound consequence
    const parts = entry.split('|');
    const fields: Record<string, string> = {};
    format.fields.forEach((f, i) => {
      if (parts[i] !== undefined && parts[i] !== '') fields[f] = parts[i]!;
    });
    if (format.key === 'CSQ') {
      out.push({
        tool: 'VEP',
        allele: fields.Allele,
        terms: (fields.Consequence ?? '').split('&').filter(Boolean),
        impact: fields.IMPACT,
        gene: fields.SYMBOL,
        geneId: fields.Gene,
        transcript: fields.Feature,
        biotype: fields.BIOTYPE,
        hgvsc: fields.HGVSc,
        hgvsp: fields.HGVSp !== undefined ? decodeURIComponentSafe(fields.HGVSp) : undefined,
        fields,
      });
    } else if (format.key === 'ANN') {
      out.push({
        tool: 'SnpEff',
        allele: fields.Allele,
        terms: (fields.Annotation ?? '').split('&').filter(Boolean),
        impact: fields.Annotation_Impact,
        gene: fields.Gene_Name,
        geneId: fields.Gene_ID,
        transcript: fields.Feature_ID,
        biotype: fields.Transcript_BioType,
        hgvsc: fields['HGVS.c'],
        hgvsp: fields['HGVS.p'],
        fields,
      });
    } else {
      out.push({
        tool: 'bcftools',
        terms: (fields.Consequence ?? '').split('&').map((t) => t.replace(/^\*/, '')).filter(Boolean),
        gene: fields.gene,
        transcript: fields.transcript,
        biotype: fields.biotype,
        fields,
      });
    }
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
