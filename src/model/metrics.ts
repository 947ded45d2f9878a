/**
 * Discrimination and calibration of predicted probabilities against 0/1 outcomes.
 * Calibration follows the usual recalibration model: slope = b in
 * logit P(y=1) = a + b logit(p); intercept = calibration-in-the-large, a with b fixed at 1.
 */
export interface BinaryMetrics {
  n: number;
  events: number;
  auroc: number;
  brier: number;
  calibrationSlope: number;
  calibrationIntercept: number;
  meanPredicted: number;
  observedRate: number;
}

/** Area under the ROC curve by the rank-sum statistic (ties count one half). */
export function auroc(scores: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[idx[k]!] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / p.length;
}

const clampP = (p: number): number => Math.min(1 - 1e-12, Math.max(1e-12, p));
export const logit = (p: number): number => Math.log(clampP(p) / (1 - clampP(p)));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Logistic regression of y on logit(p) by Newton's method with step halving: {intercept, slope}. */
export function calibrationFit(p: ArrayLike<number>, y: ArrayLike<number>): { intercept: number; slope: number } {
  const x = Array.from(p, logit);
  const loglik = (a: number, b: number): number => {
    let l = 0;
    for (let i = 0; i < x.length; i++) {
      const eta = a + b * x[i]!;
      // log(1 + e^eta) computed stably
      const soft = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      l += y[i]! * eta - soft;
    }
    return l;
  };
  let a = 0;
  let b = 1;
  let ll = loglik(a, b);
  for (let it = 0; it < 100; it++) {
    let g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (let i = 0; i < x.length; i++) {
      const m = sigmoid(a + b * x[i]!);
      const r = y[i]! - m;
      const w = m * (1 - m);
      g0 += r;
      g1 += r * x[i]!;
      h00 += w;
      h01 += w * x[i]!;
      h11 += w * x[i]! * x[i]!;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 0)) break;
    let da = (h11 * g0 - h01 * g1) / det;
    let db = (h00 * g1 - h01 * g0) / det;
    let next = loglik(a + da, b + db);
    for (let k = 0; k < 30 && !(next >= ll); k++) {
      da /= 2;
      db /= 2;
      next = loglik(a + da, b + db);
    }
    a += da;
    b += db;
    ll = next;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { intercept: a, slope: b };
}

/** Calibration-in-the-large: a in logit P(y=1) = a + logit(p). */
export function calibrationInTheLarge(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const x = Array.from(p, logit);
  let a = 0;
  for (let it = 0; it < 50; it++) {
    let g = 0, h = 0;
    for (let i = 0; i < x.length; i++) {
      const m = sigmoid(a + x[i]!);
      g += y[i]! - m;
      h += m * (1 - m);
    }
    const d = g / h;
    a += d;
    if (Math.abs(d) < 1e-12) break;
  }
  return a;
}

export function binaryMetrics(p: ArrayLike<number>, y: ArrayLike<number>): BinaryMetrics {
  let events = 0;
  let sp = 0;
  for (let i = 0; i < y.length; i++) {
    events += y[i]!;
    sp += p[i]!;
  }
  return {
    n: p.length,
    events,
    auroc: auroc(p, y),
    brier: brier(p, y),
    calibrationSlope: calibrationFit(p, y).slope,
    calibrationIntercept: calibrationInTheLarge(p, y),
    meanPredicted: sp / p.length,
    observedRate: events / p.length,
  };
}
