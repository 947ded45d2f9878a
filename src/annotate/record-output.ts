import type { VcfRecord } from '../vcf/index.js';
import { warn } from '../util/output.js';
import type { VariantAnnotation } from './annotation.js';
import { annotationToJson } from './json-output.js';
import { LineBatch, writeAnnotatedLine, type BlockWriter } from './line-batch.js';
import { TextBytes } from './text-bytes.js';
import type { LoadedResources } from './resources.js';
import { createAnnotateStage, type AnnotateStage } from './stage.js';
import { sourcesOnlyStage } from './sources-only.js';

/** Where annotated records go: JSON Lines text, or VCF lines (with spans when indexing). */
export type RecordTarget =
  | { kind: 'json'; write(text: string): Promise<void> | undefined }
  | { kind: 'lines'; batch: LineBatch }
  | { kind: 'indexed'; write(line: Buffer, chrom: string, pos: number, end: number): Promise<void> | undefined };

export function linesTarget(writer: BlockWriter): RecordTarget {
  return { kind: 'lines', batch: new LineBatch(writer) };
}

/**
 * The annotate stage writing every record out as it is annotated: what `precis
 * annotate` runs.
 * `onRefMismatch` receives the warning text of a record whose REF differs from the FASTA.
 */
export function createWritingStage(res: LoadedResources, fields: readonly string[], target: RecordTarget, onRefMismatch: (text: string) => void): AnnotateStage {
  // custom sources only, to VCF: the vcfanno job, composed without annotation objects
  const fast = target.kind === 'lines' ? sourcesOnlyStage(res, fields, target.batch) : undefined;
  if (fast !== undefined) return fast;
  return createAnnotateStage({
    ...res.annotator,
    provenance: res.provenance,
    // every annotation is written out during the call, nothing is kept
    transient: true,
    onRefMismatch: (rec, f) => onRefMismatch(`${rec.file}:${rec.lineNo ?? '?'}: REF ${rec.ref} differs from the FASTA (${f}) at ${rec.chrom}:${rec.pos}`),
    onAnnotated: (rec, annotations) => writeRecord(rec, annotations, fields, target),
  });
}

function writeRecord(rec: VcfRecord, annotations: readonly VariantAnnotation[], fields: readonly string[], target: RecordTarget): Promise<void> | undefined {
  if (target.kind === 'json') {
    if (annotations.length === 1) return target.write(`${JSON.stringify(annotationToJson(annotations[0]!))}\n`);
    // composed now (the annotations may be the annotator's reused objects), written one
    // after another: writes issued while the output is full would each wait on its own
    return writeInTurn(annotations.map((a) => `${JSON.stringify(annotationToJson(a))}\n`), 0, target.write);
  }
  if (annotations.length === 0) return target.kind === 'lines' ? target.batch.addLine(rec.line) : target.write(Buffer.from(rec.line), rec.chrom, rec.pos, rec.end);
  const infoEnd = rec.infoEnd;
  const infoStart = rec.line.lastIndexOf(9 /* tab */, infoEnd - 1) + 1;
  if (target.kind === 'lines') return target.batch.addAnnotated(rec.line, infoStart, infoEnd, annotations, fields);
  // the writer copies the line into its block before returning: one scratch buffer serves every record
  indexedLine.len = 0;
  writeAnnotatedLine(indexedLine, rec.line, infoStart, infoEnd, annotations, fields);
  return target.write(indexedLine.buf.subarray(0, indexedLine.len), rec.chrom, rec.pos, rec.end);
}
const indexedLine = new TextBytes();

function writeInTurn(texts: readonly string[], from: number, write: (text: string) => Promise<void> | undefined): Promise<void> | undefined {
  for (let i = from; i < texts.length; i++) {
    const p = write(texts[i]!);
    if (p !== undefined) return i + 1 < texts.length ? p.then(() => writeInTurn(texts, i + 1, write)) : p;
  }
  return undefined;
}

/** The first few REF warnings of a run go to stderr; the summary counts them all. */
export class RefWarnings {
  private shown = 0;

  add(text: string): void {
    if (this.shown++ < 5) warn(text);
  }
}
