import type { Command } from 'commander';
import { PrecisError } from '../util/errors.js';

export function registerPgx(program: Command): void {
  program
    .command('pgx')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      throw new PrecisError('UNSUPPORTED', '`precis pgx` is not available in this build');
    });
}
