import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const PRECIS_BIN = join(REPO_ROOT, 'bin', 'precis');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run build` first) and captures everything. */
export function runPrecis(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [PRECIS_BIN, ...args], {
    input: typeof options.input === 'string' ? Buffer.from(options.input) : options.input,
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 1 << 30,
    encoding: 'buffer',
  });
  return { status: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** Runs another program (bcftools, plink2, tabix) and returns its stdout; throws on failure. */
export function runTool(cmd: string, args: string[], input?: string | Buffer): string {
  const r = spawnSync(cmd, args, { input: typeof input === 'string' ? Buffer.from(input) : input, maxBuffer: 1 << 30, encoding: 'buffer' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.toString()}`);
  return r.stdout.toString('utf8');
}
