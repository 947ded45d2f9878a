/** Evaluates a model on n row-major rows of d features; one output per row. */
export type RowFunction = (rows: Float64Array, n: number) => Float64Array;

export interface Attribution {
  /** One value per feature, in the model's feature order. */
  phi: Float64Array;
  /** E[f] over the background (the value with no feature known). */
  base: number;
  /** f(x). */
  fx: number;
}

/** Exact SHAP needs 2^d coalitions; beyond this the cost (x background rows) is impractical. */
export const EXACT_SHAP_MAX_FEATURES = 16;

/**
 * Exact interventional SHAP (Lundberg & Lee 2017; "interventional" per Janzing et al.
 * 2020): the value of a coalition S is the mean of f over background rows with the
 * features in S set to x, and
 *   phi_j = sum over S not containing j of |S|!(d-|S|-1)!/d! (v(S+j) - v(S)).
 * A background row that already equals x on feature j gives the same model input with
 * or without j, so per background row only the subsets of the features where it differs
 * from x are evaluated (0/1 features agree often: about 10x fewer rows than 2^d x B on
 * clinical data). All rows go to the model in one batched call. Completeness
 * (sum phi = v(all) - v(empty) = f(x) - E f) holds to rounding because the terms
 * telescope over the same v values.
 */
export function exactShap(f: RowFunction, x: Float64Array, background: Float64Array, d: number): Attribution {
  if (d > EXACT_SHAP_MAX_FEATURES) throw new Error(`exact SHAP is limited to ${EXACT_SHAP_MAX_FEATURES} features`);
  const b = background.length / d;
  const coalitions = 1 << d;
  const differs = new Int32Array(b);
  let nRows = 0;
  for (let k = 0; k < b; k++) {
    let m = 0;
    for (let j = 0; j < d; j++) if (background[k * d + j] !== x[j]) m |= 1 << j;
    differs[k] = m;
    nRows += 1 << popcount(m);
  }
  // rows: for background row k, one per subset of its differing features
  const rows = new Float64Array(nRows * d);
  const rowOf = new Int32Array(b * coalitions).fill(-1);
  let r = 0;
  for (let k = 0; k < b; k++) {
    const m = differs[k]!;
    for (let sub = m; ; sub = (sub - 1) & m) {
      const off = r * d;
      for (let j = 0; j < d; j++) rows[off + j] = sub & (1 << j) ? x[j]! : background[k * d + j]!;
      rowOf[k * coalitions + sub] = r++;
      if (sub === 0) break;
    }
  }
  const y = f(rows, nRows);
  const v = new Float64Array(coalitions);
  for (let s = 0; s < coalitions; s++) {
    let sum = 0;
    for (let k = 0; k < b; k++) sum += y[rowOf[k * coalitions + (s & differs[k]!)]!]!;
    v[s] = sum / b;
  }
  return { phi: shapleyFromValues(v, d), base: v[0]!, fx: v[coalitions - 1]! };
}

/** Shapley values of a game given by its value on every coalition (bitmask-indexed). */
export function shapleyFromValues(v: Float64Array, d: number): Float64Array {
  const w = coalitionWeights(d);
  const phi = new Float64Array(d);
  const full = 1 << d;
  for (let s = 0; s < full; s++) {
    const size = popcount(s);
    for (let j = 0; j < d; j++) {
      const bit = 1 << j;
      if (s & bit) continue;
      phi[j] += w[size]! * (v[s | bit]! - v[s]!);
    }
  }
  return phi;
}

/** |S|!(d-|S|-1)!/d! for |S| = 0..d-1. */
function coalitionWeights(d: number): Float64Array {
  const lf = new Float64Array(d + 1);
  for (let i = 1; i <= d; i++) lf[i] = lf[i - 1]! + Math.log(i);
  return Float64Array.from({ length: d }, (_, s) => Math.exp(lf[s]! + lf[d - s - 1]! - lf[d]!));
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}
