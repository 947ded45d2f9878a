import { Option, type Command } from 'commander';
import { loadPgxData, outsideCallGenes, readOutsideCalls, renderPgxTsv, runPgx, writePgxJson } from '../pgx/index.js';
import { PrecisError } from '../util/errors.js';
import { warn } from '../util/output.js';
import { OutputSink } from '../util/sink.js';
import { addCommonOptions, addSampleOptions, applyCommon, commandLine, examples } from './common.js';

interface PgxFlags {
  output: string;
  outputType?: string;
  samples?: string;
  samplesFile?: string;
  forceSamples?: boolean;
  outsideCalls?: string;
  absentAsRef?: boolean;
  gvcfBlocksAsRef?: boolean;
  allMatches?: boolean;
  combinations?: boolean;
  explainPositions?: boolean;
  genes?: string;
  recommendations: boolean;
  index: boolean;
  researchCyp2d6?: boolean;
  dataDir?: string;
  quiet?: boolean;
}

export function registerPgx(program: Command): void {
  const cmd = program
    .command('pgx')
    .description('pharmacogenomics: star-allele diplotypes (PharmCAT semantics), phenotypes and CPIC/DPWG recommendations for every sample of a VCF')
    .argument('<vcf>', 'GRCh38 VCF, VCF.gz or - for stdin; BGZF with .tbi/.csi is read by gene region');
  addSampleOptions(cmd);
  cmd
    .option('-o, --output <file>', 'output file, - for stdout', '-')
    .option('-O, --output-type <type>', 'json (default; one document) or tsv (one row per sample x gene); default from the -o extension')
    .option('--outside-calls <file>', 'PharmCAT outside-call TSV (gene, diplotype, phenotype, activity score) for CYP2D6, HLA-A, HLA-B, MT-RNR1 or to override a gene')
    .option('--absent-as-ref', 'read positions absent from the VCF as homozygous reference (PharmCAT never does; only for files known to list variants only)')
    .option('--gvcf-blocks-as-ref', 'read gVCF reference blocks (<NON_REF>/<*> with INFO/END) as 0/0 at the positions they cover')
    .option('--all-matches', 'report every candidate diplotype, best first (default: the top-scoring ties)')
    .option('--combinations', 'research mode: when no diplotype matches, name each strand by the alleles it carries plus leftover variants ("[*6 + *14]")')
    .option('--explain-positions', 'list every position used with the genotype read there (default: only non-reference positions)')
    .option('--genes <list>', 'comma-separated genes to call (default: all)')
    .option('--no-recommendations', 'skip CPIC/DPWG recommendation matching')
    .option('--no-index', 'stream the whole file even when a .tbi/.csi index is present')
    .option('--research-cyp2d6', 'also call CYP2D6 from the VCF (research only; SNV/indel definitions cannot see copy number or hybrids)')
    .addOption(new Option('--data-dir <dir>', 'PGx data directory (default: the packaged data/pgx)').hideHelp());
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Calling rules (PharmCAT's named-allele matcher): positions missing from the VCF are
removed from every allele definition (never assumed reference unless --absent-as-ref);
blank definition cells mean reference; diplotypes are ranked by the number of defined
positions they match and the top ties are reported. DPYD and RYR1 list the alleles
found; the phenotype comes from the lowest-function ones. CYP2D6, HLA-A, HLA-B and
MT-RNR1 come from --outside-calls. Status per gene: unique, tied, priority-picked,
partial (called with positions missing) or not-called (with a reason).
Research use only.
` +
      examples([
        'precis pgx sample.vcf.gz > pgx.json',
        'precis pgx cohort.vcf.gz -O tsv -o calls.tsv',
        'precis pgx sample.vcf.gz --outside-calls cyp2d6_hla.tsv -s NA12878',
        'precis pgx sample.g.vcf.gz --gvcf-blocks-as-ref --all-matches',
      ]),
  );
  cmd.action(async (input: string, flags: PgxFlags) => {
    applyCommon(flags);
    const type = outputType(flags.output, flags.outputType);
    const data = loadPgxData(flags.dataDir);
    let genes: string[] | undefined;
    if (flags.genes !== undefined) {
      genes = flags.genes.split(',').map((g) => g.trim().toUpperCase()).filter((g) => g !== '');
      const bad = genes.filter((g) => !data.genes.some((d) => d.gene === g));
      if (bad.length > 0) throw new PrecisError('USAGE', `--genes: unknown gene(s) ${bad.join(', ')}`, { hint: `known: ${data.genes.map((g) => g.gene).join(', ')}` });
    }
    const outsideCalls = flags.outsideCalls !== undefined ? readOutsideCalls(flags.outsideCalls, outsideCallGenes(data)) : undefined;
    const result = await runPgx(input, data, {
      samples: { list: flags.samples, file: flags.samplesFile, force: flags.forceSamples },
      absentAsRef: Boolean(flags.absentAsRef),
      gvcfBlocksAsRef: Boolean(flags.gvcfBlocksAsRef),
      allMatches: Boolean(flags.allMatches),
      combinations: Boolean(flags.combinations),
      listAllPositions: Boolean(flags.explainPositions),
      researchCyp2d6: Boolean(flags.researchCyp2d6),
      // the TSV table has no drug columns: skip the matching
      recommendations: flags.recommendations && type === 'json',
      useIndex: flags.index,
      genes,
      outsideCalls,
      onWarning: (m) => warn(m),
    });
    const sink = OutputSink.open(flags.output);
    try {
      if (type === 'tsv') sink.write(renderPgxTsv(result));
      else await writePgxJson(result, (chunk) => sink.write(chunk), `precis ${commandLine()}`);
      await sink.close();
    } catch (e) {
      await sink.abort();
      throw e;
    }
  });
}

function outputType(path: string, explicit?: string): 'json' | 'tsv' {
  if (explicit !== undefined) {
    if (explicit === 'j' || explicit === 'json') return 'json';
    if (explicit === 't' || explicit === 'tsv') return 'tsv';
    throw new PrecisError('USAGE', `-O/--output-type must be json or tsv, got "${explicit}"`);
  }
  return /\.tsv$/i.test(path) ? 'tsv' : 'json';
}
