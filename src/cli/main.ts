import { CommanderError } from 'commander';
import { abortAllAtomicFiles, abortAllAtomicFilesSync } from '../util/atomic.js';
import { PrecisError } from '../util/errors.js';
import { configureColour } from '../util/output.js';
import { buildProgram } from './program.js';

/**
 * Entry point: runs a command and turns every failure into one line on stderr and an
 * exit code (2 usage, 1 data/IO). A stack trace appears only with PRECIS_DEBUG=1, and
 * a closed stdout (`precis view x.vcf | head`) ends the process quietly.
 */
export async function main(argv: string[]): Promise<number> {
  configureColour();
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      abortAllAtomicFilesSync();
      process.exit(0);
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      abortAllAtomicFilesSync();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    await abortAllAtomicFiles();
    return report(e);
  }
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // help and --version exit 0; commander already printed its own message
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2;
  }
  if (process.env.PRECIS_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  if (e instanceof PrecisError) {
    process.stderr.write(`precis: error: ${e.toOneLine()}\n`);
    return e.exitCode;
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EPIPE') return 0;
  if (err?.code === 'ENOSPC') {
    process.stderr.write('precis: error: no space left on device\n');
    return 1;
  }
  process.stderr.write(`precis: internal error: ${err?.message ?? String(e)} (this is a bug; rerun with PRECIS_DEBUG=1 for details)\n`);
  return 1;
}
