import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { ModelKind, TrainingData } from '../model/index.js';
import { DEFAULT_TRAIN_OPTIONS } from '../model/train-options.js';
import { SeededRandom } from '../model/rng.js';
import { writeFileAtomic } from '../util/atomic.js';
import { PrecisError } from '../util/errors.js';
import { info } from '../util/output.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import { addCommonOptions, applyCommon, commandLine, examples, parsePositiveInt } from './common.js';

interface TrainFlags {
  outcome: string;
  out: string;
  model: ModelKind;
  hidden: string;
  seed: number;
  validation: number;
  epochs: number;
  patience: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  use?: string;
  exclude?: string;
  name?: string;
  backgroundRows: number;
  quiet?: boolean;
}

const fraction = (flag: string) => (v: string): number => {
  const x = Number(v);
  if (!(x > 0 && x < 1)) throw new PrecisError('USAGE', `${flag} expects a number between 0 and 1, got "${v}"`);
  return x;
};
const positive = (flag: string) => (v: string): number => {
  const x = Number(v);
  if (!(x > 0) || !Number.isFinite(x)) throw new PrecisError('USAGE', `${flag} expects a positive number, got "${v}"`);
  return x;
};
const nonNegative = (flag: string) => (v: string): number => {
  const x = Number(v);
  if (!(x >= 0) || !Number.isFinite(x)) throw new PrecisError('USAGE', `${flag} expects a number >= 0, got "${v}"`);
  return x;
};
const seedArg = (v: string): number => {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 0) throw new PrecisError('USAGE', `--seed expects a whole number >= 0, got "${v}"`);
  return x;
};

export function registerTrain(program: Command): void {
  const cmd = program
    .command('train')
    .description('train an MLP or logistic model on a per-sample table with a 0/1 outcome; writes a tfjs model with its model card')
    .argument('<table>', 'TSV/CSV: sample, feature columns, the outcome column')
    .requiredOption('-y, --outcome <column>', 'the 0/1 outcome column')
    .requiredOption('-o, --out <dir>', 'model directory to write (model.json, weights.bin, MODEL_CARD.md, background/)')
    .addOption(new Option('--model <kind>', 'network').choices(['mlp', 'logistic']).default('mlp'))
    .option('--hidden <widths>', 'MLP hidden layer widths, comma-separated', DEFAULT_TRAIN_OPTIONS.hidden.join(','))
    .option('--seed <n>', 'seed of the split, initialisation and shuffling', seedArg, DEFAULT_TRAIN_OPTIONS.seed)
    .option('--validation <fraction>', 'validation fraction', fraction('--validation'), DEFAULT_TRAIN_OPTIONS.validationFraction)
    .option('--epochs <n>', 'maximum epochs', parsePositiveInt('--epochs'), DEFAULT_TRAIN_OPTIONS.maxEpochs)
    .option('--patience <n>', 'stop after this many epochs without a better validation loss', parsePositiveInt('--patience'), DEFAULT_TRAIN_OPTIONS.patience)
    .option('--batch-size <n>', 'rows per gradient step', parsePositiveInt('--batch-size'), DEFAULT_TRAIN_OPTIONS.batchSize)
    .option('--learning-rate <x>', 'Adam learning rate', positive('--learning-rate'), DEFAULT_TRAIN_OPTIONS.learningRate)
    .option('--l2 <x>', 'L2 penalty on the weights', nonNegative('--l2'), DEFAULT_TRAIN_OPTIONS.l2)
    .option('--use <features>', 'only these features, comma-separated (sex is "male", race is "african_american")')
    .option('--exclude <columns>', 'leave these columns out, comma-separated')
    .option('--name <name>', 'model name (default: the directory name)')
    .option('--background-rows <n>', 'rows of the table kept as the SHAP background cohort', parsePositiveInt('--background-rows'), 64);
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
The table uses the columns of \`precis risk --help\` (validated the same way) and/or any
numeric columns; missing values are errors. Features are standardised with the training
split's means and SDs, which are stored in the model. Prints a JSON summary (metrics on
the validation split: AUROC, calibration slope and intercept, Brier) on stdout.
` +
      examples([
        'precis train cohort.tsv --outcome event --out models/my-risk',
        'precis train omics.csv -y case --model logistic --exclude batch --seed 7 -o lr-model',
      ]),
  );
  cmd.action(async (tablePath: string, flags: TrainFlags) => {
    applyCommon(flags);
    const hidden = flags.hidden.split(',').map((h) => {
      const n = Number(h);
      if (!Number.isInteger(n) || n < 1) throw new PrecisError('USAGE', `--hidden expects positive whole numbers, got "${flags.hidden}"`);
      return n;
    });
    // tfjs takes about a second to load: only the commands that need it pay for it
    const { fitModel, initBackend, readTable, saveModel, trainingData } = await import('../model/index.js');
    const backend = await initBackend();
    const table = readTable(tablePath);
    const data = trainingData(table, {
      outcome: flags.outcome,
      use: flags.use?.split(',').map((s) => s.trim()),
      exclude: flags.exclude?.split(',').map((s) => s.trim()),
    });
    const name = flags.name ?? (flags.out.replace(/\/+$/, '').split('/').pop() || 'model');
    const options = {
      ...DEFAULT_TRAIN_OPTIONS,
      kind: flags.model,
      hidden,
      seed: flags.seed,
      validationFraction: flags.validation,
      maxEpochs: flags.epochs,
      patience: flags.patience,
      batchSize: flags.batchSize,
      learningRate: flags.learningRate,
      l2: flags.l2,
    };
    info(`training ${flags.model} on ${data.y.length} rows x ${data.features.length} features (backend ${backend})`);
    const fitted = await fitModel(data, options, { name, outcome: flags.outcome, trainingData: `${tablePath}: ${data.y.length} rows (${data.y.reduce((a, b) => a + b, 0)} with ${flags.outcome} = 1); seeded split ${Math.round(flags.validation * 100)} % validation, seed ${flags.seed}.` }, backend);
    const meta = await saveModel(flags.out, fitted.net, fitted.meta);
    await writeBackground(join(flags.out, 'background'), data, flags.backgroundRows, flags.seed);
    const v = fitted.result.validation;
    const summary = {
      schemaVersion: SCHEMA_VERSION,
      kind: 'precis-train',
      precisVersion: VERSION,
      command: `precis ${commandLine()}`,
      researchUseOnly: true,
      backend,
      model: { dir: flags.out, name, kind: flags.model, features: data.features, weightsSha256: meta.weightsSha256 },
      training: { rows: data.y.length, train: fitted.result.nTrain, validation: fitted.result.nValidation, epochs: fitted.result.epochs, bestEpoch: fitted.result.bestEpoch, seed: flags.seed },
      validation: v,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  });
}

/** A seeded sample of training rows in the model's feature space, for `precis explain`. */
async function writeBackground(dir: string, data: TrainingData, rows: number, seed: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const n = data.y.length;
  const d = data.features.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  new SeededRandom(seed ^ 0x2545f491).shuffle(idx);
  const keep = Array.from(idx.subarray(0, Math.min(rows, n))).sort((a, b) => a - b);
  const lines = [['sample', ...data.features].join('\t')];
  for (const i of keep) lines.push([data.samples[i]!, ...Array.from(data.rows.subarray(i * d, i * d + d), String)].join('\t'));
  await writeFileAtomic(join(dir, 'cohort.tsv'), `${lines.join('\n')}\n`);
  await writeFileAtomic(
    join(dir, 'README.md'),
    `# Background cohort\n\n${keep.length} rows drawn (seed ${seed}) from the training table, in the model's feature space.\n\`precis explain\` reports contributions relative to the mean prediction over these rows.\n`,
  );
}
