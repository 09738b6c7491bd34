import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestRank, nearestRankIndex } from './percentile.js';

/** The seed's trace_stats, verbatim: latencies[int(len * q)]. */
function seed(sorted: number[], q: number): number {
  return sorted[Math.trunc(sorted.length * q)]!;
}

test('nearest rank matches the seed on 1..100', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(nearestRank(values, 0.5), 51);
  assert.equal(nearestRank(values, 0.95), 96);
  assert.equal(nearestRank(values, 0.99), 100);
});

test('nearest rank agrees with the seed formula for every size and the usual quantiles', () => {
  for (let n = 1; n <= 300; n++) {
    const values = Array.from({ length: n }, (_, i) => i * 3 + 1);
    for (const q of [0.5, 0.9, 0.95, 0.99]) assert.equal(nearestRank(values, q), seed(values, q), `n=${n} q=${q}`);
  }
});

test('q = 1 is the maximum (the seed would index past the end)', () => {
  assert.equal(nearestRank([1, 2, 3], 1), 3);
  assert.equal(nearestRankIndex(3, 1), 2);
});

test('empty input has no percentile; a bad quantile is refused', () => {
  assert.equal(nearestRank([], 0.5), null);
  assert.throws(() => nearestRank([1], 1.5), RangeError);
  assert.throws(() => nearestRank([1], Number.NaN), RangeError);
});
