import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TraceStore } from '@loupe/core';
import { openSqliteStore } from '@loupe/store';
import { startServer, type LoupeServer } from '../http/server.js';
import { ingestRawSpans } from '../ingest.js';
import { rawSpan, T0 } from '@loupe/normalize/fixtures/raw-span';
import { genAiChat } from '@loupe/normalize/fixtures/genai';
import { RemoteError } from './remote-error.js';
import { RemoteTraceReader } from './remote-trace-reader.js';

let store: TraceStore;
let server: LoupeServer;
let remote: RemoteTraceReader;

const TRACE_A = '11111111111111111111111111111111';
const TRACE_B = '22222222222222222222222222222222';

before(async () => {
  store = openSqliteStore(':memory:');
  server = await startServer({ store, port: 0 });
  remote = new RemoteTraceReader(`${server.url}/`);
  const resource = { 'service.name': 'svc', 'loupe.project': 'alpha' };
  await ingestRawSpans(store, [
    rawSpan('a000000000000001', 'ask', { 'openinference.span.kind': 'CHAIN', 'input.value': 'capital of France?', 'user.id': 'u1' }, { traceId: TRACE_A, resource, statusCode: 1 }),
    { ...genAiChat, traceId: TRACE_A, parentSpanId: 'a000000000000001', resource },
    rawSpan('b000000000000001', 'ask', { 'input.value': 'broken' }, { traceId: TRACE_B, resource: { 'loupe.project': 'beta' }, statusCode: 2, startUs: T0 + 10_000_000, endUs: T0 + 13_000_000 }),
  ]);
});

after(async () => {
  await server.close();
  await store.close();
});

test('RemoteTraceReader returns exactly what the store returns', async () => {
  assert.deepEqual(await remote.listProjects(), await store.listProjects());
  assert.deepEqual((await remote.listProjects()).sort(), ['alpha', 'beta']);
  for (const q of [{}, { project: 'alpha' }, { status: 'error' as const }, { contains: 'france' }, { afterUs: T0 + 1, limit: 1 }]) {
    assert.deepEqual(await remote.listTraces(q), await store.listTraces(q), JSON.stringify(q));
  }
  assert.equal((await remote.listTraces({ status: 'error' })).traces[0]?.traceId, TRACE_B);
  const detail = await remote.getTrace(TRACE_A);
  assert.deepEqual(detail, await store.getTrace(TRACE_A));
  assert.equal(detail?.spans.length, 2);
  assert.equal(await remote.getTrace('33333333333333333333333333333333'), undefined);
  assert.equal(await remote.getTrace(TRACE_A, 'beta'), undefined);
  assert.deepEqual(await remote.listLLMCalls({ traceId: TRACE_A }), await store.listLLMCalls({ traceId: TRACE_A }));
  assert.equal((await remote.listLLMCalls({ model: 'gpt-4o' })).length, 1);
  assert.deepEqual(await remote.stats({ project: 'alpha' }), await store.stats({ project: 'alpha' }));
});

test('RemoteTraceReader outlines and single spans match the store', async () => {
  const outline = await remote.getTraceOutline(TRACE_A);
  assert.deepEqual(outline, await store.getTraceOutline(TRACE_A));
  assert.equal(outline?.spans.length, 2);
  assert.equal(outline?.spans[1]?.model, 'gpt-4o');
  assert.deepEqual(await remote.getTraceOutline(TRACE_B, 'beta'), await store.getTraceOutline(TRACE_B, 'beta'));
  assert.equal(await remote.getTraceOutline(TRACE_A, 'beta'), undefined);
  assert.equal(await remote.getTraceOutline('33333333333333333333333333333333'), undefined);
  const detail = (await store.getTrace(TRACE_A))!;
  for (const span of detail.spans) assert.deepEqual(await remote.getSpan('alpha', TRACE_A, span.spanId), span);
  assert.equal(await remote.getSpan('alpha', TRACE_A, 'ffffffffffffffff'), undefined);
  assert.equal(await remote.getSpan('beta', TRACE_A, 'a000000000000001'), undefined);
  await assert.rejects(remote.getSpan('alpha', TRACE_A, 'short'), /^RemoteError: server answered 400: span id must be 16 hex digits, got "short"$/);
});

test('non-2xx answers become RemoteError with the server message', async () => {
  await assert.rejects(remote.getTrace('not-an-id'), (err: unknown) => {
    assert.ok(err instanceof RemoteError);
    assert.equal(err.status, 400);
    assert.equal(err.message, 'server answered 400: trace id must be 32 hex digits, got "not-an-id"');
    return true;
  });
  await assert.rejects(remote.listTraces({ limit: 0 }), /^RemoteError: server answered 400: limit must be an integer from 1 to 1000, got "0"$/);
  // A wrong base URL is an error, not "no such trace": under it the server serves the viewer's HTML.
  const wrongPath = new RemoteTraceReader(`${server.url}/nothing-here`);
  await assert.rejects(wrongPath.getTrace(TRACE_A), /server answered 200 with a body that is not JSON \(is http:\/\/127\.0\.0\.1:\d+\/nothing-here a Loupe server\?\)/);
  const wrongRoute = await fetch(`${server.url}/api/nothing-here`);
  assert.equal(wrongRoute.status, 404);
  assert.match(((await wrongRoute.json()) as { error: string }).error, /no route for GET \/api\/nothing-here/);
});

test('connection failures become "cannot reach Loupe server at …: connection refused"', async () => {
  const s = await startServer({ store, port: 0 });
  const url = s.url;
  await s.close();
  const gone = new RemoteTraceReader(url);
  await assert.rejects(gone.listProjects(), (err: unknown) => {
    assert.ok(err instanceof RemoteError);
    assert.equal(err.message, `cannot reach Loupe server at ${url}: connection refused`);
    assert.equal(err.status, undefined);
    return true;
  });
});
