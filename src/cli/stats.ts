import type { Command } from 'commander';
import { GenotypeStats, type SampleGenotypeCounts } from '../qc/genotype-stats.js';
import { PrecisError } from '../util/errors.js';
import { warn } from '../util/output.js';
import { Progress } from '../util/progress.js';
import { OutputSink } from '../util/sink.js';
import { GenotypeScanner, openVcf, selectSamples } from '../vcf/index.js';
import { SCHEMA_VERSION, VERSION } from '../version.js';
import { addCommonOptions, addRegionOptions, addSampleOptions, applyCommon, commandLine, examples, readerOptions, type RegionFlags } from './common.js';

interface StatsFlags extends RegionFlags {
  output: string;
  outputType?: string;
  samples?: string;
  samplesFile?: string;
  forceSamples?: boolean;
  quiet?: boolean;
}

export function registerStats(program: Command): void {
  const cmd = program
    .command('stats')
    .description('per-sample genotype QC in one streaming scan: hom-ref/het/hom-alt/missing/haploid counts, mean DS, Ti/Tv and record counts')
    .argument('<vcf>', 'VCF, VCF.gz or - for stdin');
  addRegionOptions(cmd);
  addSampleOptions(cmd);
  cmd
    .option('-o, --output <file>', 'output file, - for stdout', '-')
    .option('-O, --output-type <type>', 't: TSV (per sample), j: JSON (per sample plus record counts and Ti/Tv); default from the -o extension, else t');
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Counting rules: each call is exactly one of hom_ref, het, hom_alt or missing (any "."
allele makes it missing); haploid calls (chrX in males) count by their allele and also
in n_haploid. mean_DS averages the non-missing DS values (column present only when the
file has DS). Ti/Tv counts each SNV ALT allele.
` +
      examples(['precis stats cohort.vcf.gz > qc.tsv', 'precis stats cohort.vcf.gz -O j -o qc.json', 'precis stats in.vcf.gz -r chr22 -s ^HG00096']),
  );
  cmd.action(async (input: string, flags: StatsFlags) => {
    applyCommon(flags);
    const type = statsOutputType(flags.output, flags.outputType);
    const reader = await openVcf(input, readerOptions(flags));
    const sel = selectSamples(reader.header.samples, { list: flags.samples, file: flags.samplesFile, force: flags.forceSamples }, (u) => warn(`ignoring unknown sample(s): ${u.join(', ')}`));
    const stats = new GenotypeStats(sel.names);
    const scanner = new GenotypeScanner(reader.header.samples.length, sel.identity ? null : sel.select);
    const progress = new Progress('stats');
    let n = 0;
    try {
      for await (const batch of reader.batches()) {
        for (const rec of batch) {
          stats.addSite(rec);
          stats.addGenotypes(scanner.scan(rec));
        }
        if (((n += batch.length) & 0xffff) < batch.length) progress.tick(n, reader.bytesRead());
      }
    } finally {
      reader.close();
      progress.done();
    }
    const sink = OutputSink.open(flags.output);
    try {
      if (type === 't') sink.write(formatTsv(stats.perSample(), stats.hasDs));
      else {
        const c = stats.counts;
        const doc = {
          schemaVersion: SCHEMA_VERSION,
          precisVersion: VERSION,
          command: `precis ${commandLine()}`,
          input: input === '-' ? '<stdin>' : input,
          genomeBuild: reader.header.build ?? null,
          records: { total: c.records, refOnly: c.refOnly, snv: c.snv, mnp: c.mnp, indel: c.indel, other: c.other, multiallelic: c.multiallelic },
          tstv: { transitions: c.transitions, transversions: c.transversions, ratio: c.transversions > 0 ? c.transitions / c.transversions : null },
          samples: stats.perSample().map((s) => (stats.hasDs ? s : { ...s, mean_DS: undefined, n_DS: undefined })),
        };
        sink.write(`${JSON.stringify(doc, null, 2)}\n`);
      }
      await sink.close();
    } catch (e) {
      await sink.abort();
      throw e;
    }
  });
}

function statsOutputType(path: string, explicit?: string): 't' | 'j' {
  if (explicit !== undefined) {
    if (explicit === 't' || explicit === 'tsv') return 't';
    if (explicit === 'j' || explicit === 'json') return 'j';
    throw new PrecisError('USAGE', `-O/--output-type must be t (TSV) or j (JSON), got "${explicit}"`);
  }
  return /\.json$/i.test(path) ? 'j' : 't';
}

export function formatTsv(rows: SampleGenotypeCounts[], withDs: boolean): string {
  const cols = ['sample', 'n_hom_ref', 'n_het', 'n_hom_alt', 'n_missing', 'n_haploid', ...(withDs ? ['mean_DS'] : [])];
  const lines = [cols.join('\t')];
  for (const r of rows) {
    const v = [r.sample, r.n_hom_ref, r.n_het, r.n_hom_alt, r.n_missing, r.n_haploid];
    if (withDs) v.push(r.mean_DS === null ? 'NA' : String(r.mean_DS));
    lines.push(v.join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
