import type { VcfHeader } from './header.js';
import type { VcfReader } from './reader.js';
import type { VcfRecord } from './record.js';

/**
 * An analysis stage fed from one shared pass over a VCF. `report` reads the file once and
 * hands every record to every stage; a command running alone drives its one stage the
 * same way, so both paths compute identical results.
 *
 * `accept` must not keep `rec` or `rec.line` after it returns: the bytes are reused.
 */
export interface VcfStage<R> {
  readonly name: string;
  begin(header: VcfHeader, source: string): void | Promise<void>;
  accept(rec: VcfRecord): void | Promise<void>;
  end(): R | Promise<R>;
}

/** Runs stages over a reader in one pass and returns their results in order. */
export async function runStages(reader: VcfReader, stages: VcfStage<unknown>[], onRecord?: (n: number) => void): Promise<unknown[]> {
  for (const s of stages) await s.begin(reader.header, reader.name);
  let n = 0;
  for await (const batch of reader.batches()) {
    for (const rec of batch) {
      for (const s of stages) {
        const p = s.accept(rec);
        if (p) await p;
      }
      if (onRecord && (++n & 0xffff) === 0) onRecord(n);
    }
  }
  const out: unknown[] = [];
  for (const s of stages) out.push(await s.end());
  return out;
}
