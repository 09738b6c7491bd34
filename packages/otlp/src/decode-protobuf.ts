import type { Attributes, OtelSpanKind, RawSpan, RawSpanEvent, RawSpanLink } from '@loupe/core';
import protobuf from 'protobufjs/minimal.js';
import { RejectionTally, type OtlpDecodeResult } from './decode-result.js';
import { longNanosToMicros, type LongBits } from './nano-time.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { checkEnd, fieldEnd, readAttribute, tagOf, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-attributes.js';
import { checkIdBytes, SPAN_ID_BYTES, TRACE_ID_BYTES } from './span-ids.js';
import { buildSpanRecords, type SpanByteRanges } from './span-record.js';

/*
 * A binary ExportTraceServiceRequest is walked field by field with protobufjs's wire Reader,
 * building RawSpans directly. The generated decoder first built a message object per span,
 * KeyValue, AnyValue and timestamp, only for them to be copied into RawSpans: that was most
 * of the decode time and much of the ingest garbage. Field numbers are those of
 * opentelemetry/proto/{collector/trace,trace,resource,common}/v1; unknown fields are skipped,
 * as protobuf requires, and a known field sent with another wire type is skipped like one.
 */
const REQUEST_RESOURCE_SPANS = tagOf(1, WIRE_LEN);
const RS_RESOURCE = tagOf(1, WIRE_LEN);
const RS_SCOPE_SPANS = tagOf(2, WIRE_LEN);
/** Deprecated `instrumentation_library_spans`, still sent by old SDKs; same layout as ScopeSpans. */
const RS_LIBRARY_SPANS = tagOf(1000, WIRE_LEN);
const RESOURCE_ATTRIBUTES = tagOf(1, WIRE_LEN);
/** ScopeSpans.scope / InstrumentationLibrarySpans.instrumentation_library, then .spans. */
const SS_SCOPE = tagOf(1, WIRE_LEN);
const SS_SPANS = tagOf(2, WIRE_LEN);
const SCOPE_NAME = tagOf(1, WIRE_LEN);
const SCOPE_VERSION = tagOf(2, WIRE_LEN);
const SPAN_TRACE_ID = tagOf(1, WIRE_LEN);
const SPAN_SPAN_ID = tagOf(2, WIRE_LEN);
const SPAN_PARENT_SPAN_ID = tagOf(4, WIRE_LEN);
const SPAN_NAME = tagOf(5, WIRE_LEN);
const SPAN_KIND = tagOf(6, WIRE_VARINT);
const SPAN_START = tagOf(7, WIRE_FIXED64);
const SPAN_END = tagOf(8, WIRE_FIXED64);
const SPAN_ATTRIBUTES = tagOf(9, WIRE_LEN);
const SPAN_EVENTS = tagOf(11, WIRE_LEN);
const SPAN_LINKS = tagOf(13, WIRE_LEN);
const SPAN_STATUS = tagOf(15, WIRE_LEN);
const EVENT_TIME = tagOf(1, WIRE_FIXED64);
const EVENT_NAME = tagOf(2, WIRE_LEN);
const EVENT_ATTRIBUTES = tagOf(3, WIRE_LEN);
const LINK_TRACE_ID = tagOf(1, WIRE_LEN);
const LINK_SPAN_ID = tagOf(2, WIRE_LEN);
const LINK_ATTRIBUTES = tagOf(4, WIRE_LEN);
const STATUS_MESSAGE = tagOf(2, WIRE_LEN);
const STATUS_CODE = tagOf(3, WIRE_VARINT);

/** A span as read off the wire, before its ids are validated. */
interface WireSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano?: LongBits;
  endTimeUnixNano?: LongBits;
  attributes: Attributes;
  events: RawSpanEvent[];
  links: { traceId?: Uint8Array; spanId?: Uint8Array; attributes: Attributes }[];
  statusCode?: number;
  statusMessage?: string;
}

/** Placeholder until the enclosing ResourceSpans is read to its end (the resource may come last). */
const NO_RESOURCE: Attributes = Object.freeze({}) as Attributes;

/** The state of one decode: spans so far, and where each sits in the body. */
interface DecodeState {
  spans: RawSpan[];
  /** Parallel to `spans`; only when records were asked for. */
  ranges: SpanByteRanges[] | undefined;
  tally: RejectionTally;
}

export interface ProtobufDecodeOptions {
  /** Also return each span's record (see span-record.ts) in `records`. Default false. */
  records?: boolean;
}

/**
 * Decodes a binary OTLP `ExportTraceServiceRequest`. Spans with unusable ids are rejected and
 * counted; a body that is not a valid message throws {@link OtlpDecodeError}.
 */
export function decodeOtlpProtobufRequest(buf: Uint8Array, options: ProtobufDecodeOptions = {}): OtlpDecodeResult {
  const state: DecodeState = { spans: [], ranges: options.records ? [] : undefined, tally: new RejectionTally() };
  try {
    const r = protobuf.Reader.create(buf);
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag === REQUEST_RESOURCE_SPANS) readResourceSpans(r, fieldEnd(r, r.len), state);
      else r.skipType(tag & 7);
    }
  } catch (err) {
    throw new OtlpDecodeError(`invalid OTLP protobuf: ${(err as Error).message}`);
  }
  const result = state.tally.result(state.spans);
  if (state.ranges !== undefined) result.records = buildSpanRecords(buf, state.ranges);
  return result;
}

/** {@link decodeOtlpProtobufRequest} without the rejection count. */
export function decodeOtlpProtobuf(buf: Uint8Array): RawSpan[] {
  return decodeOtlpProtobufRequest(buf).spans;
}

function readResourceSpans(r: protobuf.Reader, end: number, state: DecodeState): void {
  const { spans, ranges } = state;
  const first = spans.length;
  let resource: Attributes = {};
  let resourceStart = 0;
  let resourceEnd = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === RS_SCOPE_SPANS || tag === RS_LIBRARY_SPANS) readScopeSpans(r, fieldEnd(r, end), state);
    else if (tag === RS_RESOURCE) {
      const fieldEndAt = fieldEnd(r, end);
      resourceStart = r.pos;
      resource = readResource(r, fieldEndAt);
      resourceEnd = fieldEndAt;
    } else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  for (let i = first; i < spans.length; i++) {
    spans[i]!.resource = resource;
    if (ranges !== undefined) {
      ranges[i]!.resourceStart = resourceStart;
      ranges[i]!.resourceEnd = resourceEnd;
    }
  }
}

function readResource(r: protobuf.Reader, end: number): Attributes {
  const attributes: Attributes = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === RESOURCE_ATTRIBUTES) readAttribute(r, end, attributes);
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  return attributes;
}

function readScopeSpans(r: protobuf.Reader, end: number, state: DecodeState): void {
  const { spans, ranges, tally } = state;
  const first = spans.length;
  let scopeName: string | undefined;
  let scopeVersion: string | undefined;
  let scopeStart = 0;
  let scopeEnd = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === SS_SPANS) {
      const spanEnd = fieldEnd(r, end);
      const spanStart = r.pos;
      const span = toRawSpan(readSpan(r, spanEnd), tally);
      if (span) {
        spans.push(span);
        ranges?.push({ spanStart, spanEnd, scopeStart: 0, scopeEnd: 0, resourceStart: 0, resourceEnd: 0 });
      }
    } else if (tag === SS_SCOPE) {
      const fieldEndAt = fieldEnd(r, end);
      scopeStart = r.pos;
      ({ scopeName, scopeVersion } = readScope(r, fieldEndAt));
      scopeEnd = fieldEndAt;
    } else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  for (let i = first; i < spans.length; i++) {
    if (scopeName !== undefined) spans[i]!.scopeName = scopeName;
    if (scopeVersion !== undefined) spans[i]!.scopeVersion = scopeVersion;
    if (ranges !== undefined) {
      ranges[i]!.scopeStart = scopeStart;
      ranges[i]!.scopeEnd = scopeEnd;
    }
  }
}

/** InstrumentationScope (or the deprecated InstrumentationLibrary): name and version; empty means absent. */
function readScope(r: protobuf.Reader, end: number): { scopeName: string | undefined; scopeVersion: string | undefined } {
  let scopeName: string | undefined;
  let scopeVersion: string | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === SCOPE_NAME) scopeName = r.string() || undefined;
    else if (tag === SCOPE_VERSION) scopeVersion = r.string() || undefined;
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  return { scopeName, scopeVersion };
}

/** Status: code and message into the span being read. */
function readStatus(r: protobuf.Reader, end: number, s: WireSpan): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === STATUS_CODE) s.statusCode = r.int32();
    else if (tag === STATUS_MESSAGE) s.statusMessage = r.string();
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
}

/** A fixed64 as its two 32-bit halves (nanosecond timestamps exceed a double's exact range). */
function readFixed64(r: protobuf.Reader): LongBits {
  const low = r.fixed32();
  return { low, high: r.fixed32() };
}

function readSpan(r: protobuf.Reader, end: number): WireSpan {
  const s: WireSpan = { name: '', kind: 0, attributes: {}, events: [], links: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case SPAN_ATTRIBUTES:
        readAttribute(r, end, s.attributes);
        break;
      case SPAN_TRACE_ID:
        s.traceId = r.bytes();
        break;
      case SPAN_SPAN_ID:
        s.spanId = r.bytes();
        break;
      case SPAN_PARENT_SPAN_ID:
        s.parentSpanId = r.bytes();
        break;
      case SPAN_NAME:
        s.name = r.string();
        break;
      case SPAN_KIND:
        s.kind = r.int32();
        break;
      case SPAN_START:
        s.startTimeUnixNano = readFixed64(r);
        break;
      case SPAN_END:
        s.endTimeUnixNano = readFixed64(r);
        break;
      case SPAN_EVENTS:
        s.events.push(readEvent(r, fieldEnd(r, end)));
        break;
      case SPAN_LINKS:
        s.links.push(readLink(r, fieldEnd(r, end)));
        break;
      case SPAN_STATUS:
        readStatus(r, fieldEnd(r, end), s);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  checkEnd(r, end);
  return s;
}

function readEvent(r: protobuf.Reader, end: number): RawSpanEvent {
  let time: LongBits | undefined;
  let name = '';
  const attributes: Attributes = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === EVENT_ATTRIBUTES) readAttribute(r, end, attributes);
    else if (tag === EVENT_NAME) name = r.string();
    else if (tag === EVENT_TIME) time = readFixed64(r);
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  return { name, timeUs: longNanosToMicros(time), attributes };
}

function readLink(r: protobuf.Reader, end: number): WireSpan['links'][number] {
  const link: WireSpan['links'][number] = { attributes: {} };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === LINK_ATTRIBUTES) readAttribute(r, end, link.attributes);
    else if (tag === LINK_TRACE_ID) link.traceId = r.bytes();
    else if (tag === LINK_SPAN_ID) link.spanId = r.bytes();
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  return link;
}

function toRawSpan(s: WireSpan, tally: RejectionTally): RawSpan | undefined {
  const name = s.name;
  const traceId = checkIdBytes(s.traceId, TRACE_ID_BYTES);
  if (!traceId.ok) {
    tally.reject(`span "${name}" has an invalid trace id (${traceId.reason})`);
    return undefined;
  }
  const spanId = checkIdBytes(s.spanId, SPAN_ID_BYTES);
  if (!spanId.ok) {
    tally.reject(`span "${name}" has an invalid span id (${spanId.reason})`);
    return undefined;
  }
  const parent = checkIdBytes(s.parentSpanId, SPAN_ID_BYTES);
  // An all-zero parent means "no parent" for some SDKs; a parent of the wrong length is corrupt.
  if (!parent.ok && !parent.absent && parent.reason !== 'all zero') {
    tally.reject(`span "${name}" has an invalid parent span id (${parent.reason})`);
    return undefined;
  }
  const span: RawSpan = {
    traceId: traceId.hex,
    spanId: spanId.hex,
    name,
    kind: toKind(s.kind),
    startUs: longNanosToMicros(s.startTimeUnixNano),
    endUs: longNanosToMicros(s.endTimeUnixNano),
    attributes: s.attributes,
    events: s.events,
    links: toLinks(s.links),
    statusCode: toStatusCode(s.statusCode),
    resource: NO_RESOURCE,
  };
  if (parent.ok) span.parentSpanId = parent.hex;
  if (s.statusMessage) span.statusMessage = s.statusMessage;
  return span;
}

function toLinks(links: WireSpan['links']): RawSpanLink[] {
  if (links.length === 0) return [];
  const out: RawSpanLink[] = [];
  for (const l of links) {
    const traceId = checkIdBytes(l.traceId, TRACE_ID_BYTES);
    const spanId = checkIdBytes(l.spanId, SPAN_ID_BYTES);
    // A link to nothing carries no information; drop it rather than the span.
    if (traceId.ok && spanId.ok) out.push({ traceId: traceId.hex, spanId: spanId.hex, attributes: l.attributes });
  }
  return out;
}

export function toKind(kind: number | undefined): OtelSpanKind {
  return kind !== undefined && kind >= 0 && kind <= 5 ? (kind as OtelSpanKind) : 0;
}

export function toStatusCode(code: number | undefined): 0 | 1 | 2 {
  return code === 1 || code === 2 ? code : 0;
}
