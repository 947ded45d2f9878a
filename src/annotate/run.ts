import { formatHeader, runStages, VcfWriter, type VcfOutputType, type VcfReader } from '../vcf/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { warn } from '../util/output.js';
import { OutputSink } from '../util/sink.js';
import { appendedLength, appendInfoBytes, csqHeaderLine, formatCsq, writeAppended } from './csq-format.js';
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
      const csq = formatCsq(annotations, out.fields);
      if (batch) return batch.addAnnotated(rec.line, infoStart, infoEnd, csq);
      return writer!.writeRecord(appendInfoBytes(rec.line, infoStart, infoEnd, 'CSQ', csq), rec.chrom, rec.pos, rec.end);
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
    if (batch) await batch.flush();
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

const BLOCK = 256 * 1024;

/**
 * Output lines gathered into large blocks handed to the writer as one piece (the block's
 * lines joined by newlines; the writer adds the last). One buffer per block instead of
 * one per record: fewer allocations, and no short-lived buffers promoted by the GC.
 */
class LineBatch {
  private readonly writer: VcfWriter;
  private buf = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  constructor(writer: VcfWriter) {
    this.writer = writer;
  }

  addLine(line: Buffer): Promise<void> | undefined {
    const p = this.reserve(line.length + 1);
    this.used += line.copy(this.buf, this.used);
    this.buf[this.used++] = 10;
    return p;
  }

  /** The line with `CSQ=value` appended to its INFO column [infoStart, infoEnd). */
  addAnnotated(line: Buffer, infoStart: number, infoEnd: number, value: string): Promise<void> | undefined {
    const n = appendedLength(line, infoStart, infoEnd, 'CSQ', value);
    if (n < 0) return this.addLine(appendInfoBytes(line, infoStart, infoEnd, 'CSQ', value));
    const p = this.reserve(n + 1);
    this.used = writeAppended(this.buf, this.used, line, infoStart, infoEnd, 'CSQ', value);
    this.buf[this.used++] = 10;
    return p;
  }

  flush(): Promise<void> | undefined {
    if (this.used === 0) return undefined;
    // the writer keeps the block until its sink flushes: start a fresh one
    const p = this.writer.writeRecord(this.buf.subarray(0, this.used - 1));
    this.buf = Buffer.allocUnsafe(BLOCK);
    this.used = 0;
    return p;
  }

  private reserve(n: number): Promise<void> | undefined {
    if (this.used + n <= this.buf.length) return undefined;
    const p = this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    return p;
  }
}
