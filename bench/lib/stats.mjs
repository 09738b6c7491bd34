// Summary statistics for benchmark samples.

/** Nearest-rank percentile of `values` (p in 0..100); undefined when empty. */
export function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export const median = (values) => percentile(values, 50);

/**
 * The median of xs[i] / ys[i]: the ratio of two things measured back to back, pair by pair, so
 * this VM's drift between minutes cancels within each pair instead of deciding the verdict.
 */
export const pairedRatio = (xs, ys) => median(xs.map((x, i) => x / ys[i]));

/** Least-squares slope of y over x (units of y per unit of x). */
/**
 * Theil–Sen slope: the median of the slopes between every pair of points. A step in the series
 * (a cache filling, a glibc arena given back) moves a least-squares slope a lot and this one
 * little, so it measures a trend rather than where the steps happen to fall in the window.
 */
export function theilSenSlope(xs, ys) {
  const slopes = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
  }
  return slopes.length === 0 ? 0 : median(slopes);
}

export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Runs `fn` `runs` times after `warmup` unrecorded runs; returns the durations in ms. */
export async function timeRuns(fn, { runs = 20, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
export const fmtMs = (n) => (n === undefined ? 'n/a' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US'));
