import { Command, Option } from 'commander';
import { PrecisError } from '../util/errors.js';
import { setQuiet } from '../util/output.js';
import { VERSION } from '../version.js';
import {
  parseRegionList,
  readRegionsFile,
  RegionSet,
  splitExclusion,
  type Region,
  setInflateThreads,
  type VcfReaderOptions,
} from '../vcf/index.js';

/** Options every command accepts: --threads (`threadsHelp` says what they do, when more than inflating), --quiet. */
export function addCommonOptions(cmd: Command, threadsHelp = 'threads inflating BGZF input (default: the number of CPUs)'): Command {
  return cmd
    .addOption(new Option('--threads <n>', threadsHelp).argParser(parsePositiveInt('--threads')))
    .option('-q, --quiet', 'no progress or warnings on stderr');
}

/** -r/-R/-t/-T region selection, the bcftools vocabulary. */
export function addRegionOptions(cmd: Command): Command {
  return cmd
    .option('-r, --regions <list>', 'chr|chr:pos|chr:beg-end|chr:beg-, comma-separated; jumps through the .tbi/.csi index')
    .option('-R, --regions-file <file>', 'regions from a file (BED if named .bed[.gz], else CHROM POS [END], 1-based)')
    .option('-t, --targets <list>', 'like -r but streams (works on stdin); prefix with ^ to exclude')
    .option('-T, --targets-file <file>', 'like -R but streams; prefix the file name with ^ to exclude')
    .addOption(new Option('--regions-overlap <mode>', 'a record matches -r when its POS is in the region (pos) or its REF span overlaps it (record)').choices(['pos', 'record']).default('record'))
    .addOption(new Option('--targets-overlap <mode>', 'the same for -t').choices(['pos', 'record']).default('pos'));
}

export function addSampleOptions(cmd: Command): Command {
  return cmd
    .option('-s, --samples <list>', 'comma-separated samples to keep, in this order; ^ to exclude')
    .option('-S, --samples-file <file>', 'samples to keep, one per line; ^file to exclude')
    .option('--force-samples', 'only warn about unknown sample names');
}

export interface RegionFlags {
  regions?: string;
  regionsFile?: string;
  targets?: string;
  targetsFile?: string;
  regionsOverlap?: 'pos' | 'record';
  targetsOverlap?: 'pos' | 'record';
}

export function readerOptions(o: RegionFlags): VcfReaderOptions {
  if (o.regions !== undefined && o.regionsFile !== undefined) throw new PrecisError('USAGE', '-r and -R cannot be combined');
  if (o.targets !== undefined && o.targetsFile !== undefined) throw new PrecisError('USAGE', '-t and -T cannot be combined');
  let regions: Region[] | undefined;
  if (o.regions !== undefined) regions = parseRegionList(o.regions, '-r/--regions');
  if (o.regionsFile !== undefined) regions = readRegionsFile(o.regionsFile, '-R/--regions-file');
  let targets: RegionSet | undefined;
  if (o.targets !== undefined) {
    const { exclude, body } = splitExclusion(o.targets);
    targets = new RegionSet(parseRegionList(body, '-t/--targets'), exclude);
  }
  if (o.targetsFile !== undefined) {
    const { exclude, body } = splitExclusion(o.targetsFile);
    targets = new RegionSet(readRegionsFile(body, '-T/--targets-file'), exclude);
  }
  return { regions, targets, regionsOverlap: o.regionsOverlap, targetsOverlap: o.targetsOverlap };
}

export function applyCommon(o: { quiet?: boolean; threads?: number }): void {
  setQuiet(Boolean(o.quiet));
  if (o.threads !== undefined) setInflateThreads(o.threads);
}

export function parsePositiveInt(flag: string): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new PrecisError('USAGE', `${flag} expects a positive whole number, got "${v}"`);
    return n;
  };
}

/** The command line as typed, for provenance (`##precisCommand`, JSON `command`). */
export function commandLine(): string {
  return process.argv
    .slice(2)
    .map((a) => (/^[\w@%+=:,./^-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export function provenanceHeaderLines(): string[] {
  return [`##precisVersion=${VERSION}`, `##precisCommand=${commandLine()}; Date=${new Date().toUTCString()}`];
}

export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** commander argParser for repeatable options (`-w a -w b` → ['a', 'b']). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
