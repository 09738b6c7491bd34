import type { Attributes } from './attributes.js';

/** OTel span kind as in OTLP (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
export type OtelSpanKind = 0 | 1 | 2 | 3 | 4 | 5;

export interface RawSpanEvent {
  name: string;
  /** Microseconds since the Unix epoch. */
  timeUs: number;
  attributes: Attributes;
}

export interface RawSpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/**
 * A span exactly as it arrived, decoded from OTLP (protobuf or JSON) or from a JSONL file,
 * before any dialect mapping. Ids are lowercase hex; times are microseconds since the epoch
 * (nanoseconds do not fit a JS number; µs do, with room to spare).
 */
export interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: OtelSpanKind;
  startUs: number;
  endUs: number;
  attributes: Attributes;
  events: RawSpanEvent[];
  links: RawSpanLink[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: 0 | 1 | 2;
  statusMessage?: string;
  resource: Attributes;
  scopeName?: string;
  scopeVersion?: string;
}
