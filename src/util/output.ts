import chalk from 'chalk';

/**
 * Terminal behaviour shared by every command: colour only on a TTY and never with
 * NO_COLOR (chalk's own detection ignores NO_COLOR), progress only on a TTY and not
 * with --quiet, and diagnostics always on stderr so stdout carries results only.
 */
export interface Terminal {
  quiet: boolean;
  progress: boolean;
}

export function configureColour(stream: NodeJS.WriteStream = process.stderr): void {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  if (noColor || !stream.isTTY || process.env.TERM === 'dumb') chalk.level = 0;
}

let quietMode = false;
export function setQuiet(q: boolean): void {
  quietMode = q;
}
export function isQuiet(): boolean {
  return quietMode;
}

export function warn(message: string): void {
  if (quietMode) return;
  process.stderr.write(`${chalk.yellow('precis: warning:')} ${message}\n`);
}

export function info(message: string): void {
  if (quietMode) return;
  process.stderr.write(`precis: ${message}\n`);
}
