import type { TraceSummary } from '@loupe/core';

export type {
  LLMCallRecord,
  LLMDetails,
  Message,
  NormalizedSpan,
  RetrievedDocument,
  TokenUsage,
  ToolCall,
  TraceDetail,
  TracePage,
  TraceStats,
  TraceSummary,
} from '@loupe/core';

export type FeedbackLabel = 'correct' | 'incorrect';

/** A person's verdict on one trace (see packages/server/src/api/feedback-api.ts). */
export interface TraceFeedback {
  label: FeedbackLabel;
  comment?: string;
  /** ISO 8601. */
  createdAt: string;
}

/** List rows carry feedback once the store joins it in; older servers omit it. */
export type TraceRow = TraceSummary & { feedback?: TraceFeedback };

/** One bucket of `/api/stats/timeseries` (see packages/server/src/api/timeseries-api.ts). */
export interface TimeBucket {
  startMs: number;
  count: number;
  errorCount: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

export interface ModelBucket {
  startMs: number;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface StepLatency {
  name: string;
  count: number;
  avgMs: number;
  p95_ms: number;
  maxMs: number;
}

export interface TimeSeries {
  bucketMs: number;
  buckets: TimeBucket[];
  models: ModelBucket[];
  /** Histogram of trace latency: `upperMs` is each bin's inclusive upper edge. */
  histogram: { upperMs: number; count: number }[];
  slowestSteps: StepLatency[];
  /** Traces the series were computed from (bounded; see `truncated`). */
  sampled: number;
  truncated: boolean;
}
