import type { TraceFeedback } from './feedback.js';
import type { LLMCallRecord, NormalizedSpan, SpanOutline, TraceSummary } from './span-model.js';
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

/** A trace's summary and the light part of every span: enough to draw its tree and waterfall. */
export interface TraceOutline {
  summary: TraceSummary;
  /** Sorted by start time, in the same order as `TraceDetail.spans`. */
  spans: SpanOutline[];
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
  /**
   * The trace with light spans only: `spans[i]` equals `spanOutline(getTrace(...).spans[i])`,
   * same summary, same order. Undefined exactly when `getTrace` is. Meant to be much cheaper
   * than `getTrace` for big traces; open a span's payload with {@link getSpan}.
   */
  getTraceOutline(traceId: string, project?: string): Promise<TraceOutline | undefined>;
  /**
   * {@link getTraceOutline} as JSON text: `JSON.parse` of it deep-equals the outline, and it is
   * undefined exactly when the outline is. For a store that can write the text without one JS
   * object per span (the query API sends it as is); without it the API stringifies the outline.
   */
  getTraceOutlineJson?(traceId: string, project?: string): Promise<string | undefined>;
  /**
   * One span with its full payload, deep-equal to the matching span of `getTrace`. Undefined
   * when the project has no such span in that trace. The project is required: it is part of
   * the span's key, so this is a point lookup.
   */
  getSpan(project: string, traceId: string, spanId: string): Promise<NormalizedSpan | undefined>;
  /** The latest LM calls, newest first. */
  listLLMCalls(query: LLMCallQuery): Promise<LLMCallRecord[]>;
  /** Latency percentiles (nearest-rank) and totals over the traces matching the filter. */
  stats(filter: TraceFilter): Promise<TraceStats>;
  /** Projects that have at least one trace. */
  listProjects(): Promise<string[]>;
  /**
   * Stores a person's verdict on a trace: one per (project, traceId), so setting it again
   * replaces the previous one (label, comment and createdAt together). Resolves only once
   * durable, like `ingest`. The store does not check that the trace has spans: callers that
   * must refuse unknown traces (the HTTP API answers 404) check with `getTrace` first.
   * Feedback then shows on the trace's summary (`listTraces`, `getTrace`) and is filterable
   * with `TraceFilter.feedback`.
   */
  setFeedback(project: string, traceId: string, feedback: TraceFeedback): Promise<void>;
  /** The trace's feedback; undefined when it has none. */
  getFeedback(project: string, traceId: string): Promise<TraceFeedback | undefined>;
  /** Removes the trace's feedback, durably; true when there was some to remove. */
  deleteFeedback(project: string, traceId: string): Promise<boolean>;
  /**
   * How far the full-text index (what `contains` searches) is behind ingest, for stores that
   * index after acknowledging. Absent when a store indexes within `ingest` itself.
   */
  searchIndexStatus?(): SearchIndexStatus;
  close(): Promise<void>;
}

/**
 * State of a store's full-text index:
 * - `current`: every acknowledged span is searchable;
 * - `catching-up`: `lagSpans` acknowledged spans are not searchable yet (a search waits a
 *   bounded time for them, then answers without them);
 * - `stopped`: indexing failed (`message` says why) and resumes when the store is reopened;
 * - `unavailable`: the store was opened without its index (`message` says how to rebuild it).
 */
export interface SearchIndexStatus {
  state: 'current' | 'catching-up' | 'stopped' | 'unavailable';
  lagSpans: number;
  message?: string;
}

/** The feedback side of a store: what the feedback API needs. */
export type FeedbackStore = Pick<TraceStore, 'setFeedback' | 'getFeedback' | 'deleteFeedback'>;

/** The read side of a store: what the CLI and the viewer need, local (a store) or remote (the query API). */
export type TraceReader = Pick<
  TraceStore,
  | 'listTraces' | 'getTrace' | 'getTraceOutline' | 'getTraceOutlineJson' | 'getSpan' | 'listLLMCalls' | 'stats'
  | 'listProjects' | 'close'
>;
