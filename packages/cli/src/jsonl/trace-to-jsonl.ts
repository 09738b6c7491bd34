import type { JsonlSpan, JsonlTraceRecord, NormalizedSpan, TraceDetail } from '@loupe/core';

const STATUS = { ok: 'OK', error: 'ERROR', unset: 'UNSET' } as const;

function nanos(us: number): string {
  return (BigInt(Math.round(us)) * 1000n).toString();
}

/** A stored span back in the JSONL (OTLP/JSON-like) form; raw attributes make it lossless on re-import. */
function toJsonlSpan(span: NormalizedSpan): JsonlSpan {
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    ...(span.parentSpanId ? { parent_span_id: span.parentSpanId } : {}),
    name: span.name,
    kind: span.otelKind,
    start_time_unix_nano: nanos(span.startUs),
    end_time_unix_nano: nanos(span.endUs),
    attributes: span.attributes,
    status: { code: STATUS[span.status], ...(span.statusMessage ? { message: span.statusMessage } : {}) },
    events: span.events.map((e) => ({ name: e.name, time_unix_nano: nanos(e.timeUs), attributes: e.attributes })),
    resource: span.resource,
    ...(span.scopeName ? { scope: { name: span.scopeName } } : {}),
  };
}

/** Inputs/outputs as data when they are JSON text, else as the text. */
function asData(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One stored trace as the SDK's JSONL line: seed fields from the root and its children, plus all spans. */
export function traceToJsonlRecord(detail: TraceDetail): JsonlTraceRecord {
  const s = detail.summary;
  const root = detail.spans.find((sp) => sp.spanId === s.rootSpanId);
  const steps = root
    ? detail.spans
        .filter((sp) => sp.parentSpanId === root.spanId)
        .map((sp) => ({
          name: sp.name,
          ...(sp.input !== undefined ? { inputs: asData(sp.input) } : {}),
          ...(sp.output !== undefined ? { outputs: asData(sp.output) } : {}),
          latency_ms: Math.round((sp.endUs - sp.startUs) / 1000),
          status: sp.status,
        }))
    : [];
  const inputs = asData(root?.input);
  const outputs = asData(root?.output);
  return {
    trace_id: s.traceId,
    timestamp: new Date(s.startUs / 1000).toISOString(),
    name: s.name,
    ...(inputs !== undefined ? { inputs } : {}),
    ...(outputs !== undefined ? { outputs } : {}),
    total_latency_ms: Math.round(s.durationMs),
    status: s.status,
    ...(s.userId ? { user_id: s.userId } : {}),
    ...(s.sessionId ? { session_id: s.sessionId } : {}),
    steps,
    spans: detail.spans.map(toJsonlSpan),
  };
}
