/**
 * Nearest-rank percentile exactly as the seed's `trace_stats` computes it:
 * `sorted[floor(n * q)]`, clamped to the last element. `sorted` must be ascending.
 */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile must be within [0, 1], got ${q}`);
  return sorted[nearestRankIndex(sorted.length, q)]!;
}

/** Index of the nearest-rank percentile in an ascending list of n values (n ≥ 1). */
export function nearestRankIndex(n: number, q: number): number {
  return Math.min(n - 1, Math.floor(n * q));
}
