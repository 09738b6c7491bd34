import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { IngestResult, NormalizedSpan, TraceStore } from '@loupe/core';
import { openSqliteStore } from '@loupe/store';
import { otlpSchema } from '../otlp/proto-schema.js';
import { startGrpcServer, type LoupeGrpcServer } from './grpc-server.js';

let store: TraceStore;
let server: LoupeGrpcServer;

before(async () => {
  store = openSqliteStore(':memory:');
  server = await startGrpcServer({ store, port: 0, host: '127.0.0.1' });
});
after(async () => {
  await server.close();
  await store.close();
});

async function exportWith(compression: 'gzip' | 'none', traceName: string): Promise<string> {
  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${server.port}`, compression: compression as never });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'grpc-test', 'loupe.project': 'grpc' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan(traceName);
  const traceId = root.spanContext().traceId;
  {
    // No context manager is registered, so the parent is passed explicitly.
    const llm = tracer.startSpan('chat gpt-4o-mini', {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi?' }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello.' }] }]),
        'gen_ai.usage.input_tokens': 1_000_000,
        'gen_ai.usage.output_tokens': 1_000_000,
      },
    }, trace.setSpan(ROOT_CONTEXT, root));
    llm.end();
    root.end();
  }
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

test('the real OTLP/gRPC exporter delivers spans that arrive normalized, priced and stored', async () => {
  const traceId = await exportWith('none', 'grpc-plain');
  const detail = await store.getTrace(traceId, 'grpc');
  assert.ok(detail, 'trace stored before the exporter got its reply');
  assert.equal(detail.summary.name, 'grpc-plain');
  assert.equal(detail.summary.serviceName, 'grpc-test');
  const llm = detail.spans.find((s) => s.kind === 'LLM');
  assert.ok(llm);
  assert.deepEqual(llm.llm?.inputMessages, [{ role: 'user', content: 'Hi?' }]);
  assert.equal(llm.output, 'Hello.');
  assert.equal(llm.costUsd, 0.15 + 0.6);
});

test('gzip-compressed exports are accepted', async () => {
  const traceId = await exportWith('gzip', 'grpc-gzip');
  const detail = await store.getTrace(traceId, 'grpc');
  assert.equal(detail?.spans.length, 2);
});

/** A raw client for the error paths, sending bytes the exporter never would. */
function rawExport(port: number, body: Buffer): Promise<{ error?: grpc.ServiceError; response?: Buffer }> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      (error, response) => {
        client.close();
        resolve(error ? { error } : { response: response! });
      },
    );
  });
}

test('an undecodable request is INVALID_ARGUMENT with the decoder message', async () => {
  const { error } = await rawExport(server.port, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
  assert.equal(error?.code, grpc.status.INVALID_ARGUMENT);
  assert.match(error!.details, /invalid OTLP protobuf/);
});

test('spans with bad ids are reported in partial_success; the rest is stored', async () => {
  const { request, response } = otlpSchema();
  const good = { traceId: Buffer.alloc(16, 7), spanId: Buffer.alloc(8, 7), name: 'ok-span', startTimeUnixNano: 1, endTimeUnixNano: 2 };
  const bad = { traceId: Buffer.alloc(3, 1), spanId: Buffer.alloc(8, 1), name: 'bad-span' };
  const body = Buffer.from(request.encode(request.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [good, bad] }] }] })).finish());
  const result = await rawExport(server.port, body);
  assert.ok(result.response);
  const decoded = response.toObject(response.decode(result.response), { longs: Number }) as { partialSuccess?: { rejectedSpans: number; errorMessage: string } };
  assert.equal(decoded.partialSuccess?.rejectedSpans, 1);
  assert.match(decoded.partialSuccess!.errorMessage, /bad-span/);
  assert.ok(await store.getTrace('07'.repeat(16)));
});

test('a store failure is UNAVAILABLE, and the reply waits for ingest', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  let ingested = false;
  const failing: TraceStore = {
    ...store,
    async ingest(_spans: NormalizedSpan[]): Promise<IngestResult> {
      await gate;
      ingested = true;
      throw new Error('disk full');
    },
  };
  const s = await startGrpcServer({ store: failing, port: 0 });
  try {
    const { request } = otlpSchema();
    const span = { traceId: Buffer.alloc(16, 9), spanId: Buffer.alloc(8, 9), name: 'x' };
    const pending = rawExport(s.port, Buffer.from(request.encode(request.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })).finish()));
    let answered = false;
    void pending.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(answered, false, 'no reply before ingest settles');
    release();
    const { error } = await pending;
    assert.ok(ingested);
    assert.equal(error?.code, grpc.status.UNAVAILABLE);
    assert.match(error!.details, /disk full/);
  } finally {
    await s.close();
  }
});
