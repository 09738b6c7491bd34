/** `GET /api/stats/timeseries`: the stats page's charts. Shared by the server and the viewer. */

/** Latency percentiles of the traces that started in one bucket. */
export interface TimeBucket {
  startMs: number;
  count: number;
  errorCount: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/** LM usage of one model in one bucket. */
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
