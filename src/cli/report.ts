import type { Command } from 'commander';
import { PrecisError } from '../util/errors.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      throw new PrecisError('UNSUPPORTED', '`precis report` is not available in this build');
    });
}
