import type { Command } from 'commander';
import { Option } from 'commander';
import { resolveTarget, writeMultiqc, writeReport } from '../report/write.js';
import { info, warn } from '../util/output.js';
import { Progress } from '../util/progress.js';
import { addCommonOptions, addRegionOptions, addSampleOptions, applyCommon, collect, commandLine, examples, parsePositiveInt, readerOptions, type RegionFlags } from './common.js';

interface ReportFlags extends RegionFlags {
  output: string;
  outputType?: string;
  samples?: string;
  samplesFile?: string;
  forceSamples?: boolean;
  clinical?: string;
  features?: string[];
  outsideCalls?: string;
  scores?: string[];
  reference?: string;
  riskScore?: string;
  model: string;
  gff?: string;
  fasta?: string;
  clinvar?: string[];
  top: number;
  multiqc?: string;
  annotate: boolean;
  pgx: boolean;
  prs: boolean;
  risk: boolean;
  quiet?: boolean;
}

export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .description('one pass from VCF to a report per sample: annotation, pharmacogenomics, polygenic scores, risk model and its explanation; HTML, JSON or FHIR')
    .argument('<vcf>', 'VCF, VCF.gz or - for stdin');
  cmd
    .option('-o, --output <path>', 'out/ (a directory: one HTML per sample, index.html, report.json), x.html (one sample), x.json, or - for stdout', '-')
    .option('-O, --output-type <type>', 'html, json or fhir (default: from -o; a directory gets html)')
    .option('-c, --clinical <file>', 'clinical table (TSV/CSV: sample, age, sex, race, total_cholesterol, hdl, systolic_bp, bp_treated, smoker, diabetes, bmi); needed for the risk model')
    .option('-f, --features <file>', 'extra numeric per-sample table for the model (repeatable)', collect)
    .option('--outside-calls <file>', 'PGx calls made elsewhere (PharmCAT TSV: gene, diplotype[, phenotype, activity]), e.g. CYP2D6 from a CNV caller')
    .option('-w, --scores <file>', 'PGS Catalog scoring file or folder (repeatable; default: the embedded demo score)', collect)
    .option('--reference <file>', 'PRS reference distributions (default: the embedded one)')
    .option('--risk-score <id>', "the score whose Z is the model's prs_z (default: the first)")
    .option('-m, --model <name|dir>', 'risk model', 'cad-risk')
    .option('--gff <file>', 'gene models (GFF3/GTF) instead of the embedded GRCh38 chr21 bundle')
    .option('--fasta <file>', 'reference FASTA for codons and HGVS')
    .option('--clinvar <file>', 'ClinVar VCF (repeatable)', collect)
    .addOption(new Option('--top <n>', 'top contributing PRS variants to show per score').default(10).argParser(parsePositiveInt('--top')))
    .option('--multiqc <dir>', 'also write <dir>/precis_mqc.json for MultiQC')
    .option('--no-annotate', 'skip annotation')
    .option('--no-pgx', 'skip pharmacogenomics')
    .option('--no-prs', 'skip polygenic scores (the model then needs prs_z in --clinical)')
    .option('--no-risk', 'skip the risk model and its explanation');
  addRegionOptions(cmd);
  addSampleOptions(cmd);
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Every report says it is for research use only and names the data and model versions used.
The VCF is read once; each stage is the same code as its own command (annotate, pgx, prs,
risk, explain), so the numbers are the same as running them one by one.
` +
      examples([
        'precis report data/demo/demo.vcf.gz --clinical data/demo/clinical.tsv -o demo-report/',
        'precis report sample.vcf.gz -c clinical.tsv -s NA12878 -o NA12878.html',
        'precis report cohort.vcf.gz -c clinical.tsv -O json -o cohort.json --multiqc qc/',
        'precis report sample.vcf.gz --outside-calls cyp2d6.tsv -O fhir -o sample.fhir.json',
        'precis report sample.vcf.gz --no-annotate --no-risk -w PGS000018.txt.gz -o out/',
      ]),
  );
  cmd.action(async (input: string, flags: ReportFlags) => {
    applyCommon(flags);
    const target = resolveTarget(flags.output, flags.outputType);
    const progress = new Progress('report');
    // the report stages load tfjs (about a second): import them only when the command runs
    const { runReport } = await import('../report/run.js');
    let doc;
    try {
      ({ doc } = await runReport({
        input,
        reader: readerOptions(flags),
        samples: { list: flags.samples, file: flags.samplesFile, force: flags.forceSamples },
        stages: { annotate: flags.annotate, pgx: flags.pgx, prs: flags.prs, risk: flags.risk },
        clinical: flags.clinical,
        features: flags.features,
        outsideCalls: flags.outsideCalls,
        scores: flags.scores,
        reference: flags.reference,
        riskScore: flags.riskScore,
        model: flags.model,
        gff: flags.gff,
        fasta: flags.fasta,
        clinvar: flags.clinvar,
        topVariants: flags.top,
        command: `precis ${commandLine()}`,
        warn,
        onRecord: (n, bytes) => progress.tick(n, bytes),
      }));
    } finally {
      progress.done();
    }
    const written = await writeReport(doc, target, (s) => new Promise((resolve, reject) => process.stdout.write(s, (e) => (e ? reject(e) : resolve()))));
    if (flags.multiqc) written.push(await writeMultiqc(doc, flags.multiqc));
    if (target.path !== '-') info(`wrote ${written.join(', ')}`);
  });
}
