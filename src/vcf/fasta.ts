import { existsSync, openSync, readFileSync, readSync, statSync, promises as fsp } from 'node:fs';
import { requireRegularFile } from '../util/regular-file.js';
import { PrecisError, ioError } from '../util/errors.js';
import { ContigNames } from './contigs.js';
import { bgzfReader, indexBgzfFasta, indexPlainFasta, type FaiEntry } from './fasta-index.js';

/**
 * Random access to a reference FASTA through its `.fai` (samtools faidx), plain or
 * BGZF-compressed with a `.gzi`. Contig names resolve through the chr/MT aliases. A
 * small window cache serves the many nearby reads that normalisation and HGVS make.
 */
export class FastaReader {
  readonly path: string;
  private readonly entries = new Map<string, FaiEntry>();
  private readonly names: ContigNames;
  private readonly read: (length: number, position: number) => Promise<Uint8Array>;
  private cache = new Map<string, string>();
  private static readonly WINDOW = 1 << 16;

  private constructor(path: string, entries: FaiEntry[], read: (length: number, position: number) => Promise<Uint8Array>) {
    this.path = path;
    for (const e of entries) this.entries.set(e.name, e);
    this.names = new ContigNames(this.entries.keys());
    this.read = read;
  }

  static async open(path: string): Promise<FastaReader> {
    if (!existsSync(path)) throw ioError(Object.assign(new Error('no such file'), { code: 'ENOENT' }), path);
    requireRegularFile(path, 'a reference FASTA');
    const head = Buffer.alloc(4);
    const fh = await fsp.open(path, 'r').catch((e: unknown) => {
      throw ioError(e, path);
    });
    await fh.read(head, 0, 4, 0);
    await fh.close();
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    const faiPath = `${path}.fai`;
    if (!existsSync(faiPath)) {
      // indexed in memory, as samtools faidx would index it (bgzip-compressed: blocks too)
      const built = gz ? indexBgzfFasta(path) : { entries: indexPlainFasta(path), blocks: undefined };
      if (built.entries.length === 0) throw new PrecisError('BAD_FASTA', 'no sequences in the FASTA (empty file?)', { file: path });
      return new FastaReader(path, built.entries, built.blocks ? bgzfReader(path, built.blocks) : plainReader(path));
    }
    const entries = parseFai(readFileSync(faiPath, 'utf8'), faiPath);
    if (entries.length === 0) throw new PrecisError('BAD_FASTA', 'the .fai index lists no sequences', { file: faiPath });
    if (!gz) checkSize(path, entries);
    if (gz) {
      const gzi = `${path}.gzi`;
      // without its .gzi the block table is read from the block headers (no inflating)
      if (!existsSync(gzi)) return new FastaReader(path, entries, bgzfReader(path, indexBgzfFasta(path, false).blocks));
      // loaded on first use, as in indexed.ts: only a bgzipped FASTA needs them
      const [{ BgzfFilehandle }, { LocalFile }] = await Promise.all([import('@gmod/bgzf-filehandle'), import('generic-filehandle2')]);
      const bg = new BgzfFilehandle({ filehandle: new LocalFile(path), gziFilehandle: new LocalFile(gzi) });
      return new FastaReader(path, entries, (len, pos) => bg.read(len, pos));
    }
    return new FastaReader(path, entries, plainReader(path));
  }

  contigNames(): string[] {
    return [...this.entries.keys()];
  }

  contigLength(chrom: string): number | undefined {
    const name = this.names.resolve(chrom);
    return name === undefined ? undefined : this.entries.get(name)!.length;
  }

  /** Bases [start, end] (1-based, inclusive), upper-cased; clipped to the contig. */
  async fetch(chrom: string, start: number, end: number): Promise<string> {
    const name = this.names.resolve(chrom);
    if (name === undefined) throw new PrecisError('UNKNOWN_CONTIG', `contig ${chrom} is not in the reference FASTA`, { file: this.path });
    const e = this.entries.get(name)!;
    const s = Math.max(1, start);
    const en = Math.min(e.length, end);
    if (en < s) return '';
    const w0 = Math.floor((s - 1) / FastaReader.WINDOW);
    const w1 = Math.floor((en - 1) / FastaReader.WINDOW);
    let out = '';
    for (let w = w0; w <= w1; w++) {
      const seq = await this.window(e, w);
      const base = w * FastaReader.WINDOW + 1;
      out += seq.slice(Math.max(s, base) - base, Math.min(en, base + seq.length - 1) - base + 1);
    }
    return out;
  }

  private async window(e: FaiEntry, w: number): Promise<string> {
    const key = `${e.name}:${w}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const start0 = w * FastaReader.WINDOW;
    const end0 = Math.min(e.length, start0 + FastaReader.WINDOW);
    const byteStart = e.offset + Math.floor(start0 / e.lineBases) * e.lineBytes + (start0 % e.lineBases);
    const byteEnd = e.offset + Math.floor((end0 - 1) / e.lineBases) * e.lineBytes + ((end0 - 1) % e.lineBases) + 1;
    const raw = await this.read(byteEnd - byteStart, byteStart);
    const seq = basesOf(raw);
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(key, seq);
    return seq;
  }
}

/**
 * The bases of raw FASTA bytes: line breaks dropped, upper-cased. Lines are copied whole
 * and cased by the string builtin: a loop over every byte cost 55-120 ms of the annotate
 * benchmark's 20 Mb reference, this ~10 ms.
 */
function basesOf(raw: Uint8Array): string {
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  let from = 0;
  while (from < raw.length) {
    let nl = raw.indexOf(10, from);
    if (nl < 0) nl = raw.length;
    let end = nl;
    if (end > from && raw[end - 1] === 13) end--;
    if (end > from) {
      out.set(raw.subarray(from, end), n);
      n += end - from;
    }
    from = nl + 1;
  }
  // a lone CR inside a line is dropped too; only a-z are cased (toUpperCase would turn a
  // stray byte such as 0xDF into two letters, moving every base after it)
  let s = out.toString('latin1', 0, n);
  if (s.indexOf('\r') >= 0) s = s.replaceAll('\r', '');
  return NOT_ASCII.test(s) ? asciiUpper(s) : s.toUpperCase();
}
const NOT_ASCII = /[^\x00-\x7f]/;

function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/**
 * Reads of a plain FASTA through one descriptor kept open (opening and closing the file
 * for every 64 kb window cost ~70 ms over the annotate benchmark's 20 Mb reference).
 * Synchronous reads of a local file: they are small and the caller awaits each anyway.
 */
function plainReader(path: string): (length: number, position: number) => Promise<Uint8Array> {
  let fd = -1;
  return async (length, position) => {
    try {
      if (fd < 0) fd = openSync(path, 'r');
      const b = Buffer.allocUnsafe(length);
      const bytesRead = readSync(fd, b, 0, length, position);
      return b.subarray(0, bytesRead);
    } catch (e) {
      throw ioError(e, path);
    }
  };
}

/** A plain FASTA shorter than its .fai says is cut short (or the index is stale): reads past the cut would come back short. */
function checkSize(path: string, entries: FaiEntry[]): void {
  let need = 0;
  for (const e of entries) {
    const full = Math.floor(e.length / e.lineBases);
    const rest = e.length % e.lineBases;
    need = Math.max(need, e.offset + full * e.lineBytes + rest);
  }
  const size = statSync(path).size;
  if (size < need) {
    throw new PrecisError('BAD_FASTA', `the file has ${size} bytes but its .fai needs ${need}: the FASTA is truncated or the index is stale`, { file: path, hint: `re-index with \`samtools faidx ${path}\`` });
  }
}

function parseFai(text: string, file: string): FaiEntry[] {
  const out: FaiEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line === '') return;
    const f = line.split('\t');
    const [length, offset, lineBases, lineBytes] = f.slice(1, 5).map(Number);
    if (f.length < 5 || ![length, offset, lineBases, lineBytes].every((x) => Number.isInteger(x))) {
      throw new PrecisError('BAD_FASTA', 'malformed .fai line (expected NAME LENGTH OFFSET LINEBASES LINEWIDTH)', { file, line: i + 1 });
    }
    out.push({ name: f[0]!, length: length!, offset: offset!, lineBases: lineBases!, lineBytes: lineBytes! });
  });
  return out;
}
