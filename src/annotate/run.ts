import { formatHeader, runStages, VcfWriter, type VcfOutputType, type VcfReader } from '../vcf/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { warn } from '../util/output.js';
import { OutputSink } from '../util/sink.js';
import { appendInfoBytes, csqHeaderLine } from './csq-format.js';
import { formatCsq } from './csq-writer.js';
import { LineBatch } from './line-batch.js';
import type { LoadedResources } from './resources.js';
import { createAnnotateStage, type AnnotateResult } from './stage.js';
import { annotationToJson } from './json-output.js';
import { renderAnnotateJson } from './render.js';

export interface AnnotateOutput {
  path: string;
  type: VcfOutputType;
  writeIndex?: boolean;
  fields: string[];
  extraHeader: string[];
  summaryPath?: string;
}

/**
 * `precis annotate`: drives the annotate stage over the reader (the same stage `report`
 * uses) and streams every record to the writer as it is annotated.
 */
export async function annotateToWriter(reader: VcfReader, res: LoadedResources, out: AnnotateOutput, command: string, onProgress?: (n: number) => void): Promise<AnnotateResult> {
  const json = out.type === 'j';
  const sink = json ? OutputSink.open(out.path) : undefined;
  const writer = json ? undefined : new VcfWriter(out.path, { type: out.type, writeIndex: out.writeIndex });
  // without an index the writer needs no per-record spans: lines go to it in large blocks
  const batch = writer && out.writeIndex !== true ? new LineBatch(writer) : undefined;
  let warned = 0;
  const stage = createAnnotateStage({
    ...res.annotator,
    provenance: res.provenance,
    // every annotation is written out during the call, nothing is kept
    transient: true,
    onRefMismatch: (rec, f) => {
      if (warned++ < 5) warn(`${rec.file}:${rec.lineNo ?? '?'}: REF ${rec.ref} differs from the FASTA (${f}) at ${rec.chrom}:${rec.pos}`);
    },
    onAnnotated: (rec, annotations) => {
      if (sink) {
        let p: Promise<void> | undefined;
        for (const a of annotations) p = sink.write(`${JSON.stringify(annotationToJson(a))}\n`) ?? p;
        return p;
      }
      if (annotations.length === 0) return batch ? batch.addLine(rec.line) : writer!.writeRecord(Buffer.from(rec.line), rec.chrom, rec.pos, rec.end);
      const infoEnd = rec.infoEnd;
      const infoStart = rec.line.lastIndexOf(9 /* tab */, infoEnd - 1) + 1;
      if (batch) return batch.addAnnotated(rec.line, infoStart, infoEnd, annotations, out.fields);
      return writer!.writeRecord(appendInfoBytes(rec.line, infoStart, infoEnd, 'CSQ', formatCsq(annotations, out.fields)), rec.chrom, rec.pos, rec.end);
    },
  });
  try {
    if (writer) {
      const meta = [
        csqHeaderLine(out.fields),
        provenanceLine(res),
        ...out.extraHeader,
      ];
      const p = writer.writeHeader(formatHeader(reader.header, meta));
      if (p) await p;
    }
    const [result] = (await runStages(reader, [stage], onProgress)) as [AnnotateResult];
    if (batch) await batch.finish();
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

function provenanceLine(res: LoadedResources): string {
  const g = res.provenance.geneModels;
  const models = g ? `${g.file}${g.release ? ` (${g.release})` : ''}` : 'none';
  const sources = res.provenance.sources.map((s) => `${s.kind}:${s.file}${s.release ? ` (${s.release})` : ''}`).join(' ');
  return `##precisAnnotate=<geneModels="${models}",ranking="${res.provenance.consequenceRanking}",sources="${sources}",researchUseOnly=true>`;
}
