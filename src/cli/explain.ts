import { Option, type Command } from 'commander';
import type { ExplainMethod } from '../explain/index.js';
import type { OutputScale } from '../model/index.js';
import { PrecisError } from '../util/errors.js';
import { warn } from '../util/output.js';
import { OutputSink } from '../util/sink.js';
import { addCommonOptions, applyCommon, collect, examples, parsePositiveInt } from './common.js';

interface ExplainFlags {
  clinical?: string;
  features?: string[];
  prs?: string;
  prsScore?: string;
  pgx?: string;
  model: string;
  background?: string;
  backgroundSize: number;
  method: ExplainMethod | 'auto';
  scale: OutputScale;
  steps: number;
  topVariants: number;
  samples?: string;
  output: string;
  outputType?: string;
  quiet?: boolean;
}

export function registerExplain(program: Command): void {
  const cmd = program
    .command('explain')
    .description('explain each risk prediction exactly: base value E[f], f(x) and every feature\'s contribution (exact SHAP), with the PRS split by variant')
    .option('-c, --clinical <file>', 'clinical table (columns as in `precis risk --help`)')
    .option('-f, --features <file>', 'extra per-sample numeric table (repeatable)', collect)
    .option('--prs <file>', 'JSON of `precis prs -O json`: prs_z from its z, and its per-variant contributions split the prs_z contribution')
    .option('--prs-score <id>', 'which score of --prs to use when it holds several')
    .option('--pgx <file>', 'JSON of `precis pgx`: each sample\'s results and evidence are carried into the output')
    .option('-m, --model <name|dir>', 'shipped model name or model directory', 'cad-risk')
    .option('--background <file>', 'background cohort table (default: the model\'s background/cohort.tsv)')
    .option('--background-size <n>', 'use at most this many background rows (seeded subset)', parsePositiveInt('--background-size'), 64)
    .addOption(new Option('--method <m>', 'attribution method; auto = exact SHAP up to 14 features, else integrated gradients').choices(['auto', 'exact-shap', 'integrated-gradients']).default('auto'))
    .addOption(new Option('--scale <s>', 'explain the risk itself or its log-odds').choices(['probability', 'logit']).default('probability'))
    .option('--steps <n>', 'integration steps per background row (integrated gradients)', parsePositiveInt('--steps'), 32)
    .option('--top-variants <n>', 'PRS variants listed individually', parsePositiveInt('--top-variants'), 10)
    .option('-s, --samples <list>', 'explain only these samples, comma-separated')
    .option('-o, --output <file>', 'output file, - for stdout', '-')
    .addOption(new Option('-O, --output-type <type>', 'j: JSON, t: TSV (sample x feature), w: text waterfall; default from the -o extension, else w on a terminal and j otherwise'));
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Exact interventional SHAP: each contribution is the feature's Shapley value when absent
features take the values of the background cohort; contributions add up to f(x) - E[f]
(the completeness residual is printed). Cost per sample: 2^features x background rows
model evaluations (11 features x 64 rows = 131k). Beyond 14 features, integrated
gradients averaged over the background rows, with its residual reported.
The prs_z contribution is split over the score's variants in proportion to their
deviation from expectation (or weight x dosage), adding up exactly.
` +
      examples([
        'precis explain -c patients.tsv --prs scores.json',
        'precis explain -c patients.tsv --prs scores.json --pgx pgx.json -O j -o why.json',
        'precis explain -c patients.tsv --scale logit -s P1,P7',
      ]),
  );
  cmd.action(async (flags: ExplainFlags) => {
    // tfjs takes about a second to load: only the commands that need it pay for it
    const { explainSamples, explainToJson, explainToTsv, loadBackground, readPgxEvidence, renderWaterfall } = await import('../explain/index.js');
    const { initBackend, loadFeatureInputs, loadModel, pickSamples } = await import('../model/index.js');
    applyCommon(flags);
    const type = explainOutputType(flags.output, flags.outputType);
    await initBackend();
    const model = await loadModel(flags.model);
    const inputs = loadFeatureInputs({ clinical: flags.clinical, features: flags.features, prs: flags.prs, prsScore: flags.prsScore });
    for (const w of inputs.warnings) warn(w);
    const samples = pickSamples(inputs.samples, flags.samples);
    const background = loadBackground(model, flags.background, flags.backgroundSize);
    const pgx = flags.pgx ? readPgxEvidence(flags.pgx) : undefined;
    const result = explainSamples(
      samples,
      model,
      background,
      { method: flags.method, scale: flags.scale, steps: flags.steps, prs: inputs.prs, topVariants: flags.topVariants, pgx },
      inputs.warnings,
    );
    const sink = OutputSink.open(flags.output);
    try {
      sink.write(type === 'j' ? explainToJson(result) : type === 't' ? explainToTsv(result) : renderWaterfall(result));
      await sink.close();
    } catch (e) {
      await sink.abort();
      throw e;
    }
  });
}

function explainOutputType(path: string, explicit?: string): 'j' | 't' | 'w' {
  if (explicit !== undefined) {
    if (explicit === 'j' || explicit === 'json') return 'j';
    if (explicit === 't' || explicit === 'tsv') return 't';
    if (explicit === 'w' || explicit === 'text' || explicit === 'waterfall') return 'w';
    throw new PrecisError('USAGE', `-O/--output-type must be j (JSON), t (TSV) or w (text waterfall), got "${explicit}"`);
  }
  if (/\.json$/i.test(path)) return 'j';
  if (/\.tsv$/i.test(path)) return 't';
  if (path !== '-') return /\.txt$/i.test(path) ? 'w' : 'j';
  return process.stdout.isTTY ? 'w' : 'j';
}
