import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import type { Attributes, RawSpan } from '@loupe/core';
import { decodeOtlpProtobufRequest } from './decode-protobuf.js';
import { encodeOtlpProtobufRequest } from './encode-protobuf.js';

const T1 = '0af7651916cd43dd8448eb211c80319c';
const T2 = '4bf92f3577b34da6a3ce929d0e0e4736';

function span(over: Partial<RawSpan> & { spanId: string; resource: Attributes }): RawSpan {
  return {
    traceId: T1,
    name: 'step',
    kind: 1,
    startUs: 1_767_225_600_123_456,
    endUs: 1_767_225_600_223_456,
    attributes: {},
    events: [],
    links: [],
    statusCode: 0,
    ...over,
  };
}

const svcA: Attributes = { 'service.name': 'a', 'loupe.project': 'p1' };
const svcB: Attributes = { 'service.name': 'b', 'host.cores': 2 };

/** Two resources, three scopes, every attribute value type, events, links, status, parents. */
const SPANS: RawSpan[] = [
  span({
    spanId: '00f067aa0ba902b7', resource: svcA, scopeName: 'openai', scopeVersion: '1.2.3', name: 'chat gpt-4o', kind: 3,
    attributes: {
      'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1200, 'gen_ai.request.temperature': 0.25,
      'big.negative': -9_007_199_254_740_991, stream: false, tags: ['a', 'b'], scores: [1, 2.5], empty: null,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Café "quoted" ✓' }] }]),
    },
    events: [{ name: 'exception', timeUs: 1_767_225_600_200_000, attributes: { 'exception.message': 'boom' } }],
    statusCode: 2, statusMessage: 'rate limited',
  }),
  span({ spanId: '00f067aa0ba902b8', parentSpanId: '00f067aa0ba902b7', resource: svcA, scopeName: 'openai', scopeVersion: '1.2.3' }),
  span({ spanId: '00f067aa0ba902b9', resource: svcA, scopeName: 'retriever', statusCode: 1 }),
  span({
    spanId: '00f067aa0ba902ba', traceId: T2, resource: svcB,
    links: [{ traceId: T1, spanId: '00f067aa0ba902b7', attributes: { 'link.kind': 'follows' } }],
  }),
];

describe('span records', () => {
  it('the encoder writes what the decoder reads back', () => {
    const decoded = decodeOtlpProtobufRequest(encodeOtlpProtobufRequest(SPANS));
    assert.equal(decoded.rejectedSpans, 0);
    assert.deepStrictEqual(decoded.spans, SPANS);
  });

  it("each record decodes to exactly its span, resource and scope included", () => {
    const decoded = decodeOtlpProtobufRequest(encodeOtlpProtobufRequest(SPANS), { records: true });
    assert.equal(decoded.records?.length, SPANS.length);
    decoded.records!.forEach((record, i) => {
      const again = decodeOtlpProtobufRequest(record);
      assert.equal(again.spans.length, 1);
      assert.deepStrictEqual(again.spans[0], SPANS[i]);
    });
    // Records are not asked for, not built.
    assert.equal(decodeOtlpProtobufRequest(encodeOtlpProtobufRequest(SPANS)).records, undefined);
  });

  it('skips rejected spans and takes a resource sent after its spans', () => {
    // ResourceSpans { scope_spans { scope, good span, span with a zero trace id, good span }, resource }.
    const good = [SPANS[1]!, SPANS[2]!].map((s) => ({ ...s, resource: svcB, scopeName: 'late', scopeVersion: undefined }));
    delete good[0]!.scopeVersion;
    delete good[1]!.scopeVersion;
    const spanBytes = (s: RawSpan): Uint8Array => {
      const one = decodeOtlpProtobufRequest(encodeOtlpProtobufRequest([s]), { records: true }).records![0]!;
      // The span message is the record's last field: find it by decoding the record's framing.
      const r = protobuf.Reader.create(one);
      r.uint32(); r.uint32(); // resource_spans tag, length
      for (;;) {
        const tag = r.uint32();
        const len = r.uint32();
        if (tag === ((2 << 3) | 2)) break; // scope_spans: step in
        r.skip(len);
      }
      for (;;) {
        const tag = r.uint32();
        const len = r.uint32();
        if (tag === ((2 << 3) | 2)) return one.subarray(r.pos, r.pos + len);
        r.skip(len);
      }
    };
    const w = protobuf.Writer.create();
    w.uint32((1 << 3) | 2).fork();
    w.uint32((2 << 3) | 2).fork();
    w.uint32((1 << 3) | 2).fork().uint32((1 << 3) | 2).string('late').ldelim();
    w.uint32((2 << 3) | 2).bytes(spanBytes(good[0]!));
    // The encoder writes trace_id first: tag, length 16, then the id, zeroed here.
    const zeroTrace = Uint8Array.from(spanBytes({ ...good[0]!, spanId: '00f067aa0ba90200' }));
    zeroTrace.fill(0, 2, 18);
    w.uint32((2 << 3) | 2).bytes(zeroTrace);
    w.uint32((2 << 3) | 2).bytes(spanBytes(good[1]!));
    w.ldelim();
    w.uint32((1 << 3) | 2).fork();
    for (const [key, value] of Object.entries(svcB)) {
      w.uint32((1 << 3) | 2).fork().uint32((1 << 3) | 2).string(key).uint32((2 << 3) | 2).fork();
      if (typeof value === 'string') w.uint32((1 << 3) | 2).string(value);
      else w.uint32(3 << 3).int64(value as number);
      w.ldelim().ldelim();
    }
    w.ldelim();
    w.ldelim();
    const decoded = decodeOtlpProtobufRequest(w.finish(), { records: true });
    assert.equal(decoded.rejectedSpans, 1);
    assert.deepStrictEqual(decoded.spans, good);
    assert.equal(decoded.records!.length, 2);
    decoded.records!.forEach((record, i) => assert.deepStrictEqual(decodeOtlpProtobufRequest(record).spans, [good[i]]));
  });
});
