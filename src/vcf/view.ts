import { PrecisError } from '../util/errors.js';
import type { FastaReader } from './fasta.js';
import { formatHeader } from './header.js';
import { leftAlign, splitMultiallelic } from './normalize.js';
import type { VcfReader } from './reader.js';
import type { VcfRecord } from './record.js';
import type { SampleSelection } from './samples.js';
import { subsetSampleColumns } from './subset.js';
import type { VcfWriter } from './writer.js';

export interface ViewOptions {
  samples: SampleSelection;
  /** split multi-allelic records into biallelic ones */
  split?: boolean;
  /** left-align and trim indels against this reference */
  fasta?: FastaReader;
  /** recompute INFO/AC and INFO/AN after subsetting samples (bcftools view does) */
  updateAcAn?: boolean;
  /** extra `##` lines (provenance) */
  extraHeader?: string[];
  headerOnly?: boolean;
  noHeader?: boolean;
  onRecord?: (records: number) => void;
}

export interface ViewSummary {
  recordsRead: number;
  recordsWritten: number;
}

/**
 * The `view` pipeline: read, select samples, optionally split and left-align, write.
 * Lines pass through as bytes unless something must change them.
 */
export async function runView(reader: VcfReader, writer: VcfWriter, o: ViewOptions): Promise<ViewSummary> {
  const header = reader.header;
  if (!o.noHeader) {
    const p = writer.writeHeader(formatHeader(header, o.extraHeader ?? [], o.samples.names));
    if (p) await p;
  }
  if (o.headerOnly) return { recordsRead: 0, recordsWritten: 0 };
  const nFile = header.samples.length;
  const order = new Int32Array(o.samples.names.length);
  o.samples.select.forEach((slot, i) => {
    if (slot >= 0) order[slot] = i;
  });
  const subset = !o.samples.identity;
  const reorder = new Reorderer();
  let read = 0;
  let written = 0;

  // returns a promise only when the writer asks to wait, so most records need no await
  const emit = (line: Buffer, chrom: string, pos: number, end: number): Promise<void> | undefined => {
    written++;
    return writer.writeRecord(line, chrom, pos, end);
  };

  // one await per batch of records (see VcfReader.batches)
  for await (const batch of reader.batches()) {
    for (const rec of batch) {
      read++;
      if (o.onRecord && (read & 0xffff) === 0) o.onRecord(read);
      let line = rec.line;
      if (nFile > 0) {
        const out = subset ? subsetSampleColumns(line, rec.samplesStart, nFile, order) : checkColumns(rec, nFile);
        if (out === null) throw rec.error(`expected ${9 + nFile} columns (9 + ${nFile} samples), found ${rec.columnCount()}`);
        line = out;
        if (subset && o.updateAcAn && (rec.info.has('AC') || rec.info.has('AN'))) line = Buffer.from(updateAcAn(line.toString('utf8')), 'utf8');
      } else if (rec.samplesStart >= 0 && rec.columnCount() > 9) {
        throw rec.error(`expected 8 or 9 columns (the header names no samples), found ${rec.columnCount()}`);
      }
      if (!o.split && !o.fasta) {
        const w = emit(line, rec.chrom, rec.pos, rec.end);
        if (w) await w;
        continue;
      }
      const pieces = o.split && rec.alts.length > 1 ? splitMultiallelic(line.toString('utf8'), header) : [line.toString('utf8')];
      for (let text of pieces) {
        if (o.fasta) text = await leftAlignLine(o.fasta, text, rec);
        const c = text.split('\t', 5);
        const pos = Number(c[1]);
        const end = pos + c[3]!.length - 1;
        for (const ready of reorder.push(c[0]!, pos, Buffer.from(text, 'utf8'), end, rec.pos)) await emit(ready.line, ready.chrom, ready.pos, ready.end);
      }
    }
  }
  for (const ready of reorder.drain()) await emit(ready.line, ready.chrom, ready.pos, ready.end);
  return { recordsRead: read, recordsWritten: written };
}

function checkColumns(rec: VcfRecord, nFile: number): Buffer | null {
  // counting tabs is cheap next to I/O and catches truncated or shifted lines
  const b = rec.line;
  let n = 1;
  for (let i = rec.samplesStart; i < b.length; i++) if (b[i] === 9) n++;
  return n === nFile ? b : null;
}

async function leftAlignLine(fasta: FastaReader, text: string, rec: VcfRecord): Promise<string> {
  const c = text.split('\t');
  const alts = c[4] === '.' ? [] : c[4]!.split(',');
  const r = await leftAlign(fasta, c[0]!, Number(c[1]), c[3]!, alts, rec.file, rec.lineNo);
  if (!r.changed) return text;
  c[1] = String(r.pos);
  c[3] = r.ref;
  c[4] = r.alts.join(',');
  return c.join('\t');
}

/** Recomputes AC (per ALT) and AN from the GT column of a (subset) line. */
export function updateAcAn(line: string): string {
  const c = line.split('\t');
  const nAlt = c[4] === '.' ? 0 : c[4]!.split(',').length;
  const fmt = c[8]?.split(':') ?? [];
  const gi = fmt.indexOf('GT');
  if (gi < 0) return line;
  const ac = new Array<number>(nAlt).fill(0);
  let an = 0;
  for (let s = 9; s < c.length; s++) {
    const gt = c[s]!.split(':')[gi] ?? '.';
    for (const a of gt.split(/[|/]/)) {
      if (a === '' || a === '.') continue;
      const k = Number(a);
      an++;
      if (k >= 1 && k <= nAlt) ac[k - 1]!++;
    }
  }
  c[7] = c[7]!
    .split(';')
    .map((item) => (item.startsWith('AC=') ? `AC=${ac.join(',')}` : item.startsWith('AN=') ? `AN=${an}` : item))
    .join(';');
  return c.join('\t');
}

interface Pending {
  chrom: string;
  pos: number;
  end: number;
  line: Buffer;
}

/**
 * Left-alignment moves records left, so output order can change; records wait here
 * until no later input can move before them (indels shift by at most `window` bases).
 */
class Reorderer {
  private buf: Pending[] = [];
  constructor(private readonly window = 1000) {}

  *push(chrom: string, pos: number, line: Buffer, end: number, inputPos: number): Generator<Pending> {
    if (this.buf.length > 0 && this.buf[0]!.chrom !== chrom) yield* this.drain();
    let i = this.buf.length;
    while (i > 0 && this.buf[i - 1]!.pos > pos) i--;
    this.buf.splice(i, 0, { chrom, pos, end, line });
    while (this.buf.length > 0 && this.buf[0]!.pos < inputPos - this.window) yield this.buf.shift()!;
    if (this.buf.length > 100000) throw new PrecisError('BAD_DATA', 'too many records waiting for re-sorting after left-alignment; is the input sorted?');
  }

  *drain(): Generator<Pending> {
    const b = this.buf;
    this.buf = [];
    yield* b;
  }
}
