import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { decodeOtlpJson, decodeOtlpJsonRequest, decodeOtlpProtobuf, decodeOtlpProtobufRequest, OtlpDecodeError } from '@loupe/otlp';
import { otlpSchema } from './proto-schema.js';
import protobuf from 'protobufjs';

/** Real SDK spans: a parent and a child with every attribute type, an event, an error status and a link. */
async function makeSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'rag-qa', 'openinference.project.name': 'demo', 'host.cpu': 8 }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('loupe-test', '1.2.3');
  // Times with sub-microsecond digits check that µs are computed exactly, not via a lossy double.
  const parent = tracer.startSpan('request', { kind: SpanKind.SERVER, startTime: [1_700_000_000, 123_456_789] });
  const ctx = trace.setSpan(context.active(), parent);
  const child = tracer.startSpan('ChatCompletion', {
    kind: SpanKind.CLIENT,
    startTime: [1_700_000_000, 200_000_999],
    links: [{ context: parent.spanContext(), attributes: { 'link.kind': 'follows' } }],
  }, ctx);
  child.setAttributes({
    'llm.model_name': 'gpt-4o-mini',
    'llm.token_count.prompt': 42,
    'llm.invocation_parameters': '{"temperature":0.2}',
    temperature: 0.25,
    stream: false,
    tags: ['a', 'b'],
    scores: [1, 2, 3],
    flags: [true, false],
  });
  child.addEvent('exception', { 'exception.type': 'RateLimitError', 'exception.message': 'slow down' }, [1_700_000_000, 300_000_500]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  child.end([1_700_000_001, 999]);
  parent.setStatus({ code: SpanStatusCode.OK });
  parent.end([1_700_000_002, 5]);
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

function hrToUs([s, ns]: [number, number]): number {
  return s * 1_000_000 + Math.floor(ns / 1000);
}

test('protobuf and JSON exports of the same SDK spans decode to identical RawSpans', async () => {
  const spans = await makeSpans();
  const pb = ProtobufTraceSerializer.serializeRequest(spans)!;
  const json = JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString('utf8'));
  const fromPb = decodeOtlpProtobuf(pb);
  const fromJson = decodeOtlpJson(json);
  assert.equal(fromPb.length, 2);
  assert.deepEqual(fromJson, fromPb);

  const [childSdk, parentSdk] = spans.map((s) => s) as [ReadableSpan, ReadableSpan];
  const byName = new Map(fromPb.map((s) => [s.name, s]));
  const child = byName.get('ChatCompletion')!;
  const parent = byName.get('request')!;
  assert.equal(child.traceId, childSdk.spanContext().traceId);
  assert.equal(child.spanId, childSdk.spanContext().spanId);
  assert.equal(child.parentSpanId, parentSdk.spanContext().spanId);
  assert.equal(parent.parentSpanId, undefined);
  assert.match(child.traceId, /^[0-9a-f]{32}$/);
  assert.equal(child.kind, 3);
  assert.equal(parent.kind, 2);
  assert.equal(child.startUs, hrToUs(childSdk.startTime));
  assert.equal(child.startUs, 1_700_000_000_200_000);
  assert.equal(parent.startUs, 1_700_000_000_123_456);
  assert.equal(child.endUs, 1_700_000_001_000_000);
  assert.equal(parent.endUs, 1_700_000_002_000_000);
  assert.deepEqual(child.attributes, {
    'llm.model_name': 'gpt-4o-mini',
    'llm.token_count.prompt': 42,
    'llm.invocation_parameters': '{"temperature":0.2}',
    temperature: 0.25,
    stream: false,
    tags: ['a', 'b'],
    scores: [1, 2, 3],
    flags: [true, false],
  });
  assert.deepEqual(child.events, [
    { name: 'exception', timeUs: 1_700_000_000_300_000, attributes: { 'exception.type': 'RateLimitError', 'exception.message': 'slow down' } },
  ]);
  assert.deepEqual(child.links, [{ traceId: parent.traceId, spanId: parent.spanId, attributes: { 'link.kind': 'follows' } }]);
  assert.equal(child.statusCode, 2);
  assert.equal(child.statusMessage, 'rate limited');
  assert.equal(parent.statusCode, 1);
  assert.equal(child.resource['service.name'], 'rag-qa');
  assert.equal(child.resource['openinference.project.name'], 'demo');
  assert.equal(child.resource['host.cpu'], 8);
  assert.equal(child.scopeName, 'loupe-test');
  assert.equal(child.scopeVersion, '1.2.3');
});

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

function jsonRequest(spans: unknown[], resource: unknown[] = []): unknown {
  return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: 's' }, spans }] }] };
}

test('JSON: base64 ids, snake_case names, enum names, int64 strings and every AnyValue kind', () => {
  const [span] = decodeOtlpJson({
    resource_spans: [{
      resource: { attributes: [{ key: 'service.name', value: { string_value: 'svc' } }] },
      scope_spans: [{
        spans: [{
          trace_id: Buffer.from(TRACE, 'hex').toString('base64'),
          span_id: Buffer.from(SPAN, 'hex').toString('base64'),
          parent_span_id: '',
          name: 'x',
          kind: 'SPAN_KIND_CLIENT',
          start_time_unix_nano: '1700000000123456789',
          end_time_unix_nano: 1700000001000000000,
          status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
          attributes: [
            { key: 'i', value: { intValue: '9007199254740' } },
            { key: 'd', value: { doubleValue: 0.5 } },
            { key: 'b', value: { boolValue: true } },
            { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } } },
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { intValue: '1' } }, { key: 'nested', value: { kvlistValue: { values: [{ key: 'y', value: { arrayValue: { values: [{ boolValue: false }] } } }] } } }] } } },
            { key: 'bytes', value: { bytesValue: 'aGVsbG8=' } },
            { key: 'empty', value: {} },
          ],
        }],
      }],
    }],
  });
  assert.ok(span);
  assert.equal(span.traceId, TRACE);
  assert.equal(span.spanId, SPAN);
  assert.equal(span.parentSpanId, undefined);
  assert.equal(span.kind, 3);
  assert.equal(span.startUs, 1_700_000_000_123_456);
  assert.equal(span.endUs, 1_700_000_001_000_000);
  assert.equal(span.statusCode, 2);
  assert.equal(span.statusMessage, 'boom');
  assert.equal(span.resource['service.name'], 'svc');
  assert.deepEqual(span.attributes, {
    i: 9007199254740,
    d: 0.5,
    b: true,
    arr: ['a', 2],
    kv: '{"x":1,"nested":{"y":[false]}}',
    bytes: 'aGVsbG8=',
    empty: null,
  });
});

test('protobuf: kvlist and bytes attributes decode like JSON does', () => {
  const { request } = otlpSchema();
  const msg = request.fromObject({
    resourceSpans: [{
      scopeSpans: [{
        spans: [{
          traceId: Buffer.from(TRACE, 'hex'),
          spanId: Buffer.from(SPAN, 'hex'),
          name: 'x',
          startTimeUnixNano: '1700000000999999999',
          endTimeUnixNano: '1700000001000000000',
          attributes: [
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'a', value: { stringValue: 'b' } }] } } },
            { key: 'bytes', value: { bytesValue: Buffer.from('hello') } },
            { key: 'neg', value: { intValue: -5 } },
          ],
        }],
      }],
    }],
  });
  const [span] = decodeOtlpProtobuf(request.encode(msg).finish());
  assert.ok(span);
  assert.equal(span.startUs, 1_700_000_000_999_999);
  assert.deepEqual(span.attributes, { kv: '{"a":"b"}', bytes: 'aGVsbG8=', neg: -5 });
});

test('spans with missing, zero or wrong-length ids are rejected with a reason; the others are kept', () => {
  const ok = { traceId: TRACE, spanId: SPAN, name: 'good', startTimeUnixNano: '1', endTimeUnixNano: '2' };
  const result = decodeOtlpJsonRequest(jsonRequest([
    ok,
    { ...ok, name: 'zero-trace', traceId: '0'.repeat(32) },
    { ...ok, name: 'no-span', spanId: undefined },
    { ...ok, name: 'short', traceId: 'abcd' },
    { ...ok, name: 'bad-parent', parentSpanId: '123' },
    { ...ok, name: 'bad-time', startTimeUnixNano: 'yesterday' },
  ]));
  assert.deepEqual(result.spans.map((s) => s.name), ['good']);
  assert.equal(result.rejectedSpans, 5);
  assert.match(result.errorMessage, /^rejected 5 spans: /);
  assert.match(result.errorMessage, /span "zero-trace" has an invalid trace id \(all zero\)/);
  assert.match(result.errorMessage, /span "no-span" has an invalid span id \(missing\)/);
  assert.match(result.errorMessage, /span "short" has an invalid trace id/);
  assert.match(result.errorMessage, /span "bad-parent" has an invalid parent span id/);

  const { request } = otlpSchema();
  const pb = request.encode(request.fromObject({
    resourceSpans: [{ scopeSpans: [{ spans: [
      { traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from(SPAN, 'hex'), name: 'good' },
      { traceId: Buffer.alloc(16), spanId: Buffer.from(SPAN, 'hex'), name: 'zero' },
      { traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from('abcd', 'hex'), name: 'short' },
    ] }] }],
  })).finish();
  const pbResult = decodeOtlpProtobufRequest(pb);
  assert.deepEqual(pbResult.spans.map((s) => s.name), ['good']);
  assert.equal(pbResult.rejectedSpans, 2);
  assert.match(pbResult.errorMessage, /span "short" has an invalid span id \(2 bytes instead of 8\)/);
});

test('undecodable bodies throw OtlpDecodeError with a clear message', () => {
  assert.throws(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0x01])), (err: unknown) => {
    assert.ok(err instanceof OtlpDecodeError);
    assert.match(err.message, /^invalid OTLP protobuf: /);
    return true;
  });
  assert.throws(() => decodeOtlpJson([1, 2]), /invalid OTLP JSON: the body must be an object/);
  assert.throws(() => decodeOtlpJson({ resourceSpans: 'nope' }), /invalid OTLP JSON: request.resourceSpans must be an array/);
  assert.deepEqual(decodeOtlpJson({}), []);
  assert.deepEqual(decodeOtlpProtobuf(new Uint8Array(0)), []);
});

/** Hand-written protobuf: fields in any order, unknown fields, deprecated ones, as real senders may. */
function lenField(w: protobuf.Writer, field: number, write: (inner: protobuf.Writer) => void): void {
  w.uint32((field << 3) | 2).fork();
  write(w);
  w.ldelim();
}

function wireSpan(w: protobuf.Writer, name: string, attributes: [string, string][]): void {
  w.uint32((99 << 3) | 0).uint32(7); // unknown varint field: skipped
  w.uint32((1 << 3) | 2).bytes(Buffer.from(TRACE, 'hex'));
  w.uint32((2 << 3) | 2).bytes(Buffer.from(SPAN, 'hex'));
  for (const [key, value] of attributes) {
    lenField(w, 9, (kv) => {
      kv.uint32((1 << 3) | 2).string(key);
      lenField(kv, 2, (any) => any.uint32((1 << 3) | 2).string(value));
    });
  }
  lenField(w, 98, (u) => u.uint32((1 << 3) | 2).string('unknown nested message')); // skipped
  w.uint32((5 << 3) | 2).string(name);
  w.uint32((7 << 3) | 1).fixed64('1700000000123456789');
}

test('protobuf: fields in any order, unknown fields skipped, the deprecated instrumentation_library_spans read', () => {
  const w = protobuf.Writer.create();
  lenField(w, 1, (rs) => {
    // scope_spans before resource, and the scope after its spans.
    lenField(rs, 2, (ss) => {
      lenField(ss, 2, (span) => wireSpan(span, 'first', [['a', '1']]));
      lenField(ss, 1, (scope) => scope.uint32((1 << 3) | 2).string('late-scope').uint32((2 << 3) | 2).string('9.9'));
    });
    lenField(rs, 1000, (ils) => {
      lenField(ils, 1, (lib) => lib.uint32((1 << 3) | 2).string('old-library'));
      lenField(ils, 2, (span) => wireSpan(span, 'legacy', [['__proto__', 'not a prototype'], ['b', '2']]));
    });
    lenField(rs, 1, (res) => lenField(res, 1, (kv) => {
      kv.uint32((1 << 3) | 2).string('service.name');
      lenField(kv, 2, (any) => any.uint32((1 << 3) | 2).string('late-resource'));
    }));
  });
  const spans = decodeOtlpProtobuf(w.finish());
  assert.deepEqual(spans.map((s) => [s.name, s.scopeName, s.scopeVersion, s.resource['service.name']]), [
    ['first', 'late-scope', '9.9', 'late-resource'],
    ['legacy', 'old-library', undefined, 'late-resource'],
  ]);
  assert.equal(spans[0]!.startUs, 1_700_000_000_123_456);
  assert.deepEqual(spans[0]!.attributes, { a: '1' });
  // A "__proto__" key is an attribute like any other, not the object's prototype.
  const legacy = spans[1]!.attributes;
  assert.equal(Object.getPrototypeOf(legacy), Object.prototype);
  assert.deepEqual(Object.keys(legacy), ['__proto__', 'b']);
  assert.equal(Object.getOwnPropertyDescriptor(legacy, '__proto__')?.value, 'not a prototype');
});

test('protobuf: a nested length that runs past its message is an error, not spans read from the wrong bytes', () => {
  const w = protobuf.Writer.create();
  lenField(w, 1, (rs) => lenField(rs, 2, (ss) => lenField(ss, 2, (span) => wireSpan(span, 'x', [['k', 'v']]))));
  const body = w.finish();
  // The attribute's KeyValue (tag 0x4a = field 9, length-delimited) claims 100 bytes more than its span holds.
  const at = body.indexOf(0x4a);
  assert.ok(at > 0);
  const corrupt = Buffer.from(body);
  corrupt[at + 1] = corrupt[at + 1]! + 100;
  assert.throws(() => decodeOtlpProtobuf(corrupt), (err: unknown) => {
    assert.ok(err instanceof OtlpDecodeError);
    assert.match(err.message, /^invalid OTLP protobuf: .*runs past/);
    return true;
  });
});
