import type { Command } from 'commander';
import { annotateToWriter, type AnnotateOutput } from '../annotate/run.js';
import type { AnnotateResult } from '../annotate/stage.js';
import { DEFAULT_CSQ_FIELDS, EXTRA_CSQ_FIELDS, HGVS_FIELDS, KNOWN_CSQ_FIELDS } from '../annotate/csq-format.js';
import { loadResources, type ResourceConfig } from '../annotate/resources.js';
import { readSourceConfig } from '../annotate/source-config.js';
import { annotationThreads } from '../annotate/parallel.js';
import { PrecisError } from '../util/errors.js';
import { warn } from '../util/output.js';
import { Progress } from '../util/progress.js';
import { openVcf, vcfOutputType } from '../vcf/index.js';
import { addCommonOptions, addRegionOptions, applyCommon, collect, commandLine, examples, provenanceHeaderLines, readerOptions, type RegionFlags } from './common.js';

interface AnnotateFlags extends RegionFlags {
  output: string;
  outputType?: string;
  gff?: string;
  fasta?: string;
  clinvar: string[];
  frequencies: string[];
  sources?: string;
  bundle: boolean;
  consequences: boolean;
  cache: boolean;
  pick?: boolean;
  perGene?: boolean;
  fields?: string;
  summary?: string;
  strictRef?: boolean;
  distance?: { upstream: number; downstream: number };
  writeIndex?: boolean;
  quiet?: boolean;
  threads?: number;
  synonyms?: string;
  version: boolean;
}

export function registerAnnotate(program: Command): void {
  const cmd = program
    .command('annotate')
    .description('consequences (SO terms, VEP ranking and IMPACT), HGVS, ClinVar, population frequencies and custom sources; writes VCF with a VEP-compatible CSQ, BGZF VCF or JSON Lines')
    .argument('<vcf>', 'VCF, VCF.gz or - for stdin');
  addRegionOptions(cmd);
  cmd
    .option('-o, --output <file>', 'output file, - for stdout', '-')
    .option('-O, --output-type <type>', 'v: VCF, z: BGZF VCF, j: JSON Lines, one object per variant and ALT (default: from the -o extension, else v)')
    .option('-g, --gff <file>', 'gene models: GFF3 (Ensembl, GENCODE, RefSeq) or GTF, plain or gzip (default: the embedded GRCh38 chr21 bundle)')
    .option('-f, --fasta <file>', 'reference FASTA, plain or bgzipped (a .fai and .gzi beside it are used; without them it is indexed in memory): codons, amino acids, HGVS p., 3′-shifted HGVS c., REF check')
    .option('--clinvar <file>', 'ClinVar VCF (NCBI or MacArthur-lab format); repeatable', collect, [])
    .option('--frequencies <file>', 'population-frequency VCF (gnomAD, 1000G...: AF and per-population AF); repeatable', collect, [])
    .option('--sources <file>', 'JSON or vcfanno-style TOML naming ClinVar, frequency and custom VCF/BED/TSV sources with ops (self, first, mean, max, min, sum, count, concat, uniq, flag); relative paths in it are read from its folder (from the working folder when it comes from a pipe)')
    .option('--synonyms <file>', 'contig synonyms, VEP\'s --synonyms format: the names of one contig on a line, tab-separated (KI270721.1<TAB>chr11_KI270721v1_random), beyond the built-in chr1/1/NC_000001.11 aliases')
    .option('--no-bundle', 'do not use the embedded GRCh38 chr21 gene models and known variants')
    .option('--no-consequences', 'sources only (ClinVar, frequencies, custom): no gene models, no consequence terms')
    .option('--no-cache', 'parse --gff every time instead of using the cache of parsed gene models ($PRECIS_CACHE_DIR, else ~/.cache/precis)')
    .option('--pick', 'one consequence per ALT allele, chosen in VEP\'s order (MANE Select, MANE Plus Clinical, canonical, APPRIS, TSL, biotype, CCDS, rank, length)')
    .option('--per-gene', 'one consequence per gene, chosen in the same order')
    .option('--distance <bp>', 'reach of upstream/downstream_gene_variant: one number for both, or UP,DOWN (VEP\'s --distance; default 5000; 0: none)', parseDistance)
    .option('--fields <list>', `CSQ fields, comma-separated (default: ${DEFAULT_CSQ_FIELDS.join(',')}, then the names of the custom sources; also ${EXTRA_CSQ_FIELDS.join(', ')})`)
    .option('--summary <file>', 'also write the JSON result (summary counts, notable variants, provenance)')
    .option('--strict-ref', 'fail when a REF differs from the FASTA (default: warn, count and skip codon-level terms)')
    .option('-W, --write-index', 'write a tabix index (<output>.tbi) for BGZF output')
    .option('--no-version', 'do not add ##precisVersion/##precisCommand header lines');
  addCommonOptions(cmd, 'threads annotating (default 1) and inflating BGZF input (default: the number of CPUs). Each annotating thread holds its own copy of the gene models and compiles the annotation code anew, so more than one pays only with CPUs to spare (on 2 CPUs it does not). The output is the same whatever the number. Not with -r/-R/-t/-T or --write-index, which annotate on one thread');
  cmd.addHelpText(
    'after',
    `
Consequences follow Sequence Ontology terms ranked as VEP 115 does; HGVS p. (and codons) need --fasta.
Without it HGVS c./n. is still written, but an indel slides only as far as the record's REF shows its repeat
(with --fasta, c./n. notation of indels is shifted 3′ within its exon or intron, never across a junction,
and the shift is reported in hgvsShift (bases) and HGVS_OFFSET, negative on minus-strand transcripts as VEP signs it).
Every picked consequence is flagged (PICK=1); FLAGS=most_severe_not_picked marks alleles whose
most severe consequence is on another transcript, and FLAGS=cds_start_NF/cds_end_NF transcripts whose CDS
the gene model gives as incomplete (tags, or a first CDS phase that is not 0), as VEP flags them.
For phased or homozygous genotypes, variants that change a codon together on one haplotype are also
annotated together (HAPLOTYPE field, as bcftools csq does): SNVs of one codon (also one an intron
splits), and an indel with a neighbour up to 5 bp away (an insertion and the SNV after it can make
an in-frame insertion; two frameshifts 3 bp apart can restore the frame).
Overlapping CDS pieces of one transcript are a programmed -1 frameshift (SARS-CoV-2 ORF1ab):
translation reads the shared bases twice, and coding positions count them.
Codons on the mitochondrion (MT, chrM) are read with the vertebrate mitochondrial code (NCBI table 2:
TGA Trp, ATA Met, AGA/AGG stop), elsewhere with the standard code, unless the GFF3 gives transl_table.
Custom sources (--sources, vcfanno's [[annotation]] blocks): a VCF is matched by allele and its
"fields" are INFO keys, or ID and FILTER for those columns; a BED (0-based) or other table (1-based)
is matched by overlap and "columns" are 1-based, unless its header names ref and alt columns
(dbNSFP, CADD: #chr pos ref alt ...): its rows are then matched by allele too. Their "names" follow
the default CSQ fields. Where several rows match, the ops reduce them as vcfanno does: first takes the
first row's value; self the last row's value of a per-ALT (Number=A/R) field and every row's value,
joined, of any other field, ID or column; concat and uniq join, mean/max/min/sum/count compute.
HGVS notation is computed only where it is written: HGVSc, HGVSp or HGVS_OFFSET in --fields, JSON Lines,
or the --summary's notable alleles (without them a run is faster). --distance 0 and the fields bcftools csq
reports (Consequence,SYMBOL,Feature,BIOTYPE,STRAND,Protein_position,Amino_acids,Codons) are the like-for-like job.
Each ALT is annotated in minimal form at the record's place: an indel that REF spans more of a repeat
than it needs (TAGAGAG>TAG in a multi-allelic record) sits at its leftmost place within REF, as bcftools
places it. Indels are left-aligned against --fasta for ClinVar/frequency/custom lookups. gVCF <NON_REF>/<*>
and * alleles name no particular change: they are sequence_variant, on no transcript. Research use only.
` +
      examples([
        'precis annotate demo.vcf                                    # embedded GRCh38 chr21 bundle',
        'precis annotate in.vcf.gz -g gencode.v44.gff3.gz -f GRCh38.fa.gz --clinvar clinvar.vcf.gz -O z -o out.vcf.gz -W',
        'precis annotate in.vcf.gz --pick -O j -o out.jsonl',
        'precis annotate in.vcf.gz --sources sources.toml --fields Allele,Consequence,SYMBOL,HGVSc,gnomad_af',
        'bcftools +split-vep out.vcf.gz -f "%CHROM %POS %Consequence %SYMBOL %HGVSc\\n"',
      ]),
  );
  cmd.action(async (input: string, flags: AnnotateFlags) => {
    applyCommon(flags);
    if (flags.pick && flags.perGene) throw new PrecisError('USAGE', '--pick and --per-gene cannot be combined');
    const type = vcfOutputType(flags.output, flags.outputType);
    if (flags.writeIndex && (type !== 'z' || flags.output === '-')) throw new PrecisError('USAGE', '--write-index needs BGZF output to a file (-O z -o out.vcf.gz)');
    const cfg: ResourceConfig = {
      gff: flags.gff,
      fasta: flags.fasta,
      synonyms: flags.synonyms,
      clinvar: [...flags.clinvar],
      frequencies: flags.frequencies.map((file) => ({ file })),
      custom: [],
      bundle: flags.bundle,
      selection: flags.pick ? 'pick' : flags.perGene ? 'per-gene' : 'all',
      strictRef: flags.strictRef,
      consequences: flags.consequences,
      cache: flags.cache,
      distance: flags.distance,
    };
    if (flags.sources) {
      const s = readSourceConfig(flags.sources);
      if (s.clinvar.length + s.frequencies.length + s.custom.length === 0) warn(`${flags.sources}: names no sources (no [[annotation]] block, or an empty JSON object)`);
      if (s.skipped.length > 0) warn(`${flags.sources}: ${s.skipped.join(', ')} not read: precis reads only [[annotation]] blocks (no Lua post-annotation); the fields they would add stay empty`);
      cfg.clinvar!.push(...s.clinvar);
      cfg.frequencies!.push(...s.frequencies);
      cfg.custom!.push(...s.custom);
    }
    const customNames = new Set(cfg.custom!.flatMap((c) => c.names));
    // without --fields, what the custom sources add is written too (VEP appends its --custom fields)
    const fields = flags.fields ? flags.fields.split(',').map((s) => s.trim()).filter(Boolean) : [...DEFAULT_CSQ_FIELDS, ...[...customNames].filter((n) => !KNOWN_CSQ_FIELDS.has(n))];
    const unknown = fields.filter((f) => !KNOWN_CSQ_FIELDS.has(f) && !customNames.has(f));
    if (unknown.length > 0) {
      throw new PrecisError('USAGE', `--fields: unknown field(s) ${unknown.join(', ')}`, { hint: `known: ${[...DEFAULT_CSQ_FIELDS, ...EXTRA_CSQ_FIELDS].join(',')} and the names of custom sources` });
    }
    // HGVS is computed only where it is written: a CSQ field, JSON Lines, the summary's notable alleles
    cfg.hgvs = type === 'j' || flags.summary !== undefined || fields.some((f) => HGVS_FIELDS.has(f));
    const resources = await loadResources(cfg);
    const gi = resources.geneModelIssues;
    if (gi.missingParent + gi.cdsWithoutPhase + gi.noExons > 0) {
      warn(`gene models: ${gi.missingParent} missing parent(s), ${gi.cdsWithoutPhase} CDS without phase, ${gi.noExons} transcript(s) without exons; ${gi.messages.slice(0, 3).join('; ')}`);
    }
    for (const f of resources.emptySources) warn(`${f}: no data lines (empty, or headers only): the fields it gives stay empty`);
    const reader = await openVcf(input, readerOptions(flags));
    const progress = new Progress('annotate');
    const output: AnnotateOutput = { path: flags.output, type, writeIndex: flags.writeIndex, fields, extraHeader: flags.version ? provenanceHeaderLines() : [], summaryPath: flags.summary, threads: annotationThreads(flags.threads), resources: cfg };
    let result: AnnotateResult;
    try {
      result = await annotateToWriter(reader, resources, output, `precis ${commandLine()}`, (n) => progress.tick(n, reader.bytesRead()));
    } finally {
      reader.close();
      progress.done();
    }
    const uncovered = result.summary.unknownContigs;
    if (uncovered.length > 0) {
      warn(`${result.summary.unknownContig} allele(s) on contig(s) the gene models do not cover (${listed(uncovered)}): annotated intergenic_variant; check that the VCF and --gff name contigs alike (1, chr1, Chromosome1, NC_000001.11 are taken as one) and use one genome build`);
    }
    const unsequenced = result.summary.noReferenceContigs;
    if (unsequenced.length > 0 && flags.fasta !== undefined) {
      warn(`${result.summary.noReferenceSequence} allele(s) on contig(s) that ${flags.fasta} does not hold (${listed(unsequenced)}): annotated without codons, amino acids or HGVSp; check that the FASTA names contigs as the --gff does (its own: ${listed(resources.annotator.fasta?.contigNames() ?? [])}) and is of the same genome build`);
    }
    if (result.summary.refMismatches > 0) warn(`${result.summary.refMismatches} record(s) with a REF that differs from the FASTA (codon-level terms skipped for them)`);
  });
}

/** `--distance 5000` or `--distance 5000,2000` (upstream, downstream), in bases. */
function parseDistance(v: string): { upstream: number; downstream: number } {
  const parts = v.split(',').map((x) => x.trim());
  const n = parts.map(Number);
  if (parts.length > 2 || parts.some((x) => !/^\d+$/.test(x)) || n.some((x) => !Number.isSafeInteger(x))) {
    throw new PrecisError('USAGE', `--distance expects a number of bases, or UPSTREAM,DOWNSTREAM, got "${v}"`);
  }
  return { upstream: n[0]!, downstream: n[1] ?? n[0]! };
}

/** The first few names of a list, for a warning. */
function listed(names: readonly string[]): string {
  return `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}`;
}
