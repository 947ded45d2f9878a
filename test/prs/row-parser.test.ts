import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlainRowParser, setRowParserEnabled, WINDOW_BYTES } from '../../src/prs/row-parser.js';
import { parseScoringBytes, parseScoringLines } from '../../src/prs/scorefile.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

/** The rows and scores of `text` read as bytes with the WebAssembly row parser and without it. */
function bothWays(bytes: Buffer, file = 'rows.txt') {
  setRowParserEnabled(false);
  const plain = parseScoringBytes(bytes, file);
  setRowParserEnabled(true);
  const counted = countRows();
  const wasm = parseScoringBytes(bytes, file);
  return { plain, wasm, wasmRows: counted.done() };
}

/** Counts the rows the row parser reads until `done` (its blocks are reused: counted as they come). */
function countRows(): { done(): number } {
  const read = PlainRowParser.prototype.read;
  let n = 0;
  const spy = vi.spyOn(PlainRowParser.prototype, 'read').mockImplementation(function (this: PlainRowParser, ...args: Parameters<typeof read>) {
    const block = read.apply(this, args);
    n += block.rows;
    return block;
  });
  return {
    done: () => {
      spy.mockRestore();
      return n;
    },
  };
}

afterEach(() => setRowParserEnabled(true));

const HEADER = '#pgs_id=ROWS\nchr_name\tchr_position\teffect_allele\tother_allele\tnote\teffect_weight\n';

describe('WebAssembly scoring-row parser', () => {
  it('reads every line as the JavaScript parser does, leaving it the lines out of the ordinary', () => {
    const rows = [
      ['1', '100', 'A', 'G', 'x', '0.5'],
      ['1', '101', 'AC', 'T', '', '-0.0123'],
      ['1', '102', 'a', 'G', 'x', '1'], // lower case
      ['1', '103', 'ACG', 'T', 'x', '1'], // three bases
      ['1', '104', 'A', 'C/G', 'x', '1'],
      ['1', '105', 'A', '.', 'x', '1'],
      ['1', '106', 'A', '', 'x', '1'], // no other allele
      ['1', '107', 'N', 'A', 'x', '1'],
      ['1', '108', 'A', 'G', 'x', '1.5e-3'],
      ['1', '109', 'A', 'G', 'x', '-7.25E+21'],
      ['1', '111', 'A', 'G', 'x', '1e-23'], // exponent out of the exact range
      ['1', '112', 'A', 'G', 'x', '3E2'],
      ['1', '113', 'A', 'G', 'x', '12345678901234567'], // 17 significant digits
      ['1', '120', 'A', 'G', 'x', '0.1234567890123456789'], // digit by digit this rounds differently from Number()
      ['1', '121', 'A', 'G', 'x', '3.14159265358979323846'],
      ['1', '114', 'A', 'G', 'x', '0.000000000000000000001'],
      ['1', '115', 'A', 'G', 'x', '+.5'],
      ['1', '116', 'A', 'G', 'x', '5.'],
      ['1', '117', 'A', 'G', 'x', '-0'],
      ['1', '0', 'A', 'G', 'x', '1'], // position 0
      ['1', '1234567890123456', 'A', 'G', 'x', '1'],
      ['1', '12a', 'A', 'G', 'x', '1'],
      ['2', '5', 'A', 'G', 'x', '0.25'], // another contig
      ['chr2', '6', 'A', 'G', 'x', '0.25'],
      ['', '7', 'A', 'G', 'x', '0.25'], // no contig
      ['2', '8', 'A', 'G', ' x', '0.25'], // a padded cell the parser does not read
      ['2 ', '9', 'A', 'G', 'x', '0.25'],
      ['2', '11', 'T', 'C', 'x', '0.75', 'extra'],
      ['2', '12', 'T', 'C', 'x', '0.000123'],
    ];
    const lines = rows.map((r, i) => r.join('\t') + (i % 4 === 1 ? '\r' : ''));
    const text = `${HEADER}${lines.slice(0, 10).join('\n')}\n\n# between rows\n${lines.slice(10).join('\n')}`; // no final newline
    const { plain, wasm, wasmRows } = bothWays(Buffer.from(text, 'latin1'));
    const fromLines = parseScoringLines(text.split('\n'), 'rows.txt');
    expect(wasm.rows).toEqual(plain.rows);
    expect(wasm.scores).toEqual(plain.scores);
    expect(wasm.rows).toEqual(fromLines.rows);
    expect(wasmRows).toBeGreaterThanOrEqual(12);
    const by = new Map(wasm.rows.map((r) => [r.pos, r]));
    expect(by.get(108)!.weight).toBe(0.0015);
    expect(by.get(120)!.weight).toBe(0.12345678901234568);
    expect(by.get(121)!.weight).toBe(Math.PI);
    expect(by.get(109)!.weight).toBe(-7.25e21);
    expect(Object.is(by.get(117)!.weight, -0)).toBe(true);
    expect(by.get(101)).toMatchObject({ effectAllele: 'AC', otherAllele: 'T', weight: -0.0123, line: 4 });
    expect(by.get(12)).toMatchObject({ chrom: '2', weight: 0.000123, line: rows.length + 4 });
  });

  it('reads a file across windows, blocks and contigs as the JavaScript parser does', () => {
    const bases = ['A', 'C', 'G', 'T'];
    const parts: string[] = [HEADER];
    let size = 0;
    for (let i = 0; size < WINDOW_BYTES * 1.5; i++) {
      const chrom = String(1 + Math.floor(i / 25_000));
      const w = (((i * 7919) % 20011) - 10000) / 1e6;
      let line = `${chrom}\t${1000 + i * 3}\t${bases[i % 4]}${i % 7 === 0 ? bases[(i >> 2) % 4] : ''}\t${bases[(i + 1) % 4]}\tnote${i}\t${i % 11 === 0 ? w.toExponential() : String(w)}`;
      if (i % 5003 === 0) line = line.toLowerCase();
      if (i % 9001 === 0) line += '\r';
      parts.push(`${line}\n`);
      size += line.length + 1;
    }
    const { plain, wasm, wasmRows } = bothWays(Buffer.from(parts.join(''), 'latin1'));
    expect(plain.rows.length).toBe(parts.length - 1);
    expect(wasm.rows).toEqual(plain.rows);
    expect(wasmRows).toBeGreaterThan(plain.rows.length * 0.99);
  });

  it('leaves a line longer than its window to the JavaScript parser', () => {
    const long = 'x'.repeat(WINDOW_BYTES + 10);
    const text = `${HEADER}1\t100\tA\tG\tx\t0.5\n1\t101\tA\tG\t${long}\t0.25\n1\t102\tA\tG\tx\t0.125\n`;
    const { plain, wasm } = bothWays(Buffer.from(text, 'latin1'));
    expect(wasm.rows.map((r) => r.weight)).toEqual([0.5, 0.25, 0.125]);
    expect(wasm.rows).toEqual(plain.rows);
  });

  it('reads rsIDs and allele frequencies as the JavaScript parser does', () => {
    const rows = [
      ['rs123', '1', '100', 'A', 'G', '0.5', '0.25'],
      ['rs0', '1', '101', 'A', 'G', '0.5', ''],
      ['', '1', '102', 'A', 'G', '0.5', '1e-3'],
      ['rs01', '1', '103', 'A', 'G', '0.5', '0.10'], // not rs<number>: kept as text
      ['rs', '1', '104', 'A', 'G', '0.5', '+.5'],
      ['RS5', '1', '105', 'A', 'G', '0.5', '1'],
      ['rs123456789012345', '1', '106', 'A', 'G', '0.5', '1'],
      ['rs1234567890123456', '1', '107', 'A', 'G', '0.5', '1'],
      ['x9', '1', '108', 'A', 'G', '0.5', '1'],
      ['rs12a', '1', '108', 'A', 'C', '0.5', '1'],
      ['rs9', '1', '109', 'A', 'G', '0.5', '0.1234567890123456789'],
      ['rs10', '1', '110', 'A', 'G', '0.5', '2.5E-2'],
    ];
    const text = `rsID\tchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\tallelefrequency_effect\n${rows.map((r) => r.join('\t')).join('\n')}\n`;
    const { plain, wasm, wasmRows } = bothWays(Buffer.from(text, 'latin1'));
    expect(wasm.rows).toEqual(plain.rows);
    expect(wasm.rows).toEqual(parseScoringLines(text.split('\n'), 'rows.txt').rows);
    expect(wasm.rows.map((r) => r.rsid)).toEqual(rows.map((r) => r[0]));
    expect(wasm.rows.map((r) => r.effectAlleleFrequency)).toEqual([0.25, NaN, 0.001, 0.1, 0.5, 1, 1, 1, 1, 1, 0.12345678901234568, 0.025]);
    // rs123, rs0, the 15-digit one and rs10 (a line led by an empty cell is left to the string path, as plainRun leaves it)
    expect(wasmRows).toBe(4);
    // a row with no frequency and no rsID
    const bare = bothWays(Buffer.from('chr_name\tchr_position\trsID\teffect_allele\tother_allele\teffect_weight\tallelefrequency_effect\n1\t100\t\tA\tG\t0.5\t\n', 'latin1'));
    expect(bare.wasm.rows).toEqual(bare.plain.rows);
    expect(bare.wasmRows).toBe(1);
  });

  it('takes the inferred other allele of harmonised layouts from the JavaScript parser', () => {
    const text = 'hm_chr\thm_pos\teffect_allele\tother_allele\thm_inferOtherAllele\teffect_weight\n1\t100\tA\t\tG\t0.5\n1\t101\tA\tC\t\t0.25\n1\t102\tA\t\t\t0.125\n';
    const { plain, wasm, wasmRows } = bothWays(Buffer.from(text, 'latin1'));
    expect(wasm.rows).toEqual(plain.rows);
    expect(wasm.rows.map((r) => r.otherAllele)).toEqual(['G', 'C', null]);
    expect(wasmRows).toBe(1);
  });
});

describeShared('WebAssembly scoring-row parser on the reference scoring files', () => {
  it('gives the JavaScript parser rows for every scoring file in prs-reference', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(txt|tsv)(\.gz)?$/.test(n) && !/readme/i.test(n)) files.push(p);
      }
    };
    walk(sharedPath('prs-reference'));
    let parsed = 0;
    let read = 0;
    for (const f of files) {
      let bytes = readFileSync(f);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
      const attempt = (on: boolean): { rows?: unknown; scores?: unknown; error?: string } => {
        setRowParserEnabled(on);
        try {
          const set = parseScoringBytes(bytes, f);
          return { rows: set.rows, scores: set.scores };
        } catch (e) {
          return { error: (e as Error).message };
        }
      };
      const counted = countRows();
      const withParser = attempt(true);
      read += counted.done();
      expect(withParser, f).toEqual(attempt(false));
      if (withParser.error === undefined) parsed++;
    }
    // the custom and plink-style files without rsIDs go through the row parser
    expect(read).toBeGreaterThan(500);
    expect(parsed).toBeGreaterThanOrEqual(10);
  });
});
