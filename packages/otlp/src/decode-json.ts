import type { RawSpan, RawSpanEvent, RawSpanLink } from '@loupe/core';
import { RejectionTally, type OtlpDecodeResult } from './decode-result.js';
import { toKind, toStatusCode } from './decode-protobuf.js';
import { isObject, jsonAttributes, pick } from './json-attributes.js';
import { jsonNanosToMicros } from './nano-time.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { checkIdString, SPAN_ID_BYTES, TRACE_ID_BYTES } from './span-ids.js';

type Json = Record<string, unknown>;

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/** Enums arrive as ints, as names, or (from lenient senders) as numeric strings. */
function enumValue(v: unknown, names: Record<string, number>): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return names[v] ?? (v !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined);
  return undefined;
}

function arrayField(obj: Json, camel: string, snake: string, where: string): unknown[] {
  const v = pick(obj, camel, snake);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`invalid OTLP JSON: ${where}.${camel} must be an array`);
  return v;
}

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` that has already been parsed with
 * `JSON.parse`. Lenient where senders differ (id encoding, int64 as string or number, enum names,
 * snake_case); spans with unusable ids or times are rejected and counted; a body of the wrong
 * shape throws {@link OtlpDecodeError}.
 */
export function decodeOtlpJsonRequest(body: unknown): OtlpDecodeResult {
  if (!isObject(body)) throw new OtlpDecodeError('invalid OTLP JSON: the body must be an object with "resourceSpans"');
  const tally = new RejectionTally();
  const spans: RawSpan[] = [];
  const resourceSpans = arrayField(body, 'resourceSpans', 'resource_spans', 'request');
  resourceSpans.forEach((rs, i) => {
    const where = `resourceSpans[${i}]`;
    if (!isObject(rs)) throw new OtlpDecodeError(`invalid OTLP JSON: ${where} must be an object`);
    const res = rs['resource'];
    const resource = jsonAttributes(isObject(res) ? res['attributes'] : undefined);
    arrayField(rs, 'scopeSpans', 'scope_spans', where).forEach((ss, j) => {
      if (!isObject(ss)) throw new OtlpDecodeError(`invalid OTLP JSON: ${where}.scopeSpans[${j}] must be an object`);
      addSpans(ss, ss['scope'], `${where}.scopeSpans[${j}]`, resource, spans, tally);
    });
    arrayField(rs, 'instrumentationLibrarySpans', 'instrumentation_library_spans', where).forEach((ils, j) => {
      if (!isObject(ils)) return;
      addSpans(ils, pick(ils, 'instrumentationLibrary', 'instrumentation_library'), `${where}.instrumentationLibrarySpans[${j}]`, resource, spans, tally);
    });
  });
  return tally.result(spans);
}

/** {@link decodeOtlpJsonRequest} without the rejection count. */
export function decodeOtlpJson(body: unknown): RawSpan[] {
  return decodeOtlpJsonRequest(body).spans;
}

function addSpans(container: Json, scope: unknown, where: string, resource: RawSpan['resource'], out: RawSpan[], tally: RejectionTally): void {
  const scopeName = isObject(scope) && typeof scope['name'] === 'string' && scope['name'] !== '' ? scope['name'] : undefined;
  const scopeVersion = isObject(scope) && typeof scope['version'] === 'string' && scope['version'] !== '' ? scope['version'] : undefined;
  for (const s of arrayField(container, 'spans', 'spans', where)) {
    if (!isObject(s)) {
      tally.reject('a span is not a JSON object');
      continue;
    }
    const span = toRawSpan(s, resource, scopeName, scopeVersion, tally);
    if (span) out.push(span);
  }
}

function toRawSpan(
  s: Json,
  resource: RawSpan['resource'],
  scopeName: string | undefined,
  scopeVersion: string | undefined,
  tally: RejectionTally,
): RawSpan | undefined {
  const name = typeof s['name'] === 'string' ? s['name'] : '';
  const traceId = checkIdString(pick(s, 'traceId', 'trace_id'), TRACE_ID_BYTES);
  if (!traceId.ok) {
    tally.reject(`span "${name}" has an invalid trace id (${traceId.reason})`);
    return undefined;
  }
  const spanId = checkIdString(pick(s, 'spanId', 'span_id'), SPAN_ID_BYTES);
  if (!spanId.ok) {
    tally.reject(`span "${name}" has an invalid span id (${spanId.reason})`);
    return undefined;
  }
  const parent = checkIdString(pick(s, 'parentSpanId', 'parent_span_id'), SPAN_ID_BYTES);
  if (!parent.ok && !parent.absent && parent.reason !== 'all zero') {
    tally.reject(`span "${name}" has an invalid parent span id (${parent.reason})`);
    return undefined;
  }
  const startUs = jsonNanosToMicros(pick(s, 'startTimeUnixNano', 'start_time_unix_nano'));
  const endUs = jsonNanosToMicros(pick(s, 'endTimeUnixNano', 'end_time_unix_nano'));
  if (startUs === undefined || endUs === undefined) {
    tally.reject(`span "${name}" has a start or end time that is not an integer number of nanoseconds`);
    return undefined;
  }
  const status = s['status'];
  const span: RawSpan = {
    traceId: traceId.hex,
    spanId: spanId.hex,
    name,
    kind: toKind(enumValue(s['kind'], SPAN_KIND_NAMES)),
    startUs,
    endUs,
    attributes: jsonAttributes(s['attributes']),
    events: toEvents(s['events']),
    links: toLinks(s['links']),
    statusCode: toStatusCode(isObject(status) ? enumValue(status['code'], STATUS_CODE_NAMES) : undefined),
    resource,
  };
  if (parent.ok) span.parentSpanId = parent.hex;
  if (isObject(status) && typeof status['message'] === 'string' && status['message'] !== '') span.statusMessage = status['message'];
  if (scopeName !== undefined) span.scopeName = scopeName;
  if (scopeVersion !== undefined) span.scopeVersion = scopeVersion;
  return span;
}

function toEvents(events: unknown): RawSpanEvent[] {
  if (!Array.isArray(events) || events.length === 0) return [];
  const out: RawSpanEvent[] = [];
  for (const e of events) {
    if (!isObject(e)) continue;
    out.push({
      name: typeof e['name'] === 'string' ? e['name'] : '',
      timeUs: jsonNanosToMicros(pick(e, 'timeUnixNano', 'time_unix_nano')) ?? 0,
      attributes: jsonAttributes(e['attributes']),
    });
  }
  return out;
}

function toLinks(links: unknown): RawSpanLink[] {
  if (!Array.isArray(links) || links.length === 0) return [];
  const out: RawSpanLink[] = [];
  for (const l of links) {
    if (!isObject(l)) continue;
    const traceId = checkIdString(pick(l, 'traceId', 'trace_id'), TRACE_ID_BYTES);
    const spanId = checkIdString(pick(l, 'spanId', 'span_id'), SPAN_ID_BYTES);
    if (traceId.ok && spanId.ok) out.push({ traceId: traceId.hex, spanId: spanId.hex, attributes: jsonAttributes(l['attributes']) });
  }
  return out;
}
