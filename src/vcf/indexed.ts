import { existsSync } from 'node:fs';
import { PrecisError } from '../util/errors.js';
import { checkBgzfEof } from './input.js';
import { ContigNames, contigRank } from './contigs.js';
import type { VcfHeader } from './header.js';
import type { Region } from './regions.js';

export interface IndexedLine {
  bytes: Buffer;
  region: Region;
}

export function findIndex(path: string): { tbiPath?: string; csiPath?: string } | undefined {
  if (existsSync(`${path}.tbi`)) return { tbiPath: `${path}.tbi` };
  if (existsSync(`${path}.csi`)) return { csiPath: `${path}.csi` };
  return undefined;
}

/**
 * Region queries through a .tbi/.csi index. Regions are sorted into the index's contig
 * order and merged, so a record is returned once even when regions overlap (as
 * bcftools does); contig names are matched through the chr/MT aliases.
 * Coordinates are converted to tabix's 0-based half-open form here and nowhere else.
 */
export async function* queryIndexed(path: string, header: VcfHeader, regions: Region[]): AsyncGenerator<IndexedLine> {
  const index = findIndex(path);
  if (!index) {
    throw new PrecisError('NO_INDEX', 'no .tbi or .csi index beside the file; -r/-R need one', {
      file: path,
      hint: `run \`tabix -p vcf ${path}\` (or \`bcftools index -t\`), or use -t/-T to filter while streaming`,
    });
  }
  await checkBgzfEof(path);
  // loaded on first use: the module costs ~90 ms of start-up that streaming commands never need
  const { TabixIndexedFile } = await import('@gmod/tabix');
  const tbx = new TabixIndexedFile({ path, ...index });
  let names: string[];
  try {
    names = await tbx.getReferenceSequenceNames();
  } catch (e) {
    throw new PrecisError('NO_INDEX', `cannot read the index (${(e as Error).message})`, { file: index.tbiPath ?? index.csiPath });
  }
  const order = new Map<string, number>();
  names.forEach((n, i) => order.set(n, i));
  header.contigs.forEach((c, i) => {
    if (!order.has(c.id)) order.set(c.id, names.length + i);
  });

  const resolved: Region[] = [];
  const known = new ContigNames(names);
  for (const r of regions) {
    const chrom = known.resolve(r.chrom);
    if (chrom !== undefined) resolved.push({ chrom, start: r.start, end: r.end });
  }
  resolved.sort((a, b) => (order.get(a.chrom)! - order.get(b.chrom)!) || contigRank(a.chrom) - contigRank(b.chrom) || a.start - b.start);
  const merged: Region[] = [];
  for (const r of resolved) {
    const last = merged[merged.length - 1];
    if (last && last.chrom === r.chrom && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }

  for (const region of merged) {
    const lines: string[] = [];
    const end = Number.isFinite(region.end) ? region.end : undefined;
    try {
      await tbx.getLines(region.chrom, region.start - 1, end, (line: string) => {
        lines.push(line);
      });
    } catch (e) {
      throw new PrecisError('IO', `index query ${region.chrom}:${region.start}-${end ?? ''} failed (${(e as Error).message})`, { file: path });
    }
    for (const line of lines) yield { bytes: Buffer.from(line, 'utf8'), region };
  }
}

