import type { AttrValue, Attributes, JsonlSpan } from '@loupe/core';

/** OTLP/JSON AnyValue for one attribute value. */
function anyValue(v: AttrValue): Record<string, unknown> {
  if (v === null) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { arrayValue: { values: v.map(anyValue) } };
}

function keyValues(attrs: Attributes | undefined) {
  return Object.entries(attrs ?? {}).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const STATUS_CODES = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/**
 * JSONL spans → one OTLP/JSON ExportTraceServiceRequest, so imported traces take exactly the
 * path live traces take (decode → normalize → store), locally or through a server's /v1/traces.
 */
export function jsonlSpansToOtlpJson(spans: JsonlSpan[]): { resourceSpans: unknown[] } {
  const byResource = new Map<string, { resource: Attributes; scopes: Map<string, { scope: JsonlSpan['scope']; spans: unknown[] }> }>();
  for (const s of spans) {
    const rkey = JSON.stringify(s.resource ?? {});
    let r = byResource.get(rkey);
    if (!r) byResource.set(rkey, (r = { resource: s.resource ?? {}, scopes: new Map() }));
    const skey = `${s.scope?.name ?? ''}@${s.scope?.version ?? ''}`;
    let sc = r.scopes.get(skey);
    if (!sc) r.scopes.set(skey, (sc = { scope: s.scope, spans: [] }));
    sc.spans.push({
      traceId: s.trace_id,
      spanId: s.span_id,
      ...(s.parent_span_id ? { parentSpanId: s.parent_span_id } : {}),
      name: s.name,
      kind: s.kind ?? 1,
      startTimeUnixNano: s.start_time_unix_nano,
      endTimeUnixNano: s.end_time_unix_nano,
      attributes: keyValues(s.attributes),
      events: (s.events ?? []).map((e) => ({ name: e.name, timeUnixNano: e.time_unix_nano, attributes: keyValues(e.attributes) })),
      status: { code: STATUS_CODES[s.status?.code ?? 'UNSET'] ?? 0, ...(s.status?.message ? { message: s.status.message } : {}) },
    });
  }
  return {
    resourceSpans: [...byResource.values()].map((r) => ({
      resource: { attributes: keyValues(r.resource) },
      scopeSpans: [...r.scopes.values()].map((sc) => ({ ...(sc.scope ? { scope: sc.scope } : {}), spans: sc.spans })),
    })),
  };
}
