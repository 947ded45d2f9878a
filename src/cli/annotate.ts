import type { Command } from 'commander';
import { PrecisError } from '../util/errors.js';

export function registerAnnotate(program: Command): void {
  program
    .command('annotate')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      throw new PrecisError('UNSUPPORTED', '`precis annotate` is not available in this build');
    });
}
