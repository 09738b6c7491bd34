import type { LLMCallRecord, NormalizedSpan, TraceSummary } from './span-model.js';
import type { TraceFilter, TraceQuery, TraceStats } from './trace-filter.js';

export interface IngestResult {
  /** Spans newly stored. */
  accepted: number;
  /** Spans already stored under the same (project, traceId, spanId); ignored, never double-counted. */
  duplicates: number;
}

export interface TracePage {
  traces: TraceSummary[];
  /** Present when more rows match; pass back as `cursor`. */
  nextCursor?: string;
}

export interface TraceDetail {
  summary: TraceSummary;
  /** Sorted by start time. */
  spans: NormalizedSpan[];
}

export interface LLMCallQuery {
  project?: string;
  model?: string;
  traceId?: string;
  /** Newest first; default 20, max 1000. */
  limit?: number;
}

/**
 * Where traces live. Every engine (SQLite now, ClickHouse later) implements this and passes the
 * same conformance suite. Methods are async so a networked engine fits the same shape.
 */
export interface TraceStore {
  /**
   * Stores spans and updates their traces' roll-ups. Resolves only after the spans are durably
   * committed (the server acknowledges OTLP requests on this). Idempotent per
   * (project, traceId, spanId). Spans may arrive in any order, children before parents.
   */
  ingest(spans: NormalizedSpan[]): Promise<IngestResult>;
  /** Newest first (by trace start), filtered, paginated. */
  listTraces(query: TraceQuery): Promise<TracePage>;
  /** Undefined when no such trace. Without `project`, the trace id is looked up in every project. */
  getTrace(traceId: string, project?: string): Promise<TraceDetail | undefined>;
  /** The latest LM calls, newest first. */
  listLLMCalls(query: LLMCallQuery): Promise<LLMCallRecord[]>;
  /** Latency percentiles (nearest-rank) and totals over the traces matching the filter. */
  stats(filter: TraceFilter): Promise<TraceStats>;
  /** Projects that have at least one trace. */
  listProjects(): Promise<string[]>;
  close(): Promise<void>;
}

/** The read side of a store: what the CLI and the viewer need, local (a store) or remote (the query API). */
export type TraceReader = Pick<TraceStore, 'listTraces' | 'getTrace' | 'listLLMCalls' | 'stats' | 'listProjects' | 'close'>;
