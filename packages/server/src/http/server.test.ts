import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TraceDetail, TracePage, TraceStore } from '@loupe/core';
import { openSqliteStore } from '@loupe/store';
import { otlpSchema } from '../otlp/proto-schema.js';
import { startServer, type LoupeServer } from './server.js';

/** A RAG request as an app instrumented with OpenInference + GenAI names would export it. */
async function ragRequest(project: string, question: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'rag-qa', 'loupe.project': project }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('rag-qa');
  const root = tracer.startSpan('answer_question', { kind: SpanKind.SERVER });
  root.setAttributes({ 'openinference.span.kind': 'CHAIN', 'input.value': question, 'user.id': 'u-1', 'session.id': 's-1' });
  const ctx = trace.setSpan(context.active(), root);
  const retrieve = tracer.startSpan('retrieve', {}, ctx);
  retrieve.setAttributes({
    'openinference.span.kind': 'RETRIEVER',
    'loupe.retrieval.query': question,
    'retrieval.documents.0.document.id': 'doc-1',
    'retrieval.documents.0.document.content': 'Paris is the capital of France.',
    'retrieval.documents.0.document.score': 0.9,
  });
  retrieve.end();
  const llm = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT }, ctx);
  llm.setAttributes({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.temperature': 0,
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Paris.' }], finish_reason: 'stop' }]),
    'gen_ai.usage.input_tokens': 30,
    'gen_ai.usage.output_tokens': 3,
  });
  llm.end();
  root.setAttribute('output.value', 'Paris.');
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

function exportWith(exporter: OTLPTraceExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

let store: TraceStore;
let server: LoupeServer;
const logs: string[] = [];

before(async () => {
  store = openSqliteStore(':memory:');
  server = await startServer({ store, port: 0, log: (line) => logs.push(line) });
});

after(async () => {
  await server.close();
  await store.close();
});

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

test('real OTLP protobuf exporter (plain and gzip): spans come back normalized from /api/traces/:id', async () => {
  for (const compression of [CompressionAlgorithm.NONE, CompressionAlgorithm.GZIP]) {
    const spans = await ragRequest('rag', `capital of France? (${compression})`);
    const exporter = new OTLPTraceExporter({ url: `${server.url}/v1/traces`, compression });
    const result = await exportWith(exporter, spans);
    assert.equal(result.code, 0, `export with ${compression} failed: ${result.error?.message}`);
    await exporter.shutdown();

    const traceId = spans[0]!.spanContext().traceId;
    const { status, body } = await getJson<TraceDetail>(`/api/traces/${traceId}`);
    assert.equal(status, 200);
    assert.equal(body.summary.traceId, traceId);
    assert.equal(body.summary.project, 'rag');
    assert.equal(body.summary.name, 'answer_question');
    assert.equal(body.summary.spanCount, 3);
    assert.equal(body.summary.llmCallCount, 1);
    const byName = new Map(body.spans.map((s) => [s.name, s]));
    const root = byName.get('answer_question')!;
    assert.equal(root.kind, 'CHAIN');
    assert.equal(root.userId, 'u-1');
    assert.equal(root.serviceName, 'rag-qa');
    assert.equal(root.output, 'Paris.');
    const retrieve = byName.get('retrieve')!;
    assert.equal(retrieve.kind, 'RETRIEVER');
    assert.equal(retrieve.parentSpanId, root.spanId);
    assert.equal(retrieve.query, `capital of France? (${compression})`);
    assert.deepEqual(retrieve.documents, [{ id: 'doc-1', content: 'Paris is the capital of France.', score: 0.9 }]);
    const llm = byName.get('chat gpt-4o-mini')!;
    assert.equal(llm.kind, 'LLM');
    assert.equal(llm.llm?.model, 'gpt-4o-mini');
    assert.deepEqual(llm.llm?.outputMessages, [{ role: 'assistant', content: 'Paris.', finishReason: 'stop' }]);
    assert.equal(llm.usage?.input, 30);
    assert.equal(llm.usage?.output, 3);
  }
});

test('OTLP/JSON export is stored and answered with an empty JSON ExportTraceServiceResponse', async () => {
  const spans = await ragRequest('json-project', 'json question');
  const body = JsonTraceSerializer.serializeRequest(spans)!;
  const res = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.deepEqual(await res.json(), {});
  const traceId = spans[0]!.spanContext().traceId;
  const { body: detail } = await getJson<TraceDetail>(`/api/traces/${traceId}?project=json-project`);
  assert.equal(detail.spans.length, 3);
  const page = await getJson<TracePage>('/api/traces?project=json-project');
  assert.deepEqual(page.body.traces.map((t) => t.traceId), [traceId]);
});

test('gzip JSON body sent by hand is accepted', async () => {
  const spans = await ragRequest('gz', 'gzipped');
  const res = await fetch(`${server.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' },
    body: gzipSync(JsonTraceSerializer.serializeRequest(spans)!),
  });
  assert.equal(res.status, 200);
  const { status } = await getJson(`/api/traces/${spans[0]!.spanContext().traceId}`);
  assert.equal(status, 200);
});

const TRACE = '0af7651916cd43dd8448eb211c80319c';
function jsonSpan(spanId: string, name: string, traceId = TRACE): unknown {
  return { traceId, spanId, name, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000500000000' };
}

test('partial success: bad spans are counted and reported, good ones stored (JSON and protobuf)', async () => {
  const res = await fetch(`${server.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [jsonSpan('b7ad6b7169203331', 'good'), jsonSpan('0000000000000000', 'zero-id'), jsonSpan('b7ad6b7169203332', 'short-trace', 'abc')] }] }] }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
  assert.equal(body.partialSuccess.rejectedSpans, '2');
  assert.match(body.partialSuccess.errorMessage, /span "zero-id" has an invalid span id \(all zero\)/);
  assert.ok(logs.some((l) => l.includes('rejected 2 spans')));
  const { body: detail } = await getJson<TraceDetail>(`/api/traces/${TRACE}`);
  assert.deepEqual(detail.spans.map((s) => s.name), ['good']);

  const { request, response } = otlpSchema();
  const pb = request.encode(request.fromObject({
    resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.alloc(8), name: 'zero' }] }] }],
  })).finish();
  const pbRes = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: pb });
  assert.equal(pbRes.status, 200);
  assert.equal(pbRes.headers.get('content-type'), 'application/x-protobuf');
  const decoded = response.toObject(response.decode(new Uint8Array(await pbRes.arrayBuffer())), { longs: Number }) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
  assert.equal(decoded.partialSuccess.rejectedSpans, 1);
  assert.match(decoded.partialSuccess.errorMessage, /invalid span id/);
});

test('/health answers ok, with the full-text index state', async () => {
  assert.deepEqual(await getJson('/health'), { status: 200, body: { status: 'ok', search: { state: 'current', lagSpans: 0 } } });
});

test('a store failure is a retryable 503 with the reason', async () => {
  const failing: TraceStore = { ...store, ingest: async () => { throw new Error('disk full'); } };
  const s = await startServer({ store: failing, port: 0 });
  try {
    const res = await fetch(`${s.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [jsonSpan('c7ad6b7169203331', 'x')] }] }] }),
    });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.deepEqual(await res.json(), { code: 14, message: 'could not store spans: disk full' });
  } finally {
    await s.close();
  }
});

test('close() waits for an in-flight ingest, answers it, and leaves the store open', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let ingestStarted!: () => void;
  const started = new Promise<void>((r) => (ingestStarted = r));
  const slow: TraceStore = {
    ...store,
    ingest: async (spans) => {
      ingestStarted();
      await gate;
      return store.ingest(spans);
    },
  };
  const s = await startServer({ store: slow, port: 0 });
  const posted = fetch(`${s.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [jsonSpan('d7ad6b7169203331', 'slow', 'ffe7651916cd43dd8448eb211c80319c')] }] }] }),
  });
  await started;
  let closed = false;
  const closing = s.close().then(() => (closed = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, false, 'close must wait for the in-flight ingest');
  release();
  const res = await posted;
  assert.equal(res.status, 200);
  await closing;
  assert.equal(closed, true);
  assert.ok(await store.getTrace('ffe7651916cd43dd8448eb211c80319c'), 'ingest committed; store still open');
  await assert.rejects(fetch(`${s.url}/health`));
});
