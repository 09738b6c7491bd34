import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { spanOutline, type TracePage, type TraceStats, type TraceStore } from '@loupe/core';
import { openSqliteStore } from '@loupe/store';
import { ingestRawSpans } from '../ingest.js';
import { genAiChat } from '@loupe/normalize/fixtures/genai';
import { oiChain } from '@loupe/normalize/fixtures/openinference';
import { startServer, type LoupeServer } from './server.js';

let store: TraceStore;
let server: LoupeServer;

before(async () => {
  store = openSqliteStore(':memory:');
  server = await startServer({ store, port: 0 });
  await ingestRawSpans(store, [oiChain, { ...genAiChat, parentSpanId: oiChain.spanId }]);
});

after(async () => {
  await server.close();
  await store.close();
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return { status: res.status, body: await res.json() };
}

test('GET /api/traces, /api/stats, /api/llm-calls, /api/projects answer from the store', async () => {
  const traces = (await get('/api/traces?min_latency_ms=0&contains=paris')).body as TracePage;
  assert.equal(traces.traces.length, 1);
  assert.equal(traces.traces[0]?.name, 'RAG pipeline');
  assert.deepEqual((await get('/api/traces?min_latency_ms=5000')).body, { traces: [] });
  const stats = (await get('/api/stats?project=default')).body as TraceStats;
  assert.equal(stats.count, 1);
  assert.equal(stats.inputTokens, 200);
  const calls = (await get(`/api/llm-calls?trace_id=${oiChain.traceId}&limit=5`)).body as { calls: { llm: { model: string } }[] };
  assert.equal(calls.calls.length, 1);
  assert.equal(calls.calls[0]?.llm.model, 'gpt-4o');
  assert.deepEqual((await get('/api/projects')).body, { projects: ['default'] });
});

test('query API errors are {"error"} with 400/404/405', async () => {
  assert.deepEqual(await get('/api/traces?min_latency_ms=abc'), { status: 400, body: { error: 'min_latency_ms must be a non-negative number, got "abc"' } });
  assert.deepEqual(await get('/api/traces?after=soon'), { status: 400, body: { error: 'after must be an ISO 8601 time or epoch milliseconds, got "soon"' } });
  const unknown = await get('/api/traces?foo=1');
  assert.equal(unknown.status, 400);
  assert.match((unknown.body as { error: string }).error, /^unknown parameter "foo"; accepted: project, min_latency_ms/);
  assert.equal((await get('/api/stats?limit=3')).status, 400);
  assert.equal((await get('/api/projects?x=1')).status, 400);
  assert.deepEqual(await get('/api/traces/4bf92f3577b34da6a3ce929d0e0e4737'), { status: 404, body: { error: 'trace 4bf92f3577b34da6a3ce929d0e0e4737 not found' } });
  assert.deepEqual(await get('/api/traces/xyz'), { status: 400, body: { error: 'trace id must be 32 hex digits, got "xyz"' } });
  assert.equal((await get(`/api/traces/${oiChain.traceId}?foo=1`)).status, 400);
  assert.equal((await get(`/api/traces/${oiChain.traceId.toUpperCase()}`)).status, 200);
  assert.deepEqual(await get('/api/nope'), { status: 404, body: { error: 'no route for GET /api/nope' } });
  const res = await fetch(`${server.url}/api/traces`, { method: 'DELETE' });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'GET');
});

test('GET /api/traces/:id/outline and /spans/:spanId serve light spans and one full span', async () => {
  const detail = (await store.getTrace(oiChain.traceId))!;
  const outline = await get(`/api/traces/${oiChain.traceId}/outline`);
  assert.equal(outline.status, 200);
  assert.deepEqual(outline.body, { summary: detail.summary, spans: detail.spans.map(spanOutline) });
  assert.equal((await get(`/api/traces/${oiChain.traceId.toUpperCase()}/outline?project=default`)).status, 200);
  assert.deepEqual(await get(`/api/traces/${oiChain.traceId}/outline?project=nope`), {
    status: 404, body: { error: `trace ${oiChain.traceId} not found in project "nope"` },
  });
  assert.equal((await get(`/api/traces/${oiChain.traceId}/outline?foo=1`)).status, 400);
  assert.deepEqual(await get('/api/traces/xyz/outline'), { status: 400, body: { error: 'trace id must be 32 hex digits, got "xyz"' } });

  const child = detail.spans.find((s) => s.spanId === genAiChat.spanId)!;
  assert.deepEqual(await get(`/api/traces/${oiChain.traceId}/spans/${child.spanId}?project=default`), { status: 200, body: child });
  // Without a project, the trace's project is found first.
  assert.deepEqual(await get(`/api/traces/${oiChain.traceId}/spans/${child.spanId.toUpperCase()}`), { status: 200, body: child });
  assert.deepEqual(await get(`/api/traces/${oiChain.traceId}/spans/ffffffffffffffff?project=default`), {
    status: 404, body: { error: `span ffffffffffffffff not found in trace ${oiChain.traceId} of project "default"` },
  });
  assert.equal((await get(`/api/traces/4bf92f3577b34da6a3ce929d0e0e4737/spans/${child.spanId}`)).status, 404);
  assert.equal((await get(`/api/traces/${oiChain.traceId}/spans/${child.spanId}?project=other`)).status, 404);
  assert.deepEqual(await get(`/api/traces/${oiChain.traceId}/spans/xyz`), { status: 400, body: { error: 'span id must be 16 hex digits, got "xyz"' } });
  assert.equal((await get(`/api/traces/nothex/spans/${child.spanId}`)).status, 400);
  assert.equal((await get(`/api/traces/${oiChain.traceId}/spans/${child.spanId}?x=1`)).status, 400);
});

test('an error answer to a GET keeps the keep-alive connection open', async () => {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (path: string) =>
    new Promise<{ status: number; connection: string | undefined; socket: unknown }>((resolve, reject) => {
      const req = http.get(`${server.url}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socket: req.socket }));
      });
      req.on('error', reject);
    });
  try {
    // An unknown route is answered synchronously, before Node has marked the bodiless request complete.
    const missing = await request('/api/no-such-route');
    assert.equal(missing.status, 404);
    assert.notEqual(missing.connection, 'close');
    const health = await request('/health');
    assert.equal(health.status, 200);
    assert.equal(health.socket, missing.socket, 'the same socket served both requests');
  } finally {
    agent.destroy();
  }
});
