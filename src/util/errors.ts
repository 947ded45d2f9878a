/**
 * The one error type of precis. Everything that can go wrong because of the user's
 * input or environment is a PrecisError; anything else is a bug and keeps its stack.
 */
export type PrecisErrorCode =
  | 'USAGE'
  | 'IO'
  | 'NOT_FOUND'
  | 'EMPTY_INPUT'
  | 'TRUNCATED'
  | 'BAD_COMPRESSION'
  | 'NOT_VCF'
  | 'BAD_HEADER'
  | 'BAD_RECORD'
  | 'NO_INDEX'
  | 'UNKNOWN_SAMPLE'
  | 'UNKNOWN_CONTIG'
  | 'BAD_REGION'
  | 'BAD_FASTA'
  | 'REF_MISMATCH'
  | 'BAD_DATA'
  | 'BUILD_MISMATCH'
  | 'LOW_OVERLAP'
  | 'MODEL'
  | 'UNSUPPORTED';

export interface PrecisErrorOptions {
  file?: string;
  line?: number;
  hint?: string;
  cause?: unknown;
}

export class PrecisError extends Error {
  readonly code: PrecisErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;

  constructor(code: PrecisErrorCode, message: string, options: PrecisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PrecisError';
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.hint = options.hint;
  }

  /** Usage errors exit 2 (as the brief and most CLIs do); data, I/O and everything else exit 1. */
  get exitCode(): number {
    return this.code === 'USAGE' ? 2 : 1;
  }

  /** `file:line: message (hint: ...)`, on one line whatever the message holds. */
  toOneLine(): string {
    const where = this.file === undefined ? '' : this.line === undefined ? `${this.file}: ` : `${this.file}:${this.line}: `;
    const hint = this.hint ? ` (hint: ${this.hint})` : '';
    return `${where}${shortQuotes(this.message)}${hint}`.replace(/[\r\n]+/g, ' ');
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: shortQuotes(this.message), file: this.file, line: this.line, hint: this.hint };
  }
}

/** quoted input text past this many characters is cut in messages */
const QUOTE_MAX = 60;

/**
 * A message whose quoted pieces of input ("...") are cut to their start: a malformed
 * cell can be megabytes long, and one line of error should still read as one line.
 */
export function shortQuotes(message: string): string {
  return message.replace(/"([^"]*)"/g, (whole, text: string) => (text.length <= QUOTE_MAX ? whole : `"${text.slice(0, 40)}…" (${text.length} characters)`));
}

export function usageError(message: string, hint?: string): PrecisError {
  return new PrecisError('USAGE', message, { hint });
}

export function isPrecisError(e: unknown): e is PrecisError {
  return e instanceof PrecisError;
}

/** Turns a Node system error (ENOENT, EACCES, ...) on `file` into a PrecisError. */
export function ioError(e: unknown, file: string): PrecisError {
  if (e instanceof PrecisError) return e;
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return new PrecisError('NOT_FOUND', 'no such file', { file, cause: e });
    case 'EACCES':
    case 'EPERM':
      return new PrecisError('IO', 'permission denied', { file, cause: e });
    case 'EISDIR':
      return new PrecisError('IO', 'is a directory, expected a file', { file, cause: e });
    default:
      return new PrecisError('IO', err?.message ?? String(e), { file, cause: e });
  }
}
