import { Option, type Command } from 'commander';
import type { RiskResult } from '../model/index.js';
import { PrecisError } from '../util/errors.js';
import { warn } from '../util/output.js';
import { OutputSink } from '../util/sink.js';
import { readHeaderOnly } from '../vcf/index.js';
import { addCommonOptions, applyCommon, collect, commandLine, examples } from './common.js';

interface RiskFlags {
  clinical?: string;
  features?: string[];
  prs?: string;
  prsScore?: string;
  scores?: string[];
  reference?: string;
  model: string;
  output: string;
  outputType?: string;
  quiet?: boolean;
}

/** Table columns accepted by risk/explain, for --help. */
export const FEATURE_COLUMNS_HELP = `
Clinical table (--clinical; TSV or CSV with a header; one row per sample; empty, NA or .
mark a missing value, which is an error only if the model needs that column):
  sample              sample id (matches the VCF / PRS sample names)
  age                 years (18-110; the PCE are valid for 40-79)
  sex                 male | female              (model feature "male" = 1/0)
  race                white | african_american | other   (feature "african_american";
                      "other" uses the white equations, as the PCE guideline says)
  total_cholesterol   mg/dL (50-600)             hdl          mg/dL (5-200)
  systolic_bp         mmHg (60-300)              bp_treated   0/1 antihypertensive treatment
  smoker              0/1 current smoker         diabetes     0/1
  bmi                 kg/m2 (10-100)             prs_z        polygenic score Z (-10..10)
Any other column must be numeric and is a feature of that name (multi-omics tables go in
--features, joined by sample). prs_z comes from --prs FILE (the JSON of
\`precis prs -O json\`, its per-sample "z") when given, else from the table.
`;

export function registerRisk(program: Command): void {
  const cmd = program
    .command('risk')
    .description('10-year cardiovascular risk per sample from clinical factors and a polygenic score (model + Pooled Cohort Equations baseline)')
    .argument('[vcf]', 'optional VCF: scores prs_z from it (unless --prs is given) and restricts the clinical samples to those in the file')
    .option('-c, --clinical <file>', 'clinical table (TSV/CSV, columns below)')
    .option('-f, --features <file>', 'extra per-sample numeric table, joined by sample (repeatable)', collect)
    .option('--prs <file>', 'polygenic scores: JSON of `precis prs -O json` (uses each sample\'s z)')
    .option('--prs-score <id>', 'which score (of --prs, or of -w) gives prs_z when there are several')
    .option('-w, --scores <file>', 'with a VCF: PGS Catalog scoring file for prs_z (repeatable; default: the embedded demo score)', collect)
    .option('--reference <file>', 'with a VCF and -w: reference distribution giving Z (from `precis prs --write-reference`)')
    .option('-m, --model <name|dir>', 'shipped model name or model directory', 'cad-risk')
    .option('-o, --output <file>', 'output file, - for stdout', '-')
    .addOption(new Option('-O, --output-type <type>', 't: TSV (sample, risk, pce_risk, model, backend), j: JSON; default from the -o extension, else t'));
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `${FEATURE_COLUMNS_HELP}
Risks are 10-year probabilities (0-1). The backend (tensorflow, wasm or cpu; force with
PRECIS_BACKEND) is printed in every output. Research use only; the shipped cad-risk model
emulates published equations on simulated data and is not clinically validated.
` +
      examples([
        'precis risk --clinical patients.tsv --prs scores.json > risk.tsv',
        'precis risk cohort.vcf.gz -c patients.csv --prs scores.json --prs-score PGS000018 -O j -o risk.json',
        'precis risk -c patients.tsv -f metabolites.tsv -m ./my-model',
      ]),
  );
  cmd.action(async (vcf: string | undefined, flags: RiskFlags) => {
    applyCommon(flags);
    const type = outputType(flags.output, flags.outputType);
    const result = await runRisk(vcf, flags);
    for (const w of result.warnings) warn(w);
    const sink = OutputSink.open(flags.output);
    try {
      const { riskToJson, riskToTsv } = await import('../model/index.js');
      sink.write(type === 'j' ? riskToJson(result) : riskToTsv(result));
      await sink.close();
    } catch (e) {
      await sink.abort();
      throw e;
    }
  });
}

async function runRisk(vcf: string | undefined, flags: RiskFlags): Promise<RiskResult> {
  // tfjs takes about a second to load: only the commands that need it pay for it
  const { assembleFeatures, createRiskStage, initBackend, loadFeatureInputs, loadModel } = await import('../model/index.js');
  const backend = await initBackend();
  const model = await loadModel(flags.model);
  const inputs = loadFeatureInputs({ clinical: flags.clinical, features: flags.features, prs: flags.prs, prsScore: flags.prsScore });
  let prsSource = flags.prs;
  if (vcf && !inputs.prs && model.meta.features.includes('prs_z') && inputs.samples.some((s) => !('prs_z' in s.values))) {
    const { prsForModel } = await import('./prs-for-model.js');
    const computed = await prsForModel(vcf, { scores: flags.scores, reference: flags.reference, scoreId: flags.prsScore, command: `precis ${commandLine()}` });
    const a = assembleFeatures({ clinical: inputs.clinical, extra: inputs.extra, prs: computed.scores, prsSource: computed.source });
    Object.assign(inputs, { ...a, prs: computed.scores });
    prsSource = computed.source;
  }
  if (model.meta.features.includes('prs_z') && !inputs.prs && inputs.samples.some((s) => !('prs_z' in s.values))) {
    throw new PrecisError('USAGE', `model ${model.meta.name} needs prs_z: give a VCF (scored with -w, default the embedded score), --prs FILE (the JSON of \`precis prs -O json\`) or a prs_z column`);
  }
  const stage = createRiskStage({
    model,
    backend,
    clinical: inputs.clinical,
    extra: inputs.extra,
    prs: () => inputs.prs,
    prsSource,
    inputs: {
      command: `precis ${commandLine()}`,
      ...(vcf ? { vcf } : {}),
      ...(flags.clinical ? { clinical: flags.clinical } : {}),
      ...(flags.features ? { features: flags.features.join(',') } : {}),
      ...(prsSource ? { prs: prsSource } : {}),
      model: model.dir,
    },
  });
  // The risk stage reads no records (its genomic input is the PRS result), so only the
  // header is needed here; `report` drives the same stage inside its one pass.
  if (vcf) {
    const { header } = await readHeaderOnly(vcf);
    await stage.begin(header, vcf);
  }
  const result = await stage.end();
  if (result.predictions.length === 0) throw new PrecisError('EMPTY_INPUT', 'no samples to score', { hint: vcf ? 'no clinical sample is in the VCF' : undefined });
  return result;
}

export function outputType(path: string, explicit?: string): 't' | 'j' {
  if (explicit !== undefined) {
    if (explicit === 't' || explicit === 'tsv') return 't';
    if (explicit === 'j' || explicit === 'json') return 'j';
    throw new PrecisError('USAGE', `-O/--output-type must be t (TSV) or j (JSON), got "${explicit}"`);
  }
  return /\.json$/i.test(path) ? 'j' : 't';
}
