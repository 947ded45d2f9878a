import type { Command } from 'commander';
import { FastaReader, openVcf, selectSamples, vcfOutputType, VcfWriter } from '../vcf/index.js';
import { runView } from '../vcf/view.js';
import { PrecisError } from '../util/errors.js';
import { Progress } from '../util/progress.js';
import { warn } from '../util/output.js';
import { addCommonOptions, addRegionOptions, addSampleOptions, applyCommon, examples, provenanceHeaderLines, readerOptions, type RegionFlags } from './common.js';

interface ViewFlags extends RegionFlags {
  output: string;
  outputType?: string;
  samples?: string;
  samplesFile?: string;
  forceSamples?: boolean;
  splitMultiallelics?: boolean;
  fasta?: string;
  writeIndex?: boolean;
  version: boolean;
  update: boolean;
  headerOnly?: boolean;
  noHeader?: boolean;
  header: boolean;
  quiet?: boolean;
}

export function registerView(program: Command): void {
  const cmd = program
    .command('view')
    .description('read a VCF, select regions and samples, optionally split multi-allelic records and left-align indels; write VCF, BGZF VCF or JSON Lines')
    .argument('<vcf>', 'VCF, VCF.gz (BGZF or gzip) or - for stdin');
  addRegionOptions(cmd);
  addSampleOptions(cmd);
  cmd
    .option('-o, --output <file>', 'output file, - for stdout', '-')
    .option('-O, --output-type <type>', 'v: VCF, z: BGZF VCF, j: JSON Lines (default: from the -o extension, else v)')
    .option('-m, --split-multiallelics', 'split multi-allelic records into biallelic ones (as bcftools norm -m-)')
    .option('-f, --fasta <file>', 'reference FASTA, plain or bgzipped (a .fai and .gzi beside it are used; without them it is indexed in memory): left-align and trim indels, check REF')
    .option('-W, --write-index', 'write a tabix index (<output>.tbi) for BGZF output')
    .option('-I, --no-update', 'do not recompute INFO/AC and INFO/AN after subsetting samples')
    .option('-h, --header-only', 'print only the header')
    .option('-H, --no-header', 'suppress the header')
    .option('--no-version', 'do not add ##precisVersion/##precisCommand header lines')
    .helpOption('--help', 'show this help');
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    examples([
      'precis view in.vcf.gz -r chr22:16000000-17000000 -o sub.vcf.gz -W',
      'precis view in.vcf.gz -s HG00096,HG00097 -O j | head',
      'zcat in.vcf.gz | precis view - -t chr22 -m -o split.vcf',
      'precis view in.vcf.gz -s ^NA12878 -f GRCh38.fa -o norm.vcf.gz',
    ]),
  );
  cmd.action(async (input: string, flags: ViewFlags) => {
    applyCommon(flags);
    const type = vcfOutputType(flags.output, flags.outputType);
    const reader = await openVcf(input, readerOptions(flags));
    const samples = selectSamples(reader.header.samples, { list: flags.samples, file: flags.samplesFile, force: flags.forceSamples }, (unknown) =>
      warn(`ignoring ${unknown.length} unknown sample(s): ${unknown.slice(0, 5).join(', ')}`),
    );
    const fasta = flags.fasta ? await FastaReader.open(flags.fasta) : undefined;
    if (flags.headerOnly && type === 'j') throw new PrecisError('USAGE', '--header-only writes VCF text; drop -O j');
    const writer = new VcfWriter(flags.output, { type, writeIndex: flags.writeIndex, samples: samples.names });
    const progress = new Progress('view');
    try {
      await runView(reader, writer, {
        samples,
        split: flags.splitMultiallelics,
        fasta,
        updateAcAn: flags.update,
        extraHeader: flags.version ? provenanceHeaderLines() : [],
        headerOnly: flags.headerOnly,
        noHeader: !flags.header,
        onRecord: (n) => progress.tick(n, reader.bytesRead()),
      });
      await writer.close();
    } catch (e) {
      await writer.abort();
      throw e;
    } finally {
      reader.close();
      progress.done();
    }
  });
}
