import type { Attributes } from './attributes.js';

/** One step of a request in a JSONL line: a direct child of the request's root span. */
export interface JsonlStep {
  name: string;
  inputs?: unknown;
  outputs?: unknown;
  latency_ms: number;
  status: 'ok' | 'error' | 'unset';
}

/** A span in a JSONL line: OTLP/JSON field names, flattened attributes, ids as hex. */
export interface JsonlSpan {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  /** OTLP span kind number (1 internal, 3 client, …). */
  kind: number;
  /** Nanoseconds since the epoch, as a decimal string (does not fit a JS number). */
  start_time_unix_nano: string;
  end_time_unix_nano: string;
  attributes: Attributes;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  events: { name: string; time_unix_nano: string; attributes: Attributes }[];
  resource: Attributes;
  scope?: { name: string; version?: string };
}

/**
 * One finished request, one line of a JSONL trace file. The first fields are the seed's
 * `TracedProgram`/`StepTracer` shape so its `load_traces`/`search_traces` code reads it as is;
 * `spans` carries everything needed to import the request into a Loupe store losslessly.
 */
export interface JsonlTraceRecord {
  trace_id: string;
  /** ISO 8601 start of the request. */
  timestamp: string;
  name: string;
  inputs?: unknown;
  outputs?: unknown;
  total_latency_ms: number;
  status: 'ok' | 'error' | 'unset';
  user_id?: string;
  session_id?: string;
  steps: JsonlStep[];
  spans: JsonlSpan[];
}
