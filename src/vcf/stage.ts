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
  let reported = 0;
  for await (const batch of reader.batches()) {
    for (let r = 0; r < batch.length; r++) {
      const rec = batch[r]!;
      for (let k = 0; k < stages.length; k++) {
        const p = stages[k]!.accept(rec);
        if (p) await p;
      }
    }
    n += batch.length;
    if (onRecord && n - reported >= 0x10000) {
      reported = n;
      onRecord(n);
    }
  }
  const out: unknown[] = [];
  for (const s of stages) out.push(await s.end());
  return out;
}
