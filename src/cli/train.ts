import type { Command } from 'commander';
import { PrecisError } from '../util/errors.js';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      throw new PrecisError('UNSUPPORTED', '`precis train` is not available in this build');
    });
}
