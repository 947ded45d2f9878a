import { formatHeader, runStages, VcfWriter, type VcfOutputType, type VcfReader } from '../vcf/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { OutputSink } from '../util/sink.js';
import { csqHeaderLine } from './csq-format.js';
import { createWritingStage, linesTarget, RefWarnings, type RecordTarget } from './record-output.js';
import type { LoadedResources, ResourceConfig } from './resources.js';
import { annotateInParallel } from './parallel.js';
import { annotateResult, type AnnotateResult } from './stage.js';
import { renderAnnotateJson } from './render.js';

export interface AnnotateOutput {
  path: string;
  type: VcfOutputType;
  writeIndex?: boolean;
  fields: string[];
  extraHeader: string[];
  summaryPath?: string;
  /** annotation workers (1: the main thread annotates) and the resources they open */
  threads?: number;
  resources?: ResourceConfig;
}

/**
 * `precis annotate`: drives the annotate stage over the reader (the same stage `report`
 * uses) and streams every record to the writer as it is annotated; with `out.threads`
 * above 1, worker threads run that stage on stretches of the input (parallel.ts).
 */
export async function annotateToWriter(reader: VcfReader, res: LoadedResources, out: AnnotateOutput, command: string, onProgress?: (n: number) => void): Promise<AnnotateResult> {
  const json = out.type === 'j';
  const sink = json ? OutputSink.open(out.path) : undefined;
  const writer = json ? undefined : new VcfWriter(out.path, { type: out.type, writeIndex: out.writeIndex });
  const warnings = new RefWarnings();
  const threads = out.threads ?? 1;
  const parallel = threads > 1 && out.resources !== undefined && out.writeIndex !== true && !reader.selective;
  try {
    if (writer) {
      const p = writer.writeHeader(annotateHeader(reader, res, out));
      if (p) await p;
    }
    let result: AnnotateResult;
    if (parallel) {
      const write = json ? (b: Buffer) => sink!.write(b) : (b: Buffer) => writer!.writeLines(b);
      const part = await annotateInParallel(reader, res, out.resources!, out.fields, json, threads, { write, warn: (t) => warnings.add(t), progress: onProgress });
      result = annotateResult(reader.name, res.provenance, reader.header, part);
    } else {
      // without an index the writer needs no per-record spans: lines go to it in large blocks
      let target: RecordTarget;
      if (sink) target = { kind: 'json', write: (text) => sink.write(text) };
      else if (out.writeIndex !== true) target = linesTarget(writer!);
      else target = { kind: 'indexed', write: (line, chrom, pos, end) => writer!.writeRecord(line, chrom, pos, end) };
      const stage = createWritingStage(res, out.fields, target, (text) => warnings.add(text));
      [result] = (await runStages(reader, [stage], onProgress)) as [AnnotateResult];
      if (target.kind === 'lines') await target.batch.finish();
    }
    if (writer) await writer.close();
    if (sink) await sink.close();
    if (out.summaryPath) await writeFileAtomic(out.summaryPath, renderAnnotateJson(result, command));
    return result;
  } catch (e) {
    if (writer) await writer.abort();
    if (sink) await sink.abort();
    throw e;
  }
}

/** The output VCF's header: the input's, with the CSQ format, the resources and the command. */
function annotateHeader(reader: VcfReader, res: Pick<LoadedResources, 'provenance'>, out: AnnotateOutput): string {
  return formatHeader(reader.header, [csqHeaderLine(out.fields), provenanceLine(res), ...out.extraHeader]);
}

function provenanceLine(res: Pick<LoadedResources, 'provenance'>): string {
  const g = res.provenance.geneModels;
  const models = g ? `${g.file}${g.release ? ` (${g.release})` : ''}` : 'none';
  const sources = res.provenance.sources.map((s) => `${s.kind}:${s.file}${s.release ? ` (${s.release})` : ''}`).join(' ');
  return `##precisAnnotate=<geneModels="${models}",ranking="${res.provenance.consequenceRanking}",sources="${sources}",researchUseOnly=true>`;
}
