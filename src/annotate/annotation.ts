import type { ClinVarAnnotation } from './clinvar.js';
import type { CustomValue } from './custom-source.js';
import type { FrequencyAnnotation } from './frequencies.js';
import type { HaplotypeChange } from './haplotype.js';
import type { Impact, SoTerm } from './so-terms.js';

/** One transcript consequence in the JSON shape precis publishes (`-O j`, report). */
export interface ConsequenceRecord {
  gene: string;
  geneId: string;
  transcript: string | null;
  biotype: string;
  strand: 1 | -1 | null;
  terms: SoTerm[];
  impact: Impact;
  exon?: string;
  intron?: string;
  hgvsc?: string;
  hgvsp?: string;
  /** bases the HGVS c. notation was shifted 3′ (HGVS rule) away from the VCF position */
  hgvsShift?: number;
  cdnaPosition?: string;
  cdsPosition?: string;
  proteinPosition?: string;
  aminoAcids?: string;
  codons?: string;
  distance?: number;
  mane: 'MANE_Select' | 'MANE_Plus_Clinical' | null;
  canonical: boolean;
  picked: boolean;
  /** the codon change together with other variants on the same phased haplotype */
  haplotype?: HaplotypeChange;
}

/** Everything precis says about one ALT allele of one VCF record. */
export interface VariantAnnotation {
  chrom: string;
  pos: number;
  id: string | null;
  ref: string;
  alt: string;
  consequences: ConsequenceRecord[];
  mostSevere: SoTerm;
  impact: Impact;
  /** the most severe consequence lies on a transcript other than the picked one */
  mostSevereNotPicked?: true;
  clinvar?: ClinVarAnnotation;
  frequencies?: FrequencyAnnotation;
  custom?: Record<string, CustomValue>;
  /** IDs of matching known variants (frequency/ClinVar sources) */
  existing?: string[];
  /** the VCF REF differs from the reference FASTA */
  refMismatch?: true;
}
