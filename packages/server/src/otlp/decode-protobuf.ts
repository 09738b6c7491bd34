import type { OtelSpanKind, RawSpan, RawSpanEvent, RawSpanLink } from '@loupe/core';
import { RejectionTally, type OtlpDecodeResult } from './decode-result.js';
import { longNanosToMicros, type LongBits } from './nano-time.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { pbAttributes, type PbKeyValue } from './proto-attributes.js';
import { otlpSchema } from './proto-schema.js';
import { checkIdBytes, SPAN_ID_BYTES, TRACE_ID_BYTES } from './span-ids.js';

/** The parts of a decoded `ExportTraceServiceRequest` this decoder reads (protobufjs camelCase names). */
interface PbRequest {
  resourceSpans?: PbResourceSpans[];
}
interface PbResourceSpans {
  resource?: { attributes?: PbKeyValue[] } | null;
  scopeSpans?: PbScopeSpans[];
  /** Deprecated predecessor of scopeSpans, still sent by old SDKs. */
  instrumentationLibrarySpans?: { instrumentationLibrary?: PbScope | null; spans?: PbSpan[] }[];
}
interface PbScope {
  name?: string;
  version?: string;
}
interface PbScopeSpans {
  scope?: PbScope | null;
  spans?: PbSpan[];
}
interface PbSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  name?: string;
  kind?: number;
  startTimeUnixNano?: LongBits | number;
  endTimeUnixNano?: LongBits | number;
  attributes?: PbKeyValue[];
  events?: { timeUnixNano?: LongBits | number; name?: string; attributes?: PbKeyValue[] }[];
  links?: { traceId?: Uint8Array; spanId?: Uint8Array; attributes?: PbKeyValue[] }[];
  status?: { code?: number; message?: string } | null;
}

/**
 * Decodes a binary OTLP `ExportTraceServiceRequest`. Spans with unusable ids are rejected and
 * counted; a body that is not a valid message throws {@link OtlpDecodeError}.
 */
export function decodeOtlpProtobufRequest(buf: Uint8Array): OtlpDecodeResult {
  let message: PbRequest;
  try {
    message = otlpSchema().request.decode(buf) as PbRequest;
  } catch (err) {
    throw new OtlpDecodeError(`invalid OTLP protobuf: ${(err as Error).message}`);
  }
  const tally = new RejectionTally();
  const spans: RawSpan[] = [];
  for (const rs of message.resourceSpans ?? []) {
    const resource = pbAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) addSpans(ss.spans, ss.scope, resource, spans, tally);
    for (const ils of rs.instrumentationLibrarySpans ?? []) addSpans(ils.spans, ils.instrumentationLibrary, resource, spans, tally);
  }
  return tally.result(spans);
}

/** {@link decodeOtlpProtobufRequest} without the rejection count. */
export function decodeOtlpProtobuf(buf: Uint8Array): RawSpan[] {
  return decodeOtlpProtobufRequest(buf).spans;
}

function addSpans(
  list: PbSpan[] | undefined,
  scope: PbScope | null | undefined,
  resource: RawSpan['resource'],
  out: RawSpan[],
  tally: RejectionTally,
): void {
  if (!list) return;
  const scopeName = scope?.name || undefined;
  const scopeVersion = scope?.version || undefined;
  for (const s of list) {
    const span = toRawSpan(s, resource, scopeName, scopeVersion, tally);
    if (span) out.push(span);
  }
}

function toRawSpan(
  s: PbSpan,
  resource: RawSpan['resource'],
  scopeName: string | undefined,
  scopeVersion: string | undefined,
  tally: RejectionTally,
): RawSpan | undefined {
  const name = s.name ?? '';
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
    attributes: pbAttributes(s.attributes),
    events: toEvents(s.events),
    links: toLinks(s.links),
    statusCode: toStatusCode(s.status?.code),
    resource,
  };
  if (parent.ok) span.parentSpanId = parent.hex;
  if (s.status?.message) span.statusMessage = s.status.message;
  if (scopeName !== undefined) span.scopeName = scopeName;
  if (scopeVersion !== undefined) span.scopeVersion = scopeVersion;
  return span;
}

function toEvents(events: PbSpan['events']): RawSpanEvent[] {
  if (!events || events.length === 0) return [];
  return events.map((e) => ({ name: e.name ?? '', timeUs: longNanosToMicros(e.timeUnixNano), attributes: pbAttributes(e.attributes) }));
}

function toLinks(links: PbSpan['links']): RawSpanLink[] {
  if (!links || links.length === 0) return [];
  const out: RawSpanLink[] = [];
  for (const l of links) {
    const traceId = checkIdBytes(l.traceId, TRACE_ID_BYTES);
    const spanId = checkIdBytes(l.spanId, SPAN_ID_BYTES);
    // A link to nothing carries no information; drop it rather than the span.
    if (traceId.ok && spanId.ok) out.push({ traceId: traceId.hex, spanId: spanId.hex, attributes: pbAttributes(l.attributes) });
  }
  return out;
}

export function toKind(kind: number | undefined): OtelSpanKind {
  return kind !== undefined && kind >= 0 && kind <= 5 ? (kind as OtelSpanKind) : 0;
}

export function toStatusCode(code: number | undefined): 0 | 1 | 2 {
  return code === 1 || code === 2 ? code : 0;
}
