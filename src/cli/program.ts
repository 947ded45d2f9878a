import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerView } from './view.js';
import { registerStats } from './stats.js';
import { registerAnnotate } from './annotate.js';
import { registerPrs } from './prs.js';
import { registerPgx } from './pgx.js';
import { registerRisk } from './risk.js';
import { registerTrain } from './train.js';
import { registerExplain } from './explain.js';
import { registerReport } from './report.js';

/** All subcommands; each file registers one and holds no analysis logic of its own. */
export function buildProgram(): Command {
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
  registerView(program);
  registerStats(program);
  registerAnnotate(program);
  registerPrs(program);
  registerPgx(program);
  registerRisk(program);
  registerTrain(program);
  registerExplain(program);
  registerReport(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.showHelpAfterError('(run with --help for usage)');
    cmd.configureOutput({ outputError: (str, write) => write(`precis ${cmd.name()}: ${str}`) });
  }
  return program;
}
