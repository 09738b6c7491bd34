import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedSpan, TraceStore } from '@loupe/core';
import { openSqliteStore } from '@loupe/store';
import { startServer } from './server.js';

function otlpJson(traceByte: string, spans: number): string {
  const traceId = traceByte.repeat(32);
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [] },
      scopeSpans: [{
        spans: Array.from({ length: spans }, (_, i) => ({
          traceId,
          spanId: (i + 1).toString(16).padStart(16, '0'),
          name: `s${i}`,
          kind: 1,
          startTimeUnixNano: '1700000000000000000',
          endTimeUnixNano: '1700000000001000000',
        })),
      }],
    }],
  });
}

test('over the pending-span limit, /v1/traces answers a retryable 503 and nothing accepted is lost', async () => {
  const inner = openSqliteStore(':memory:');
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  // A store that holds the first ingest until released, as a slow disk would.
  const slow: TraceStore = Object.assign(Object.create(inner) as TraceStore, {
    ingest: async (spans: NormalizedSpan[]) => {
      await gate;
      return inner.ingest(spans);
    },
  });
  const server = await startServer({ store: slow, port: 0, maxPendingSpans: 5 });
  try {
    const post = (body: string) => fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const first = post(otlpJson('a', 4));
    // Let the first request reach the store before the second arrives.
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 5));
    const second = await post(otlpJson('b', 4));
    assert.equal(second.status, 503);
    assert.equal(second.headers.get('retry-after'), '1');
    assert.match(((await second.json()) as { message: string }).message, /server busy: 4 spans are waiting/);
    release();
    assert.equal((await first).status, 200);
    assert.equal((await inner.getTrace('a'.repeat(32)))?.spans.length, 4);
    assert.equal(await inner.getTrace('b'.repeat(32)), undefined);
    // Once the backlog cleared, the retry goes through.
    assert.equal((await post(otlpJson('b', 4))).status, 200);
    assert.equal((await inner.getTrace('b'.repeat(32)))?.spans.length, 4);
  } finally {
    await server.close();
    await inner.close();
  }
});
