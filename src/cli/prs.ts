import type { Command } from 'commander';
import { PrecisError } from '../util/errors.js';

export function registerPrs(program: Command): void {
  program
    .command('prs')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      throw new PrecisError('UNSUPPORTED', '`precis prs` is not available in this build');
    });
}
