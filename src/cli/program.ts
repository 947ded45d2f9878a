import { Command } from 'commander';
import { VERSION } from '../version.js';

type Register = (program: Command) => void;

/**
 * The subcommands, in help order; each file registers one and holds no analysis logic
 * of its own. They are imported on demand: loading every command's modules cost ~60 ms
 * of start-up (measured: 99 ms to import them all, 39 ms for `prs` alone).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  view: async () => (await import('./view.js')).registerView,
  stats: async () => (await import('./stats.js')).registerStats,
  annotate: async () => (await import('./annotate.js')).registerAnnotate,
  prs: async () => (await import('./prs.js')).registerPrs,
  pgx: async () => (await import('./pgx.js')).registerPgx,
  risk: async () => (await import('./risk.js')).registerRisk,
  train: async () => (await import('./train.js')).registerTrain,
  explain: async () => (await import('./explain.js')).registerExplain,
  report: async () => (await import('./report.js')).registerReport,
};

/** The command a command line runs: its first word, when it names one. */
function commandOf(argv: string[]): string | undefined {
  const first = argv[0];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined;
}

/**
 * The program with the subcommand `argv` runs, or with every subcommand (for the
 * overall help, a typo's suggestion, or no command at all).
 */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('precis')
    .description('Precision medicine from genomes: VCF in; annotation, polygenic scores, pharmacogenomics, explained risk and reports out.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(`precis: ${str.replace(/^error: /, 'error: ')}`),
    })
    .addHelpText('after', '\nRun `precis <command> --help` for a command\'s options and examples.\nResearch use only: not a medical device.\n');
  program.showHelpAfterError('(run with --help for usage)');
  const only = commandOf(argv);
  for (const name of only !== undefined ? [only] : Object.keys(COMMANDS)) (await COMMANDS[name]!())(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.showHelpAfterError('(run with --help for usage)');
    cmd.configureOutput({ outputError: (str, write) => write(`precis ${cmd.name()}: ${str}`) });
  }
  return program;
}
