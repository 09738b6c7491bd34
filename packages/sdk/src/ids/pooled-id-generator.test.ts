import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { PooledIdGenerator } from './pooled-id-generator.js';

test('ids are valid W3C ids, lowercase hex, and do not repeat across pool refills', () => {
  const ids = new PooledIdGenerator();
  const seen = new Set<string>();
  // 20,000 ids span many 2 KB pools, so refills and the pool's end are crossed often.
  for (let i = 0; i < 10_000; i++) {
    const traceId = ids.generateTraceId();
    const spanId = ids.generateSpanId();
    assert.ok(isValidTraceId(traceId) && /^[0-9a-f]{32}$/.test(traceId), traceId);
    assert.ok(isValidSpanId(spanId) && /^[0-9a-f]{16}$/.test(spanId), spanId);
    seen.add(traceId);
    seen.add(spanId);
  }
  assert.equal(seen.size, 20_000);
});

test('all-zero ids are skipped: the next random id is returned instead', () => {
  let fills = 0;
  // First pool all zeros, then all 0xab: every id from the first pool is invalid.
  const ids = new PooledIdGenerator((buffer) => buffer.fill(fills++ === 0 ? 0 : 0xab));
  assert.equal(ids.generateTraceId(), 'ab'.repeat(16));
  assert.equal(ids.generateSpanId(), 'ab'.repeat(8));
  assert.equal(fills, 2);
});
