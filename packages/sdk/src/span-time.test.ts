import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hrTimeToMicros, preciseNow } from './span-time.js';

test('preciseNow is epoch time with sub-millisecond digits, normalized and monotonic', () => {
  const before = Date.now();
  let last = preciseNow();
  const distinct = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const t = preciseNow();
    assert.ok(Number.isInteger(t[0]) && Number.isInteger(t[1]), `integer parts: ${t}`);
    assert.ok(t[1] >= 0 && t[1] < 1e9, `nanoseconds in range: ${t}`);
    assert.ok(t[0] > last[0] || (t[0] === last[0] && t[1] >= last[1]), `never goes back: ${last} then ${t}`);
    distinct.add(hrTimeToMicros(t));
    last = t;
  }
  const after = Date.now();
  const ms = last[0] * 1000 + last[1] / 1e6;
  // The monotonic clock and the wall clock may drift apart a little; seconds would be a bug.
  assert.ok(ms >= before - 50 && ms <= after + 50, `${ms} within [${before}, ${after}]`);
  // Calls a few µs apart must not collapse to one millisecond (the SDK default would).
  assert.ok(distinct.size > 100, `only ${distinct.size} distinct microsecond times in 2,000 calls`);
});
