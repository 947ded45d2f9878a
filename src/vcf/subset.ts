/**
 * Rewrites a record's sample columns to a selection (in output order), without parsing
 * genotypes. Returns null when the line does not have 9 + nFile columns.
 */
export function subsetSampleColumns(line: Buffer, samplesStart: number, nFile: number, order: Int32Array): Buffer | null {
  const starts = new Int32Array(nFile + 1);
  let p = samplesStart;
  let col = 0;
  starts[0] = p;
  while (col < nFile) {
    const t = line.indexOf(9, p);
    col++;
    if (t < 0) {
      if (col !== nFile) return null;
      starts[col] = line.length + 1;
      p = line.length + 1;
      break;
    }
    starts[col] = t + 1;
    p = t + 1;
  }
  if (col !== nFile || p !== line.length + 1) return null;
  const parts: Buffer[] = [line.subarray(0, samplesStart - 1)];
  for (const i of order) {
    parts.push(TAB);
    parts.push(line.subarray(starts[i]!, starts[i + 1]! - 1));
  }
  return Buffer.concat(parts);
}

const TAB = Buffer.from('\t');
