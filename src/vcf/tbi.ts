import { PrecisError } from '../util/errors.js';
import { BgzfEncoder } from './bgzf.js';

/**
 * Builds a tabix (.tbi) index for a BGZF VCF as it is written (tabix spec, hts-specs
 * tabix.tex): UCSC binning with 16 kb linear windows. Records must come sorted by contig
 * (each contig once) and position.
 */
export class TbiBuilder {
  private readonly names: string[] = [];
  private readonly refs: RefIndex[] = [];
  private current: RefIndex | null = null;
  private lastPos = 0;

  add(chrom: string, beg0: number, end0: number, vStart: bigint, vEnd: bigint): void {
    if (this.current === null || this.names[this.names.length - 1] !== chrom) {
      if (this.names.includes(chrom)) {
        throw new PrecisError('BAD_DATA', `cannot write an index: records of ${chrom} are not contiguous (the output is not sorted)`, { hint: 'sort the input (bcftools sort) or drop --write-index' });
      }
      this.names.push(chrom);
      this.current = { bins: new Map(), linear: [], lastBin: -1, lastChunk: null };
      this.refs.push(this.current);
      this.lastPos = 0;
    }
    if (beg0 < this.lastPos) {
      throw new PrecisError('BAD_DATA', `cannot write an index: ${chrom}:${beg0 + 1} comes after ${chrom}:${this.lastPos + 1} (the output is not sorted)`, { hint: 'sort the input (bcftools sort) or drop --write-index' });
    }
    this.lastPos = beg0;
    const ref = this.current;
    const end = Math.max(end0, beg0 + 1);
    const bin = reg2bin(beg0, end);
    if (ref.lastBin === bin && ref.lastChunk !== null) {
      ref.lastChunk[1] = vEnd;
    } else {
      let chunks = ref.bins.get(bin);
      if (!chunks) ref.bins.set(bin, (chunks = []));
      const last = chunks[chunks.length - 1];
      // adjacent chunks of one bin merge when they touch
      if (last && last[1] === vStart) {
        last[1] = vEnd;
        ref.lastChunk = last;
      } else {
        const c: [bigint, bigint] = [vStart, vEnd];
        chunks.push(c);
        ref.lastChunk = c;
      }
      ref.lastBin = bin;
    }
    const w0 = beg0 >> 14;
    const w1 = (end - 1) >> 14;
    for (let w = w0; w <= w1; w++) {
      if (ref.linear[w] === undefined) ref.linear[w] = vStart;
    }
  }

  /** The index file, BGZF-compressed. */
  finish(): Buffer {
    const parts: Buffer[] = [];
    const head = Buffer.alloc(36);
    head.write('TBI\x01', 0, 'latin1');
    head.writeInt32LE(this.names.length, 4);
    head.writeInt32LE(2, 8); // format: VCF
    head.writeInt32LE(1, 12); // col_seq
    head.writeInt32LE(2, 16); // col_beg
    head.writeInt32LE(0, 20); // col_end
    head.writeInt32LE(35, 24); // meta char '#'
    head.writeInt32LE(0, 28); // skip
    const names = Buffer.from(this.names.map((n) => `${n}\0`).join(''), 'utf8');
    head.writeInt32LE(names.length, 32);
    parts.push(head, names);
    for (const ref of this.refs) {
      const bins = [...ref.bins.entries()].sort((a, b) => a[0] - b[0]);
      const nb = Buffer.alloc(4);
      nb.writeInt32LE(bins.length, 0);
      parts.push(nb);
      for (const [bin, chunks] of bins) {
        const b = Buffer.alloc(8 + chunks.length * 16);
        b.writeUInt32LE(bin, 0);
        b.writeInt32LE(chunks.length, 4);
        chunks.forEach((c, i) => {
          b.writeBigUInt64LE(c[0], 8 + i * 16);
          b.writeBigUInt64LE(c[1], 16 + i * 16);
        });
        parts.push(b);
      }
      const lin = ref.linear;
      const li = Buffer.alloc(4 + lin.length * 8);
      li.writeInt32LE(lin.length, 0);
      let prev = 0n;
      for (let i = 0; i < lin.length; i++) {
        const v = lin[i] ?? prev;
        li.writeBigUInt64LE(v, 4 + i * 8);
        prev = v;
      }
      parts.push(li);
    }
    const raw = Buffer.concat(parts);
    const out: Buffer[] = [];
    const enc = new BgzfEncoder((b) => out.push(b));
    enc.write(raw);
    enc.end();
    return Buffer.concat(out);
  }
}

interface RefIndex {
  bins: Map<number, [bigint, bigint][]>;
  linear: (bigint | undefined)[];
  lastBin: number;
  lastChunk: [bigint, bigint] | null;
}

/** UCSC bin of the 0-based half-open interval [beg, end) (SAM spec §5.3). */
export function reg2bin(beg: number, end: number): number {
  const e = end - 1;
  if (beg >> 14 === e >> 14) return ((1 << 15) - 1) / 7 + (beg >> 14);
  if (beg >> 17 === e >> 17) return ((1 << 12) - 1) / 7 + (beg >> 17);
  if (beg >> 20 === e >> 20) return ((1 << 9) - 1) / 7 + (beg >> 20);
  if (beg >> 23 === e >> 23) return ((1 << 6) - 1) / 7 + (beg >> 23);
  if (beg >> 26 === e >> 26) return ((1 << 3) - 1) / 7 + (beg >> 26);
  return 0;
}
