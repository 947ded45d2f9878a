import { Command, Option } from 'commander';
import {
  auditTsv,
  buildReferenceFile,
  createPrsStage,
  labelOf,
  prsJson,
  prsTsv,
  readFrequencyTable,
  readLabels,
  readReferenceFile,
  readScoringFiles,
  type FrequencySource,
  type PrsOptions,
  type PrsStageResult,
  type ReferenceFile,
} from '../prs/index.js';
import { PrecisError } from '../util/errors.js';
import { warn } from '../util/output.js';
import { Progress } from '../util/progress.js';
import { OutputSink } from '../util/sink.js';
import { writeFileAtomic } from '../util/atomic.js';
import { openVcf, runStages, selectSamples } from '../vcf/index.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import { addCommonOptions, addRegionOptions, addSampleOptions, applyCommon, commandLine, examples, readerOptions, type RegionFlags } from './common.js';

interface PrsFlags extends RegionFlags {
  scores?: string[];
  output: string;
  outputType?: string;
  audit?: string;
  keepAmbiguous?: boolean;
  keepFirstMatch?: boolean;
  excludeMultiallelic?: boolean;
  minOverlap: number;
  dosage: 'GT' | 'DS';
  missing: 'mean' | 'zero';
  freqFrom: string;
  xchrModel: 'genotype' | '2';
  explain?: number;
  reference?: string;
  referencePanel?: string;
  writeReference?: string;
  labels?: string;
  labelColumn?: string;
  samples?: string;
  samplesFile?: string;
  forceSamples?: boolean;
  quiet?: boolean;
}

function parseFraction(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new PrecisError('USAGE', `--min-overlap expects a fraction between 0 and 1, got "${v}"`);
  return n;
}

function parseCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new PrecisError('USAGE', `--explain expects a whole number 1..1000, got "${v}"`);
  return n;
}

export function registerPrs(program: Command): void {
  const cmd = program
    .command('prs')
    .description('polygenic scores from PGS Catalog scoring files: pgsc_calc matching, plink2-equal sums, all scores in one streaming pass, with an audit of every scoring row')
    .argument('[vcf]', 'target VCF, VCF.gz or - for stdin (optional with --reference-panel)')
    .option('-w, --scores <files...>', 'scoring files or folders of them (PGS Catalog v2.0 raw or harmonised, custom, plink2 layout; plain or gzip)');
  addRegionOptions(cmd);
  addSampleOptions(cmd);
  cmd
    .option('-o, --output <file>', 'output file, - for stdout', '-')
    .option('-O, --output-type <type>', 't|tsv: one line per sample x score; j|json: the same plus match summaries and score metadata (default: from the -o extension, else t)')
    .option('--audit <file>', 'write one TSV line per scoring-file row: status, reason, match type, flip, ambiguity, weight used')
    .option('--keep-ambiguous', 'keep strand-ambiguous A/T and C/G SNPs (assumed on the same strand)')
    .option('--keep-first-match', 'when several rows of a score match one variant, keep the first row instead of excluding all')
    .option('--exclude-multiallelic', "exclude matches on records with several ALTs, as pgsc_calc does by default (precis matches each ALT of such records)")
    .addOption(new Option('--min-overlap <fraction>', 'fail (exit 1) when a score matches fewer of its rows than this').default(0.75).argParser(parseFraction))
    .addOption(new Option('--dosage <source>', 'GT: hard calls; DS: FORMAT/DS where present (biallelic records), GT elsewhere').choices(['GT', 'DS']).default('GT'))
    .addOption(new Option('--missing <policy>', "missing genotypes: mean (plink2's ploidy x f x weight) or zero (plink2's no-mean-imputation)").choices(['mean', 'zero']).default('mean'))
    .option('--freq-from <source>', 'allele frequency for mean imputation: cohort (the scored samples), scorefile (allelefrequency_effect), reference (the --reference file) or a plink2 .afreq FILE', 'cohort')
    .addOption(new Option('--xchr-model <model>', "chrX haploid calls: genotype (a haploid call counts 0..1) or 2 (count 0..2 as homozygous diploid, plink2's default)").choices(['genotype', '2']).default('genotype'))
    .addOption(new Option('--explain <n>', 'per sample and score, the n variants contributing most (JSON output)').argParser(parseCount))
    .option('--reference <file>', 'reference distributions (from --write-reference, e.g. data/prs/*.reference.json): adds Z and percentile')
    .option('--reference-panel <vcf>', 'score this panel to build reference distributions')
    .option('--write-reference <file>', 'write the panel distributions (JSON) to this file')
    .option('--labels <file>', 'population labels (TSV with header, sample first; 1000 Genomes psam works): per-population distributions and placement')
    .option('--label-column <name>', 'column of --labels holding the label (default: SuperPop, else the second column)');
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Matching follows pgsc_calc: by chromosome and position, best of REF/ALT exact > swapped >
strand-flipped > flipped-swapped > effect-allele-only; A/T and C/G SNPs are excluded unless
--keep-ambiguous; several rows of one score on one variant are all excluded unless
--keep-first-match. Each ALT of a multi-allelic record is a candidate (pgsc_calc drops
such records; --exclude-multiallelic does the same). SUM equals plink2 --score on the same
matched variants (plink2 prints 6 significant digits; precis prints full precision). DENOM,
ALLELE_CT and N_IMPUTED are per score.
` +
      examples([
        'precis prs cohort.vcf.gz -w PGS000018_hmPOS_GRCh38.txt.gz > scores.tsv',
        'precis prs cohort.vcf.gz -w scores/ -O json -o scores.json --audit audit.tsv',
        'precis prs sample.vcf.gz -w data/prs/PGS001229_GRCh38_tiny1000G.txt --reference data/prs/PGS001229_GRCh38_tiny1000G.reference.json --explain 10 -O j',
        'precis prs --reference-panel 1000G.vcf.gz -w my_score.txt --labels 1000G.psam --write-reference my_score.reference.json',
      ]),
  );
  cmd.action(async (input: string | undefined, flags: PrsFlags) => {
    applyCommon(flags);
    await runPrsCommand(input, flags);
  });
}

function outputType(path: string, explicit?: string): 't' | 'j' {
  if (explicit !== undefined) {
    if (explicit === 't' || explicit === 'tsv') return 't';
    if (explicit === 'j' || explicit === 'json') return 'j';
    throw new PrecisError('USAGE', `-O/--output-type must be t (TSV) or j (JSON), got "${explicit}"`);
  }
  return /\.json$/i.test(path) ? 'j' : 't';
}

async function scoreFile(path: string, flags: PrsFlags, options: Omit<PrsOptions, 'samples'>, label: string): Promise<PrsStageResult> {
  const reader = await openVcf(path, readerOptions(flags));
  const sel = selectSamples(reader.header.samples, { list: flags.samples, file: flags.samplesFile, force: flags.forceSamples }, (u) => warn(`ignoring unknown sample(s): ${u.join(', ')}`));
  const stage = createPrsStage({ ...options, samples: { names: sel.names, select: sel.identity ? null : sel.select } });
  const progress = new Progress(label);
  try {
    const [result] = await runStages(reader, [stage], (n) => progress.tick(n, reader.bytesRead()));
    return result as PrsStageResult;
  } finally {
    reader.close();
    progress.done();
  }
}

async function runPrsCommand(input: string | undefined, flags: PrsFlags): Promise<void> {
  if (!flags.scores || flags.scores.length === 0) throw new PrecisError('USAGE', 'no scoring file: give one or more with -w/--scores FILE|FOLDER');
  if (input === undefined && flags.referencePanel === undefined) throw new PrecisError('USAGE', 'no target VCF (and no --reference-panel)');
  if (flags.writeReference !== undefined && flags.referencePanel === undefined) throw new PrecisError('USAGE', '--write-reference needs --reference-panel VCF');
  if (flags.referencePanel !== undefined && flags.writeReference === undefined) throw new PrecisError('USAGE', '--reference-panel needs --write-reference FILE');
  if (flags.reference !== undefined && flags.referencePanel !== undefined) throw new PrecisError('USAGE', 'give either --reference or --reference-panel, not both');
  const type = outputType(flags.output, flags.outputType);
  if (flags.explain !== undefined && type !== 'j') throw new PrecisError('USAGE', '--explain adds contributions to the JSON output: use -O j');

  const scoring = readScoringFiles(flags.scores);
  const labels = flags.labels !== undefined ? readLabels(flags.labels, flags.labelColumn) : null;
  let reference: ReferenceFile | undefined = flags.reference !== undefined ? readReferenceFile(flags.reference) : undefined;
  const base: Omit<PrsOptions, 'samples' | 'frequencies'> = {
    scoring,
    match: { keepAmbiguous: Boolean(flags.keepAmbiguous), keepFirstMatch: Boolean(flags.keepFirstMatch), excludeMultiallelic: Boolean(flags.excludeMultiallelic) },
    missing: flags.missing,
    dosage: flags.dosage,
    xchrModel: flags.xchrModel,
    minOverlap: flags.minOverlap,
  };

  if (flags.referencePanel !== undefined) {
    const panel = await scoreFile(flags.referencePanel, flags, { ...base, frequencies: { kind: 'cohort' }, collectFrequencies: true }, 'prs reference');
    checkOverlap(panel, flags.referencePanel);
    reference = buildReferenceFile(panel, {
      panelName: flags.referencePanel,
      labels: labels === null ? null : (s) => labelOf(labels, s),
      labelsName: flags.labels ?? null,
      schemaVersion: SCHEMA_VERSION,
      createdBy: `precis ${VERSION}: precis ${commandLine()}`,
    });
    await writeFileAtomic(flags.writeReference!, `${JSON.stringify(reference, null, 1)}\n`);
    if (input === undefined) return;
  }

  const frequencies = frequencySource(flags.freqFrom, reference);
  const populationOf = labels === null ? undefined : (s: string): string | undefined => labelOf(labels, s);
  const result = await scoreFile(input!, flags, { ...base, frequencies, explain: flags.explain, audit: flags.audit !== undefined, reference, populationOf }, 'prs');
  for (const s of result.scores) {
    if (reference !== undefined && s.reference !== undefined && s.reference.variantsUsed !== s.variantsUsed) {
      warn(`score ${s.id}: ${s.variantsUsed} variants used here but ${s.reference.variantsUsed} in the reference panel; Z and percentile compare unlike sums`);
    }
    if (reference !== undefined && s.reference === undefined) warn(`score ${s.id} is not in the reference file; no Z or percentile`);
  }
  if (flags.audit !== undefined) await writeFileAtomic(flags.audit, auditTsv(result.audit ?? []));
  checkOverlap(result, input!);
  const { panelFrequencies: _pf, ...plain } = result;
  void _pf;
  const sink = OutputSink.open(flags.output);
  try {
    if (type === 't') sink.write(prsTsv(plain));
    else sink.write(`${JSON.stringify(prsJson(plain, { schemaVersion: SCHEMA_VERSION, precisVersion: VERSION, command: `precis ${commandLine()}` }), null, 1)}\n`);
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

function frequencySource(spec: string, reference: ReferenceFile | undefined): FrequencySource {
  if (spec === 'cohort') return { kind: 'cohort' };
  if (spec === 'scorefile') return { kind: 'scorefile' };
  if (spec === 'reference') {
    if (reference?.alleleFrequencies === undefined) throw new PrecisError('USAGE', '--freq-from reference needs --reference (or --reference-panel) with allele frequencies');
    return { kind: 'table', name: 'reference', altFrequency: new Map(Object.entries(reference.alleleFrequencies)) };
  }
  return { kind: 'table', name: spec, altFrequency: readFrequencyTable(spec) };
}

/** pgsc_calc's --min_overlap: a non-zero exit naming every score below the threshold. */
function checkOverlap(result: PrsStageResult, file: string): void {
  const failing = result.scores.filter((s) => !s.match.pass);
  if (failing.length === 0) return;
  const list = failing.map((s) => `${s.id} (${s.match.matched}/${s.match.rows} = ${(100 * s.match.matchRate).toFixed(1)}%)`).join(', ');
  throw new PrecisError('LOW_OVERLAP', `score(s) below --min-overlap ${result.settings.minOverlap}: ${list}`, {
    file: file === '-' ? '<stdin>' : file,
    hint: 'check the genome build and chromosome naming, write --audit FILE to see why rows failed, or lower --min-overlap',
  });
}
