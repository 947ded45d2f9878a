import type { VariantAnnotation } from './annotation.js';
import { appendInfoBytes, hasInfoKey, infoIsEmpty } from './csq-format.js';
import { formatCsq, writeCsq } from './csq-writer.js';
import { TextBytes } from './text-bytes.js';

/** A block goes to the writer once this full... */
const BLOCK = 1 << 20;
/** ...or, while the writer is still busy with the last one, once this full. */
const MAX_BLOCK = 8 << 20;
const CSQ_KEY = Buffer.from('CSQ=', 'latin1');

/**
 * Output lines gathered into large blocks handed to the writer as one piece, newlines
 * included. Annotated lines are composed in
 * the block itself, CSQ included: no string and no buffer per record.
 *
 * A block the writer is not ready for keeps growing instead of waiting: the file stream
 * completes a write only when the event loop gets a turn, which a synchronous run of
 * records rarely gives, so 320 KB blocks handed over as they filled kept the run waiting
 * for 0.4 s of 3 (bench/annotate, 197 MB written).
 */
/** Takes blocks of whole lines, newlines included (a VcfWriter). */
export interface BlockWriter {
  writeLines(block: Buffer): Promise<void> | undefined;
}

export class LineBatch {
  private readonly writer: BlockWriter;
  private out = newBlock();
  /** the wait for the writer to take more, after a block it did not take at once */
  private draining: Promise<void> | undefined;
  private failure: unknown;

  constructor(writer: BlockWriter) {
    this.writer = writer;
  }

  addLine(line: Uint8Array): Promise<void> | undefined {
    const out = this.out;
    out.bytes(line);
    out.byte(10);
    return this.lineDone();
  }

  /** The line with `CSQ=<annotations>` added to its INFO column [infoStart, infoEnd). */
  addAnnotated(line: Buffer, infoStart: number, infoEnd: number, annotations: readonly VariantAnnotation[], fields: readonly string[]): Promise<void> | undefined {
    writeAnnotatedLine(this.out, line, infoStart, infoEnd, annotations, fields);
    this.out.byte(10);
    return this.lineDone();
  }

  /**
   * Starts `line` with `CSQ=` added to its INFO column [infoStart, infoEnd) and returns
   * the block to write the CSQ value into, then `endCsq`; undefined when INFO already has
   * a CSQ (then `addWithCsq` replaces it).
   */
  startCsq(line: Buffer, infoStart: number, infoEnd: number): TextBytes | undefined {
    return startCsqIn(this.out, line, infoStart, infoEnd) ? this.out : undefined;
  }

  /** Ends a line `startCsq` began. */
  endCsq(line: Buffer, infoEnd: number): Promise<void> | undefined {
    const out = this.out;
    out.bytes(line, infoEnd, line.length);
    out.byte(10);
    return this.lineDone();
  }

  /** The line with `CSQ=<csq>` added to its INFO column (an existing CSQ replaced). */
  addWithCsq(line: Buffer, infoStart: number, infoEnd: number, csq: string): Promise<void> | undefined {
    this.out.bytes(appendInfoBytes(line, infoStart, infoEnd, 'CSQ', csq));
    this.out.byte(10);
    return this.lineDone();
  }

  /** Waits until the writer has taken every line. */
  async finish(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
    this.handOver();
    while (this.draining !== undefined) await this.draining;
    if (this.failure) throw this.failure;
  }

  private lineDone(): Promise<void> | undefined {
    const n = this.out.len;
    if (n < BLOCK) return undefined;
    if (this.draining === undefined) return this.handOver();
    return n < MAX_BLOCK ? undefined : this.draining.then(() => this.handOver());
  }

  private handOver(): undefined {
    if (this.failure) throw this.failure;
    const out = this.out;
    if (out.len === 0) return undefined;
    // the writer keeps the block until its sink flushes: start a fresh one
    const p = this.writer.writeLines(out.buf.subarray(0, out.len));
    this.out = newBlock();
    if (p === undefined) return undefined;
    const d: Promise<void> = p.then(
      () => {
        if (this.draining === d) this.draining = undefined;
      },
      (e: unknown) => {
        this.failure = e;
        if (this.draining === d) this.draining = undefined;
      },
    );
    this.draining = d;
    return undefined;
  }
}

/**
 * `line` with `CSQ=<annotations>` added to its INFO column [infoStart, infoEnd), written
 * into `out` (no newline): the CSQ is composed in place, no string per record.
 */
export function writeAnnotatedLine(out: TextBytes, line: Buffer, infoStart: number, infoEnd: number, annotations: readonly VariantAnnotation[], fields: readonly string[]): void {
  if (!startCsqIn(out, line, infoStart, infoEnd)) {
    // an existing CSQ is replaced: the rare slow path
    out.bytes(appendInfoBytes(line, infoStart, infoEnd, 'CSQ', formatCsq(annotations, fields)));
    return;
  }
  writeCsq(out, annotations, fields);
  out.bytes(line, infoEnd, line.length);
}

/**
 * `line` up to the end of its INFO column [infoStart, infoEnd) and `CSQ=` written into
 * `out`, the value to follow; false (nothing written) when INFO already holds a CSQ.
 */
function startCsqIn(out: TextBytes, line: Buffer, infoStart: number, infoEnd: number): boolean {
  const empty = infoIsEmpty(line, infoStart, infoEnd);
  if (!empty && hasInfoKey(line, infoStart, infoEnd, 'CSQ')) return false;
  out.bytes(line, 0, empty ? infoStart : infoEnd);
  if (!empty) out.byte(59); // ;
  out.bytes(CSQ_KEY);
  return true;
}

function newBlock(): TextBytes {
  return new TextBytes(BLOCK + (BLOCK >> 2));
}
