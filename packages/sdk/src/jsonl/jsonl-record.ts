import { SpanKind, SpanStatusCode, type Attributes as OtelAttributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Attributes, AttrValue, JsonlSpan, JsonlStep, JsonlTraceRecord } from '@loupe/core';
import { hrTimeToMicros, hrTimeToNanoString, statusOf } from '../span-time.js';

/** OTel API span kind → OTLP span kind number (the API enum starts at INTERNAL = 0). */
function otlpKind(kind: SpanKind): number {
  return kind + 1;
}

function flatten(attributes: OtelAttributes | undefined): Attributes {
  const out: Attributes = {};
  if (attributes === undefined) return out;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? (value.map((v) => (v === undefined ? null : v)) as AttrValue[]) : (value as AttrValue);
  }
  return out;
}

/** A finished span in the JSONL form: OTLP/JSON field names, ns times as decimal strings. */
export function toJsonlSpan(span: ReadableSpan): JsonlSpan {
  const ctx = span.spanContext();
  const out: JsonlSpan = {
    trace_id: ctx.traceId,
    span_id: ctx.spanId,
    name: span.name,
    kind: otlpKind(span.kind),
    start_time_unix_nano: hrTimeToNanoString(span.startTime),
    end_time_unix_nano: hrTimeToNanoString(span.endTime),
    attributes: flatten(span.attributes),
    status: { code: span.status.code === SpanStatusCode.ERROR ? 'ERROR' : span.status.code === SpanStatusCode.OK ? 'OK' : 'UNSET' },
    events: span.events.map((e) => ({ name: e.name, time_unix_nano: hrTimeToNanoString(e.time), attributes: flatten(e.attributes) })),
    resource: flatten(span.resource.attributes),
  };
  if (span.parentSpanContext?.spanId) out.parent_span_id = span.parentSpanContext.spanId;
  if (span.status.message !== undefined) out.status.message = span.status.message;
  const scope = span.instrumentationScope;
  if (scope !== undefined) out.scope = scope.version !== undefined ? { name: scope.name, version: scope.version } : { name: scope.name };
  return out;
}

/** `input.value`/`output.value` back as data: parsed when recorded as JSON, else the text. */
function valueOf(span: ReadableSpan, prefix: 'input' | 'output'): unknown {
  const value = span.attributes[`${prefix}.value`];
  if (typeof value !== 'string') return undefined;
  if (span.attributes[`${prefix}.mime_type`] === 'application/json') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function latencyMs(span: ReadableSpan): number {
  return Math.round((hrTimeToMicros(span.endTime) - hrTimeToMicros(span.startTime)) / 1000);
}

/**
 * One finished request as a JSONL line: the seed's fields (`trace_id`, `timestamp`, `inputs`,
 * `outputs`, `total_latency_ms`, `steps`) from the root span and its direct children, plus every
 * span of the request for lossless import.
 */
export function toJsonlRecord(root: ReadableSpan, spans: readonly ReadableSpan[]): JsonlTraceRecord {
  const rootId = root.spanContext().spanId;
  const children = spans
    .filter((s) => s.parentSpanContext?.spanId === rootId && s !== root)
    .sort((a, b) => hrTimeToMicros(a.startTime) - hrTimeToMicros(b.startTime));
  const steps = children.map((s): JsonlStep => {
    const inputs = valueOf(s, 'input');
    const outputs = valueOf(s, 'output');
    return {
      name: s.name,
      ...(inputs !== undefined ? { inputs } : {}),
      ...(outputs !== undefined ? { outputs } : {}),
      latency_ms: latencyMs(s),
      status: statusOf(s.status.code),
    };
  });
  const all = spans.includes(root) ? spans : [...spans, root];
  const inputs = valueOf(root, 'input');
  const outputs = valueOf(root, 'output');
  const userId = root.attributes['user.id'];
  const sessionId = root.attributes['session.id'];
  // The seed's key order: its loaders and search code read these first fields.
  const record: JsonlTraceRecord = {
    trace_id: root.spanContext().traceId,
    timestamp: new Date(hrTimeToMicros(root.startTime) / 1000).toISOString(),
    name: root.name,
    ...(inputs !== undefined ? { inputs } : {}),
    ...(outputs !== undefined ? { outputs } : {}),
    total_latency_ms: latencyMs(root),
    status: statusOf(root.status.code),
    ...(typeof userId === 'string' ? { user_id: userId } : {}),
    ...(typeof sessionId === 'string' ? { session_id: sessionId } : {}),
    steps,
    spans: all.map(toJsonlSpan),
  };
  return record;
}
