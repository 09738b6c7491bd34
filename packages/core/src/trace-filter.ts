import type { FeedbackFilter } from './feedback.js';

/**
 * The seed's `search_traces` filters. All optional; all combined with AND.
 * Times are microseconds since the epoch; latencies are milliseconds (inclusive bounds).
 */
export interface TraceFilter {
  project?: string;
  minLatencyMs?: number;
  maxLatencyMs?: number;
  /** Trace start ≥ after. */
  afterUs?: number;
  /** Trace start ≤ before. */
  beforeUs?: number;
  /** Case-insensitive substring over prompts, outputs, inputs, names and attribute values of any span. */
  contains?: string;
  status?: 'ok' | 'error';
  userId?: string;
  sessionId?: string;
  /** Exact root span name. */
  name?: string;
  /** Any LM call in the trace used this model (request or response model). */
  model?: string;
  /** `correct`/`incorrect`: feedback with that label; `any`: has feedback; `none`: has none. */
  feedback?: FeedbackFilter;
}

export interface TraceQuery extends TraceFilter {
  /** Page size, 1..1000; default 50. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. Newest first. */
  cursor?: string;
}

export interface TraceStats {
  count: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
}
