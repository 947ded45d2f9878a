import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { PrecisError } from '../util/errors.js';
import { VcfRecord, type LineBlock, type VcfReader } from '../vcf/index.js';
import type { ErrorReport, JobMessage, WorkerReply, WorkerSetup } from './parallel-protocol.js';
import type { LoadedResources, ResourceConfig } from './resources.js';
import type { AnnotatePart } from './stage.js';
import { emptySummary, mergeSummary } from './summary.js';
import { LINKED_BASES } from './haplotype.js';

/**
 * `precis annotate --threads N`: N workers annotate stretches of the input (jobs of about
 * 2 MiB of records) while the main thread reads, hands out and writes; the output is
 * written in input order and is the same, byte for byte, as one thread's.
 */

/**
 * Input bytes per job: large enough that handing over costs little, small enough to keep
 * every worker busy. PRECIS_ANNOTATE_JOB_BYTES sets it (tests cut small inputs into many jobs).
 */
const JOB_BYTES = Number(process.env.PRECIS_ANNOTATE_JOB_BYTES) || 1 << 21;
/** A job grows past JOB_BYTES only while no cut is safe (records that may share a codon); never past this. */
const MAX_JOB_BYTES = 1 << 26;
/** Jobs handed out and not yet written, per worker: one running, one waiting. */
const QUEUED = 2;
const WORKER_SCRIPT = fileURLToPath(new URL('./parallel-worker.js', import.meta.url));

/**
 * How many annotation workers to run: `requested` (--threads), else 1, which means no
 * workers (the main thread annotates). One is the default because on 2 CPUs a second
 * annotating thread costs about what it saves: each compiles the annotation code anew
 * (~1.2 s of CPU on bench/annotate) and warms up on its own.
 */
export function annotationThreads(requested: number | undefined): number {
  // the worker is compiled JavaScript: run from the sources (unit tests) there is none to start
  if (!existsSync(WORKER_SCRIPT)) return 1;
  return requested ?? 1;
}

/** Where the annotated jobs go, in input order. */
export interface JobOutput {
  write(bytes: Buffer): Promise<void> | undefined;
  warn(text: string): void;
  progress?(records: number): void;
}

/**
 * Annotates `reader`'s records on `threads` workers and writes each job's lines to
 * `output` in input order. `linked`: records within LINKED_BASES of each other are
 * annotated together (phased genotypes, codons changed together), so jobs are cut only
 * between records that cannot be.
 */
export async function annotateInParallel(
  reader: VcfReader,
  res: LoadedResources,
  cfg: ResourceConfig,
  fields: readonly string[],
  json: boolean,
  threads: number,
  output: JobOutput,
  notableLimit = 10_000,
): Promise<AnnotatePart> {
  const models = res.geneModels ? sharedCopy(serialize(res.geneModels)) : null;
  const setup: WorkerSetup = {
    cfg,
    models,
    fields: [...fields],
    json,
    metaLines: reader.header.metaLines,
    columnLine: reader.header.columnLine,
    input: reader.name,
  };
  const workers = Array.from({ length: threads }, () => new JobWorker(setup));
  const result: AnnotatePart = { summary: emptySummary(), notable: [], notableTruncated: 0 };
  const waiting: Promise<Done>[] = [];
  let records = 0;
  const writeNext = async (): Promise<void> => {
    const done = await waiting.shift()!;
    const p = output.write(Buffer.from(done.out));
    for (const w of done.warnings) output.warn(w);
    merge(result, done.part, notableLimit);
    records += done.part.summary.records;
    output.progress?.(records);
    if (p) await p;
  };
  try {
    let seq = 0;
    const index = res.annotator.index;
    // an intron may split a codon of a CDS: no cut inside one, so both parts meet in one job
    const insideCds: CutGuard = (chrom, pos) => index.overlapping(chrom, pos, pos).some((t) => t.cdsStart > 0 && t.cdsStart < pos && pos <= t.cdsEnd);
    for await (const job of jobs(reader, reader.header.samples.length > 0 ? insideCds : false)) {
      if (waiting.length >= threads * QUEUED) await writeNext();
      const p = workers[seq % threads]!.run(seq, job);
      // a job may fail while an earlier one is awaited: its error is taken in turn
      p.catch(() => undefined);
      waiting.push(p);
      seq++;
    }
    while (waiting.length > 0) await writeNext();
    return result;
  } finally {
    // jobs still running after a failure are of no use
    await Promise.all(workers.map((w) => w.stop()));
  }
}

interface Done {
  out: ArrayBuffer;
  part: AnnotatePart;
  warnings: string[];
}

/** One worker thread and the jobs it has been given. */
class JobWorker {
  private readonly worker: Worker;
  private readonly jobs = new Map<number, { resolve: (d: Done) => void; reject: (e: unknown) => void }>();
  private failed: unknown;

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: setup, stdout: false, stderr: false });
    this.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'failed' && m.seq < 0) return this.fail(toError(m.error));
      const job = this.jobs.get(m.seq);
      if (!job) return;
      this.jobs.delete(m.seq);
      if (m.type === 'done') job.resolve({ out: m.out, part: m.part, warnings: m.warnings });
      else job.reject(toError(m.error));
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`annotation worker exited (code ${code})`)));
  }

  run(seq: number, job: LineBlock): Promise<Done> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise<Done>((resolve, reject) => {
      this.jobs.set(seq, { resolve, reject });
      // the job's bytes are its own buffer (see `jobs`): handed over, not copied
      const bytes = job.bytes.buffer as ArrayBuffer;
      const m: JobMessage = { type: 'job', seq, bytes, firstLine: job.firstLine };
      this.worker.postMessage(m, [bytes]);
    });
  }

  private fail(e: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = e;
    for (const j of this.jobs.values()) j.reject(e);
    this.jobs.clear();
  }

  async stop(): Promise<void> {
    this.failed ??= new Error('stopped');
    await this.worker.terminate();
  }
}

function toError(e: ErrorReport): Error {
  if (e.code === null) return new Error(e.message);
  return new PrecisError(e.code, e.message, { file: e.file, line: e.line, hint: e.hint });
}

function sharedCopy(b: Buffer): SharedArrayBuffer {
  const s = new SharedArrayBuffer(b.length);
  new Uint8Array(s).set(b);
  return s;
}

function merge(into: AnnotatePart, part: AnnotatePart, limit: number): void {
  mergeSummary(into.summary, part.summary);
  for (const a of part.notable) {
    if (into.notable.length < limit) into.notable.push(a);
    else into.notableTruncated++;
  }
  into.notableTruncated += part.notableTruncated;
}

/** Whether the input may not be cut before a record at `pos` (it lies inside a CDS a codon of which an intron may split). */
export type CutGuard = (chrom: string, pos: number) => boolean;

/**
 * The input cut into jobs of whole lines, each in an ArrayBuffer of its own. With
 * `linked` records, a cut falls only before a record on another contig or more than
 * LINKED_BASES past every earlier record of the job (the annotate stage groups records
 * closer than that; on sorted input, later records lie further still), and, given a guard,
 * not where it says no (inside a CDS: the two parts of a codon split by an intron).
 */
export async function* jobs(reader: VcfReader, linked: boolean | CutGuard, jobBytes = JOB_BYTES): AsyncGenerator<LineBlock> {
  const guard: CutGuard | undefined = typeof linked === 'function' ? linked : undefined;
  let parts: Buffer[] = [];
  let size = 0;
  let firstLine = 0;
  for await (const b of reader.lineBlocks()) {
    if (size === 0) firstLine = b.firstLine;
    parts.push(b.bytes);
    size += b.bytes.length;
    if (size < jobBytes) continue;
    let buf = Buffer.concat(parts, size);
    for (;;) {
      const cut = linked !== false ? safeCut(buf, firstLine, reader.name, jobBytes, guard) : lineCut(buf, firstLine, jobBytes);
      if (cut === undefined) break;
      yield { bytes: ownCopy(buf, cut.at), firstLine };
      buf = buf.subarray(cut.at);
      firstLine = cut.line;
      if (buf.length < jobBytes) break;
    }
    parts = buf.length > 0 ? [buf] : [];
    size = buf.length;
  }
  if (size > 0) {
    const buf = Buffer.concat(parts, size);
    yield { bytes: ownCopy(buf, buf.length), firstLine };
  }
}

/** The end of the line holding byte `jobBytes - 1` of `buf` (whole lines, the first numbered `firstLine`). */
function lineCut(buf: Buffer, firstLine: number, jobBytes: number): { at: number; line: number } {
  const nl = buf.indexOf(10, jobBytes - 1);
  const at = nl < 0 ? buf.length : nl + 1;
  let line = firstLine;
  for (let i = buf.indexOf(10); i >= 0 && i < at; i = buf.indexOf(10, i + 1)) line++;
  return { at, line };
}

/** The first `n` bytes of `b` in a buffer of their own (transferable; small buffers share Node's pool). */
function ownCopy(b: Buffer, n: number): Buffer {
  const out = Buffer.from(new ArrayBuffer(n));
  b.copy(out, 0, 0, n);
  return out;
}

/**
 * Where `buf` (whole lines, the first numbered `firstLine`) may be cut at or after
 * `jobBytes`: the byte offset and line number of the first line of the next job.
 * Undefined when no cut is safe yet (the job grows), unless it has reached MAX_JOB_BYTES.
 */
function safeCut(buf: Buffer, firstLine: number, name: string, jobBytes: number, guard?: CutGuard): { at: number; line: number } | undefined {
  let chrom = '';
  let maxEnd = 0;
  let start = 0;
  let lineNo = firstLine;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl < 0) nl = buf.length;
    let end = nl;
    if (end > start && buf[end - 1] === 13) end--;
    if (end > start && buf[start] !== 35) {
      let rec: VcfRecord | undefined;
      try {
        rec = new VcfRecord(buf.subarray(start, end), lineNo, name);
      } catch {
        // not a record: its worker reports it
      }
      if (rec !== undefined) {
        if (start >= jobBytes && chrom !== '' && (rec.chrom !== chrom || (rec.pos > maxEnd + LINKED_BASES && guard?.(rec.chrom, rec.pos) !== true))) return { at: start, line: lineNo };
        if (rec.chrom !== chrom) {
          chrom = rec.chrom;
          maxEnd = 0;
        }
        maxEnd = Math.max(maxEnd, rec.end);
      }
    }
    start = nl + 1;
    lineNo++;
  }
  // nowhere safe: rather than hold ever more, cut at the last line (only a codon pair across it is missed)
  if (buf.length >= MAX_JOB_BYTES) return { at: buf.length, line: lineNo };
  return undefined;
}
