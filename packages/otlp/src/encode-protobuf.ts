import type { AttrValue, Attributes, RawSpan } from '@loupe/core';
import protobuf from 'protobufjs/minimal.js';
import { tagOf, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-attributes.js';

/*
 * RawSpans → a binary OTLP `ExportTraceServiceRequest`, the inverse of decode-protobuf.ts:
 * decoding what this writes gives the same RawSpans back (numbers that are safe integers go out
 * as int_value, others as double_value; times are whole microseconds). For sending Loupe's spans
 * on to another OTLP receiver, and for tests of the decoder and of span records.
 */

/** Spans in a row with the same resource object and scope share one ResourceSpans/ScopeSpans, as an SDK's batch does. */
export function encodeOtlpProtobufRequest(spans: readonly RawSpan[]): Uint8Array {
  const w = protobuf.Writer.create();
  let i = 0;
  while (i < spans.length) {
    const resource = spans[i]!.resource;
    w.uint32(tagOf(1, WIRE_LEN)).fork(); // ExportTraceServiceRequest.resource_spans
    w.uint32(tagOf(1, WIRE_LEN)).fork(); // ResourceSpans.resource
    writeAttributes(w, 1, resource);
    w.ldelim();
    while (i < spans.length && spans[i]!.resource === resource) {
      const { scopeName, scopeVersion } = spans[i]!;
      w.uint32(tagOf(2, WIRE_LEN)).fork(); // ResourceSpans.scope_spans
      if (scopeName !== undefined || scopeVersion !== undefined) {
        w.uint32(tagOf(1, WIRE_LEN)).fork(); // ScopeSpans.scope
        if (scopeName !== undefined) w.uint32(tagOf(1, WIRE_LEN)).string(scopeName);
        if (scopeVersion !== undefined) w.uint32(tagOf(2, WIRE_LEN)).string(scopeVersion);
        w.ldelim();
      }
      while (i < spans.length && spans[i]!.resource === resource && spans[i]!.scopeName === scopeName && spans[i]!.scopeVersion === scopeVersion) {
        w.uint32(tagOf(2, WIRE_LEN)).fork(); // ScopeSpans.spans
        writeSpan(w, spans[i]!);
        w.ldelim();
        i++;
      }
      w.ldelim();
    }
    w.ldelim();
  }
  return w.finish();
}

function writeSpan(w: protobuf.Writer, s: RawSpan): void {
  w.uint32(tagOf(1, WIRE_LEN)).bytes(Buffer.from(s.traceId, 'hex'));
  w.uint32(tagOf(2, WIRE_LEN)).bytes(Buffer.from(s.spanId, 'hex'));
  if (s.parentSpanId !== undefined) w.uint32(tagOf(4, WIRE_LEN)).bytes(Buffer.from(s.parentSpanId, 'hex'));
  w.uint32(tagOf(5, WIRE_LEN)).string(s.name);
  if (s.kind !== 0) w.uint32(tagOf(6, WIRE_VARINT)).int32(s.kind);
  writeMicrosAsNanos(w, 7, s.startUs);
  writeMicrosAsNanos(w, 8, s.endUs);
  writeAttributes(w, 9, s.attributes);
  for (const e of s.events) {
    w.uint32(tagOf(11, WIRE_LEN)).fork();
    writeMicrosAsNanos(w, 1, e.timeUs);
    w.uint32(tagOf(2, WIRE_LEN)).string(e.name);
    writeAttributes(w, 3, e.attributes);
    w.ldelim();
  }
  for (const l of s.links) {
    w.uint32(tagOf(13, WIRE_LEN)).fork();
    w.uint32(tagOf(1, WIRE_LEN)).bytes(Buffer.from(l.traceId, 'hex'));
    w.uint32(tagOf(2, WIRE_LEN)).bytes(Buffer.from(l.spanId, 'hex'));
    writeAttributes(w, 4, l.attributes);
    w.ldelim();
  }
  if (s.statusCode !== 0 || s.statusMessage !== undefined) {
    w.uint32(tagOf(15, WIRE_LEN)).fork();
    if (s.statusMessage !== undefined) w.uint32(tagOf(2, WIRE_LEN)).string(s.statusMessage);
    if (s.statusCode !== 0) w.uint32(tagOf(3, WIRE_VARINT)).int32(s.statusCode);
    w.ldelim();
  }
}

/** A fixed64 of nanoseconds, written as its two 32-bit halves: µs × 1000 exceeds a double's exact range. */
function writeMicrosAsNanos(w: protobuf.Writer, field: number, us: number): void {
  const ns = BigInt(Math.max(0, Math.floor(us))) * 1000n;
  w.uint32(tagOf(field, WIRE_FIXED64)).fixed32(Number(ns & 0xffffffffn)).fixed32(Number(ns >> 32n));
}

/** Each attribute as a KeyValue in `field`. */
function writeAttributes(w: protobuf.Writer, field: number, attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    w.uint32(tagOf(field, WIRE_LEN)).fork();
    w.uint32(tagOf(1, WIRE_LEN)).string(key);
    w.uint32(tagOf(2, WIRE_LEN)).fork();
    writeAnyValue(w, attributes[key]!);
    w.ldelim();
    w.ldelim();
  }
}

/** An AnyValue's members; null is an AnyValue with none set. */
function writeAnyValue(w: protobuf.Writer, v: AttrValue): void {
  if (typeof v === 'string') w.uint32(tagOf(1, WIRE_LEN)).string(v);
  else if (typeof v === 'boolean') w.uint32(tagOf(2, WIRE_VARINT)).bool(v);
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) w.uint32(tagOf(3, WIRE_VARINT)).int64(v);
    else w.uint32(tagOf(4, WIRE_FIXED64)).double(v);
  } else if (Array.isArray(v)) {
    w.uint32(tagOf(5, WIRE_LEN)).fork();
    for (const item of v) {
      w.uint32(tagOf(1, WIRE_LEN)).fork();
      writeAnyValue(w, item);
      w.ldelim();
    }
    w.ldelim();
  }
}
