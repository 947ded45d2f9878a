import type { Command } from 'commander';
import { PrecisError } from '../util/errors.js';

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      throw new PrecisError('UNSUPPORTED', '`precis explain` is not available in this build');
    });
}
