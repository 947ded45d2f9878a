import { createHash } from 'node:crypto';
import { contigKey } from '../vcf/contigs.js';
import type { ReportDocument, SampleReport, VariantView } from './model.js';

/**
 * HL7 FHIR R4 Bundle following the Genomics Reporting IG (STU3): a genomic-report
 * DiagnosticReport whose results are genotype Observations (LOINC 84413-4), therapeutic
 * implications derived from them, and variant Observations (LOINC 69548-6).
 */

const GR = 'http://hl7.org/fhir/uv/genomics-reporting';
const LOINC = 'http://loinc.org';
const HGNC = 'http://www.genenames.org/geneId';

// HGNC identifiers of the pharmacogenes precis reports
const HGNC_IDS: Record<string, string> = {
  ABCG2: 'HGNC:74', CACNA1S: 'HGNC:1397', CFTR: 'HGNC:1884', CYP2B6: 'HGNC:2615', CYP2C19: 'HGNC:2621', CYP2C9: 'HGNC:2623',
  CYP2D6: 'HGNC:2625', CYP3A4: 'HGNC:2637', CYP3A5: 'HGNC:2638', CYP4F2: 'HGNC:2645', DPYD: 'HGNC:3012', G6PD: 'HGNC:4057',
  IFNL3: 'HGNC:18364', NAT2: 'HGNC:7646', NUDT15: 'HGNC:23063', RYR1: 'HGNC:10483', SLCO1B1: 'HGNC:10959', TPMT: 'HGNC:12014',
  UGT1A1: 'HGNC:12530', VKORC1: 'HGNC:23663', 'HLA-A': 'HGNC:4931', 'HLA-B': 'HGNC:4932', 'MT-RNR1': 'HGNC:7470',
};

// GRCh38 RefSeq chromosome accessions (NCBI GRCh38.p14 assembly report)
const GRCH38_REFSEQ: Record<string, string> = {
  '1': 'NC_000001.11', '2': 'NC_000002.12', '3': 'NC_000003.12', '4': 'NC_000004.12', '5': 'NC_000005.10', '6': 'NC_000006.12',
  '7': 'NC_000007.14', '8': 'NC_000008.11', '9': 'NC_000009.12', '10': 'NC_000010.11', '11': 'NC_000011.10', '12': 'NC_000012.12',
  '13': 'NC_000013.11', '14': 'NC_000014.9', '15': 'NC_000015.10', '16': 'NC_000016.10', '17': 'NC_000017.11', '18': 'NC_000018.10',
  '19': 'NC_000019.10', '20': 'NC_000020.11', '21': 'NC_000021.9', '22': 'NC_000022.11', X: 'NC_000023.11', Y: 'NC_000024.10', MT: 'NC_012920.1',
};

type Json = Record<string, unknown>;

function uuid(...parts: string[]): string {
  // deterministic ids: the same input gives the same bundle (diffable, testable)
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const loinc = (code: string, display: string): Json => ({ coding: [{ system: LOINC, code, display }] });
const answer = (code: string, display: string): Json => ({ coding: [{ system: LOINC, code, display }] });

function geneComponent(gene: string): Json {
  const id = HGNC_IDS[gene];
  return {
    code: loinc('48018-6', 'Gene studied [ID]'),
    valueCodeableConcept: id ? { coding: [{ system: HGNC, code: id, display: gene }] } : { text: gene },
  };
}

export function buildFhirBundle(doc: ReportDocument, s: SampleReport): Json {
  const p = doc.provenance;
  const patientId = uuid('patient', s.sample);
  const reportId = uuid('report', s.sample, p.date);
  const entries: Json[] = [];
  const results: string[] = [];
  const subject = { reference: `urn:uuid:${patientId}` };
  const obs = (id: string, resource: Json): void => {
    entries.push({ fullUrl: `urn:uuid:${id}`, resource: { resourceType: 'Observation', id, status: 'final', subject, ...resource } });
    results.push(`urn:uuid:${id}`);
  };

  entries.push({ fullUrl: `urn:uuid:${patientId}`, resource: { resourceType: 'Patient', id: patientId, identifier: [{ system: 'urn:precis:sample', value: s.sample }] } });

  for (const g of s.pgx?.genes ?? []) {
    if (!g.called || g.diplotypes.length === 0) continue;
    const gid = uuid('genotype', s.sample, g.gene);
    obs(gid, {
      meta: { profile: [`${GR}/StructureDefinition/genotype`] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: loinc('84413-4', 'Genotype display name'),
      valueCodeableConcept: { text: `${g.gene} ${g.diplotypes.join(' or ')}` },
      component: [geneComponent(g.gene)],
      ...(g.diplotypes.length > 1 ? { note: [{ text: `Ambiguous call: ${g.diplotypes.length} diplotypes tie.` }] } : {}),
    });
    for (const d of s.pgx?.drugs ?? []) {
      if (!d.genes.includes(g.gene) || !d.actionable) continue;
      const tid = uuid('implication', s.sample, g.gene, d.drug, d.source);
      obs(tid, {
        meta: { profile: [`${GR}/StructureDefinition/therapeutic-implication`] },
        code: { coding: [{ system: `${GR}/CodeSystem/tbd-codes-cs`, code: 'therapeutic-implication', display: 'Therapeutic Implication' }] },
        derivedFrom: [{ reference: `urn:uuid:${gid}` }],
        component: [
          { code: loinc('51963-7', 'Medication assessed [ID]'), valueCodeableConcept: { text: d.drug } },
          ...(d.lookupKey[g.gene] ? [{ code: loinc('53040-2', 'Genetic variation\'s effect on drug metabolism'), valueCodeableConcept: { text: d.lookupKey[g.gene] } }] : []),
          ...(d.classification ? [{ code: { coding: [{ system: `${GR}/CodeSystem/tbd-codes-cs`, code: 'evidence-level', display: 'Level of Evidence' }] }, valueCodeableConcept: { text: `${d.source}: ${d.classification}` } }] : []),
        ],
        ...(d.url ? { note: [{ text: `Guideline: ${d.url}` }] } : {}),
      });
    }
  }

  for (const v of s.variants ?? []) obs(uuid('variant', s.sample, v.chrom, String(v.pos), v.ref, v.alt), variantResource(v, p.input.genomeBuild));

  entries.push({
    fullUrl: `urn:uuid:${reportId}`,
    resource: {
      resourceType: 'DiagnosticReport',
      id: reportId,
      meta: { profile: [`${GR}/StructureDefinition/genomic-report`] },
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'GE', display: 'Genetics' }] }],
      code: loinc('51969-4', 'Genetic analysis report'),
      subject,
      issued: p.date,
      result: results.map((reference) => ({ reference })),
      conclusion: `Research use only. ${doc.disclaimer}`,
      extension: [{ url: 'urn:precis:provenance', valueString: `precis ${p.precisVersion}; ${p.data.map((d) => `${d.name} ${d.version}`).join('; ')}` }],
    },
  });
  // the report first, as readers expect
  entries.unshift(entries.pop()!);
  return { resourceType: 'Bundle', id: uuid('bundle', s.sample, p.date), type: 'collection', timestamp: p.date, entry: entries };
}

function variantResource(v: VariantView, build: string | null): Json {
  const acc = build === 'GRCh38' ? GRCH38_REFSEQ[contigKey(v.chrom)] : undefined;
  const alleles = v.genotype.split(/[|/]/).filter((a) => a !== '.');
  const altCount = alleles.filter((a) => a !== '0').length;
  const state =
    alleles.length === 1 ? answer('LA6707-9', 'Hemizygous') : altCount === alleles.length ? answer('LA6705-3', 'Homozygous') : answer('LA6706-1', 'Heterozygous');
  const components: Json[] = [
    ...(acc ? [{ code: loinc('48013-7', 'Genomic reference sequence [ID]'), valueCodeableConcept: { coding: [{ system: 'http://www.ncbi.nlm.nih.gov/refseq', code: acc }] } }] : []),
    ...(acc && v.ref.length === 1 && v.alt.length === 1 ? [{ code: loinc('81290-9', 'Genomic DNA change (gHGVS)'), valueCodeableConcept: { text: `${acc}:g.${v.pos}${v.ref}>${v.alt}` } }] : []),
    { code: loinc('92822-6', 'Genomic coord system'), valueCodeableConcept: answer('LA30102-0', '1-based character counting') },
    { code: loinc('81254-5', 'Genomic allele start-end'), valueRange: { low: { value: v.pos }, high: { value: v.pos + v.ref.length - 1 } } },
    { code: loinc('69547-8', 'Genomic ref allele [ID]'), valueString: v.ref },
    { code: loinc('69551-0', 'Genomic alt allele [ID]'), valueString: v.alt },
    { code: loinc('53034-5', 'Allelic state'), valueCodeableConcept: state },
  ];
  if (v.gene) components.push({ code: loinc('48018-6', 'Gene studied [ID]'), valueCodeableConcept: { text: v.gene } });
  if (v.hgvsc) components.push({ code: loinc('48004-6', 'DNA change (c.HGVS)'), valueCodeableConcept: { text: v.hgvsc } });
  if (v.hgvsp) components.push({ code: loinc('48005-3', 'Amino acid change (pHGVS)'), valueCodeableConcept: { text: v.hgvsp } });
  if (v.clinvar) components.push({ code: loinc('53037-8', 'Genetic variation clinical significance [Imp]'), valueCodeableConcept: { text: v.clinvar } });
  return {
    meta: { profile: [`${GR}/StructureDefinition/variant`] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: loinc('69548-6', 'Genetic variant assessment'),
    valueCodeableConcept: answer('LA9633-4', 'Present'),
    component: components,
  };
}
