import { readFileSync } from 'node:fs';
import { PrecisError, ioError } from '../util/errors.js';

export interface SampleSelection {
  /** names in output order */
  names: string[];
  /** for each file column, its output slot or -1 */
  select: Int32Array;
  /** whether the selection is every sample in file order (no rewriting needed) */
  identity: boolean;
}

/**
 * Resolves -s/-S: a comma list or a file of names (one per line), `^` to exclude.
 * Inclusion keeps the order the user gave, as bcftools does. Unknown names are an
 * error unless `force` is set, when they are dropped with a warning by the caller.
 */
export function selectSamples(
  fileSamples: readonly string[],
  spec: { list?: string; file?: string; force?: boolean },
  onUnknown?: (names: string[]) => void,
): SampleSelection {
  let exclude = false;
  let names: string[];
  if (spec.list !== undefined && spec.file !== undefined) throw new PrecisError('USAGE', '-s/--samples and -S/--samples-file cannot be combined');
  if (spec.list !== undefined) {
    let body = spec.list;
    if (body.startsWith('^')) {
      exclude = true;
      body = body.slice(1);
    }
    names = body.split(',').map((s) => s.trim()).filter((s) => s !== '');
  } else if (spec.file !== undefined) {
    let path = spec.file;
    if (path.startsWith('^')) {
      exclude = true;
      path = path.slice(1);
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw ioError(e, path);
    }
    // one sample per line; bcftools allows a second column (new name) which we ignore
    names = text.split(/\r?\n/).map((l) => l.split(/\t| +/)[0]!.trim()).filter((s) => s !== '' && !s.startsWith('#'));
  } else {
    return identitySelection(fileSamples);
  }
  const index = new Map<string, number>();
  fileSamples.forEach((s, i) => index.set(s, i));
  const unknown = names.filter((n) => !index.has(n));
  if (unknown.length > 0) {
    if (!spec.force) {
      const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? `, ... (${unknown.length} in all)` : '');
      throw new PrecisError('UNKNOWN_SAMPLE', `sample${unknown.length > 1 ? 's' : ''} not in the VCF: ${shown}`, {
        hint: 'check the names against `precis view --header-only` or pass --force-samples to ignore them',
      });
    }
    onUnknown?.(unknown);
  }
  const select = new Int32Array(fileSamples.length).fill(-1);
  const out: string[] = [];
  if (exclude) {
    const drop = new Set(names);
    fileSamples.forEach((s, i) => {
      if (!drop.has(s)) {
        select[i] = out.length;
        out.push(s);
      }
    });
  } else {
    const seen = new Set<string>();
    for (const n of names) {
      const i = index.get(n);
      if (i === undefined || seen.has(n)) continue;
      seen.add(n);
      select[i] = out.length;
      out.push(n);
    }
  }
  const identity = out.length === fileSamples.length && out.every((s, i) => s === fileSamples[i]);
  return { names: out, select, identity };
}

export function identitySelection(fileSamples: readonly string[]): SampleSelection {
  const select = new Int32Array(fileSamples.length);
  for (let i = 0; i < select.length; i++) select[i] = i;
  return { names: fileSamples.slice(), select, identity: true };
}
