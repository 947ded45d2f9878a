import type { Command } from 'commander';
import { PrecisError } from '../util/errors.js';

export function registerRisk(program: Command): void {
  program
    .command('risk')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      throw new PrecisError('UNSUPPORTED', '`precis risk` is not available in this build');
    });
}
