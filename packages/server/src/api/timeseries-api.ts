import { nearestRank, summarizeSteps, type ModelBucket, type StepLatency, type TimeBucket, type TimeSeries, type TraceFilter, type TraceSummary } from '@loupe/core';
import type { TraceReader } from './trace-reader.js';
import { parseTraceFilter } from './query-params.js';
import { QueryParamError } from './query-param-error.js';
import { HttpError } from '../http/http-error.js';
import { sendJson } from '../http/json-response.js';
import type { Router } from '../http/router.js';

/** Traces one request reads at most; the answer says `truncated` past it. */
export const MAX_SAMPLED_TRACES = 5000;
/** The slowest traces whose spans are read for the slowest-steps table. */
const STEP_SAMPLE_TRACES = 25;
/** Traces bigger than this are left out of the step sample (their spans would dominate the cost). */
const STEP_SAMPLE_MAX_SPANS = 5000;
const MAX_LLM_CALLS = 1000;
const TARGET_BUCKETS = 48;
const BUCKET_STEPS_MS = [1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000];
/** Upper edges of the latency histogram's bins (ms); a last open bin catches the rest. */
const HISTOGRAM_EDGES_MS = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 60_000, 120_000, 300_000];

export type { ModelBucket, StepLatency, TimeBucket, TimeSeries } from '@loupe/core';

/**
 * `GET /api/stats/timeseries?<the /api/traces filters>&bucket_ms=` → {@link TimeSeries}.
 *
 * Computed from the read API alone (latest {@link MAX_SAMPLED_TRACES} matching traces, latest
 * 1000 LM calls, the slowest traces' spans), so it works on any TraceReader today. A store can
 * later answer the same shape with one grouped query per chart:
 * `SELECT start_us / :bucketUs AS b, count(*), sum(status='error'), <nearest-rank p50/p95/p99 of
 * duration_ms via ROW_NUMBER() OVER (PARTITION BY b ORDER BY duration_ms)> FROM traces WHERE
 * <filter> GROUP BY b` and the same per (bucket, model) over llm_calls joined to the filtered traces.
 */
export function addTimeSeriesRoutes(router: Router, reader: TraceReader): void {
  router.add('GET', '/api/stats/timeseries', async ({ res, url }) => {
    const params = new URLSearchParams(url.searchParams);
    const bucketParam = params.get('bucket_ms');
    params.delete('bucket_ms');
    let filter: TraceFilter;
    try {
      filter = parseTraceFilter(params);
    } catch (err) {
      if (err instanceof QueryParamError) throw new HttpError(400, err.message);
      throw err;
    }
    let bucketMs: number | undefined;
    if (bucketParam !== null && bucketParam !== '') {
      bucketMs = Number(bucketParam);
      if (!Number.isInteger(bucketMs) || bucketMs < 1000) throw new HttpError(400, `bucket_ms must be an integer ≥ 1000, got "${bucketParam}"`);
    }
    sendJson(res, 200, await computeTimeSeries(reader, filter, bucketMs));
  });
}

/** The time series for the traces matching `filter`; `bucketMs` defaults to about 48 buckets over the data. */
export async function computeTimeSeries(reader: TraceReader, filter: TraceFilter, bucketMs?: number): Promise<TimeSeries> {
  const traces: TraceSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await reader.listTraces({ ...filter, limit: 1000, ...(cursor ? { cursor } : {}) });
    traces.push(...page.traces);
    cursor = page.nextCursor;
  } while (cursor && traces.length < MAX_SAMPLED_TRACES);
  const truncated = cursor !== undefined;
  if (traces.length === 0) {
    return { bucketMs: bucketMs ?? 60_000, buckets: [], models: [], histogram: [], slowestSteps: [], sampled: 0, truncated: false };
  }

  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  for (const t of traces) {
    minMs = Math.min(minMs, t.startUs / 1000);
    maxMs = Math.max(maxMs, t.startUs / 1000);
  }
  const size = bucketMs ?? chooseBucket(maxMs - minMs);
  const first = Math.floor(minMs / size) * size;
  const count = Math.floor((maxMs - first) / size) + 1;
  const durations: number[][] = Array.from({ length: count }, () => []);
  const errors = new Array<number>(count).fill(0);
  for (const t of traces) {
    const i = Math.floor((t.startUs / 1000 - first) / size);
    durations[i]!.push(t.durationMs);
    if (t.status === 'error') errors[i]!++;
  }
  const buckets: TimeBucket[] = durations.map((ds, i) => {
    ds.sort((a, b) => a - b);
    return { startMs: first + i * size, count: ds.length, errorCount: errors[i]!, p50_ms: nearestRank(ds, 0.5), p95_ms: nearestRank(ds, 0.95), p99_ms: nearestRank(ds, 0.99) };
  });

  return {
    bucketMs: size,
    buckets,
    models: await modelBuckets(reader, filter, traces, first, size),
    histogram: histogram(traces),
    slowestSteps: await slowestSteps(reader, traces),
    sampled: traces.length,
    truncated,
  };
}

function chooseBucket(spanMs: number): number {
  for (const step of BUCKET_STEPS_MS) if (spanMs / step <= TARGET_BUCKETS) return step;
  return BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1]!;
}

function histogram(traces: readonly TraceSummary[]): { upperMs: number; count: number }[] {
  const edges = [...HISTOGRAM_EDGES_MS, Number.POSITIVE_INFINITY];
  const counts = new Array<number>(edges.length).fill(0);
  for (const t of traces) {
    let i = 0;
    while (t.durationMs > edges[i]!) i++;
    counts[i]!++;
  }
  let lo = counts.findIndex((c) => c > 0);
  let hi = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  lo = Math.max(0, lo);
  hi = Math.max(lo, hi);
  const maxSeen = Math.max(...traces.map((t) => t.durationMs));
  // The open last bin is labelled by the slowest trace so the axis shows a number.
  return counts.slice(lo, hi + 1).map((c, k) => ({ upperMs: Number.isFinite(edges[lo + k]!) ? edges[lo + k]! : maxSeen, count: c }));
}

/** Tokens and cost per (bucket, model), from the latest LM calls that belong to the sampled traces. */
async function modelBuckets(reader: TraceReader, filter: TraceFilter, traces: readonly TraceSummary[], first: number, size: number): Promise<ModelBucket[]> {
  const ids = new Set(traces.map((t) => `${t.project}\u0000${t.traceId}`));
  const calls = await reader.listLLMCalls({ ...(filter.project ? { project: filter.project } : {}), ...(filter.model ? { model: filter.model } : {}), limit: MAX_LLM_CALLS });
  const cells = new Map<string, ModelBucket>();
  for (const call of calls) {
    if (!ids.has(`${call.project}\u0000${call.traceId}`)) continue;
    const startMs = first + Math.floor((call.startUs / 1000 - first) / size) * size;
    const model = call.llm.responseModel ?? call.llm.model ?? 'unknown';
    const key = `${startMs}\u0000${model}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { startMs, model, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      cells.set(key, cell);
    }
    cell.calls++;
    cell.inputTokens += call.usage?.input ?? 0;
    cell.outputTokens += call.usage?.output ?? 0;
    cell.costUsd += call.costUsd ?? 0;
  }
  return [...cells.values()].sort((a, b) => a.startMs - b.startMs || a.model.localeCompare(b.model));
}

/** Latency of the root's direct children (steps) over the slowest traces, slowest first. */
async function slowestSteps(reader: TraceReader, traces: readonly TraceSummary[]): Promise<StepLatency[]> {
  const slowest = traces
    .filter((t) => t.spanCount <= STEP_SAMPLE_MAX_SPANS)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, STEP_SAMPLE_TRACES);
  const byName = new Map<string, number[]>();
  for (const t of slowest) {
    const detail = await reader.getTrace(t.traceId, t.project);
    if (!detail) continue;
    for (const step of summarizeSteps(detail.spans).steps) {
      let list = byName.get(step.name);
      if (!list) byName.set(step.name, (list = []));
      list.push(step.latencyMs);
    }
  }
  const out: StepLatency[] = [];
  for (const [name, ms] of byName) {
    ms.sort((a, b) => a - b);
    out.push({ name, count: ms.length, avgMs: ms.reduce((s, x) => s + x, 0) / ms.length, p95_ms: nearestRank(ms, 0.95)!, maxMs: ms[ms.length - 1]! });
  }
  return out.sort((a, b) => b.avgMs - a.avgMs).slice(0, 20);
}
