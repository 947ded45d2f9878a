import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { setQuiet } from '../util/output.js';
import { PrecisError } from '../util/errors.js';
import { parseHeader, recordBatches } from '../vcf/index.js';
import type { GeneModels } from './gene-models.js';
import { createWritingStage, linesTarget, type RecordTarget } from './record-output.js';
import { loadResources } from './resources.js';
import type { AnnotateStage } from './stage.js';
import type { JobMessage, WorkerReply, WorkerSetup } from './parallel-protocol.js';

/**
 * One annotation worker of `precis annotate --threads`: opens the resources itself (the
 * gene models come parsed from the main thread), then annotates the jobs it is sent, in
 * the order sent, with one annotate stage, and sends back each job's output lines and
 * counts. Each job is a stretch of whole records cut where no record waits for the next
 * (see parallel.ts), so one stage fed stretch after stretch writes what one fed the
 * whole input would.
 */

const setup = workerData as WorkerSetup;
const port = parentPort!;
// whatever is worth saying is said by the main thread
setQuiet(true);

const out: Buffer[] = [];
let texts: string[] = [];
let warnings: string[] = [];
let stage: AnnotateStage | undefined;
let target: RecordTarget | undefined;

async function start(): Promise<void> {
  const models = setup.models === null ? undefined : (deserialize(Buffer.from(setup.models)) as GeneModels);
  const res = await loadResources(setup.cfg, models);
  target = setup.json
    ? {
        kind: 'json',
        write: (text) => {
          texts.push(text);
          return undefined;
        },
      }
    : linesTarget({
        writeLines: (block) => {
          out.push(block);
          return undefined;
        },
      });
  stage = createWritingStage(res, setup.fields, target, (text) => {
    // the main thread shows the first few of the run; the summary counts them all
    if (warnings.length < 5) warnings.push(text);
  });
  await stage.begin(parseHeader(setup.metaLines, setup.columnLine, setup.input), setup.input);
}

async function run(job: JobMessage): Promise<WorkerReply> {
  const s = stage!;
  for (const batch of recordBatches(Buffer.from(job.bytes), job.firstLine, setup.input)) {
    for (let i = 0; i < batch.length; i++) {
      const p = s.accept(batch[i]!);
      if (p) await p;
    }
  }
  const part = await s.cut();
  if (target!.kind === 'lines') await target!.batch.finish();
  const result = joined(setup.json ? [Buffer.from(texts.join(''), 'utf8')] : out);
  out.length = 0;
  texts = [];
  const reply: WorkerReply = { type: 'done', seq: job.seq, out: result, part, warnings };
  warnings = [];
  return reply;
}

/** `parts` joined in an ArrayBuffer of their own, to be handed over without a copy. */
function joined(parts: readonly Buffer[]): ArrayBuffer {
  let n = 0;
  for (const p of parts) n += p.length;
  const result = new ArrayBuffer(n);
  const view = new Uint8Array(result);
  let at = 0;
  for (const p of parts) {
    view.set(p, at);
    at += p.length;
  }
  return result;
}

function failure(seq: number, e: unknown): WorkerReply {
  if (e instanceof PrecisError) return { type: 'failed', seq, error: { code: e.code, message: e.message, file: e.file, line: e.line, hint: e.hint } };
  return { type: 'failed', seq, error: { code: null, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } };
}

// jobs run one after another: a job's records must all be accepted before the next one's
let chain: Promise<void> = start().catch((e: unknown) => {
  port.postMessage(failure(-1, e));
  throw e;
});
port.on('message', (m: JobMessage) => {
  chain = chain.then(
    () =>
      run(m).then(
        (reply) => port.postMessage(reply, reply.type === 'done' ? [reply.out] : []),
        (e: unknown) => port.postMessage(failure(m.seq, e)),
      ),
    () => undefined,
  );
});
