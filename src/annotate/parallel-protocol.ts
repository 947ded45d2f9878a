import type { PrecisErrorCode } from '../util/errors.js';
import type { ResourceConfig } from './resources.js';
import type { AnnotatePart } from './stage.js';

/** What an annotation worker is started with. */
export interface WorkerSetup {
  cfg: ResourceConfig;
  /** the gene models, v8-serialised once for all workers; null without consequences */
  models: SharedArrayBuffer | null;
  fields: string[];
  /** JSON Lines instead of VCF lines */
  json: boolean;
  metaLines: string[];
  columnLine: string;
  /** the input's display name (error messages) */
  input: string;
}

/** Main thread to worker. */
export type JobMessage = { type: 'job'; seq: number; bytes: ArrayBuffer; firstLine: number };

/** An error crossing the thread boundary; `code` null for a bug (message holds the stack). */
export interface ErrorReport {
  code: PrecisErrorCode | null;
  message: string;
  file?: string;
  line?: number;
  hint?: string;
}

/** Worker to main thread. `seq` -1: the worker could not start. */
export type WorkerReply =
  | { type: 'done'; seq: number; out: ArrayBuffer; part: AnnotatePart; warnings: string[] }
  | { type: 'failed'; seq: number; error: ErrorReport };
