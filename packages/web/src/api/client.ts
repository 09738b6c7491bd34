import type {
  LLMCallRecord,
  NormalizedSpan,
  TimeSeries,
  TraceDetail,
  TraceFeedback,
  TraceOutline,
  TraceSummary,
  TraceStats,
  FeedbackLabel,
} from './types.js';

/** A non-2xx answer from the query API, with the server's `{error}` text when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(path: string, init?: RequestInit, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { ...init, signal, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: unknown } | undefined)?.error;
    throw new ApiError(response.status, typeof error === 'string' ? error : `${response.status} ${response.statusText}`);
  }
  return body as T;
}

function withQuery(path: string, params: URLSearchParams | Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function listTraces(params: URLSearchParams, signal?: AbortSignal): Promise<{ traces: TraceSummary[]; nextCursor?: string }> {
  return request(withQuery('/api/traces', params), undefined, signal);
}

export function getTrace(traceId: string, project: string | undefined, signal?: AbortSignal): Promise<TraceDetail> {
  return request(withQuery(`/api/traces/${encodeURIComponent(traceId)}`, { project }), undefined, signal);
}

/** The trace with light spans only (no messages, attributes, documents): what the detail page draws. */
export function getTraceOutline(traceId: string, project: string | undefined, signal?: AbortSignal): Promise<TraceOutline> {
  return request(withQuery(`/api/traces/${encodeURIComponent(traceId)}/outline`, { project }), undefined, signal);
}

/** One span with its full payload, fetched when the span is opened. */
export function getSpan(project: string, traceId: string, spanId: string, signal?: AbortSignal): Promise<NormalizedSpan> {
  return request(
    withQuery(`/api/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`, { project }),
    undefined,
    signal,
  );
}

export async function listLLMCalls(params: Record<string, string | undefined>, signal?: AbortSignal): Promise<LLMCallRecord[]> {
  const body = await request<{ calls: LLMCallRecord[] }>(withQuery('/api/llm-calls', params), undefined, signal);
  return body.calls;
}

export function getStats(params: URLSearchParams, signal?: AbortSignal): Promise<TraceStats> {
  return request(withQuery('/api/stats', params), undefined, signal);
}

export function getTimeSeries(params: URLSearchParams, signal?: AbortSignal): Promise<TimeSeries> {
  return request(withQuery('/api/stats/timeseries', params), undefined, signal);
}

export async function listProjects(signal?: AbortSignal): Promise<string[]> {
  const body = await request<{ projects: string[] }>('/api/projects', undefined, signal);
  return body.projects;
}

export async function getFeedback(traceId: string, project: string | undefined, signal?: AbortSignal): Promise<TraceFeedback | null> {
  const body = await request<{ feedback: TraceFeedback | null }>(
    withQuery(`/api/traces/${encodeURIComponent(traceId)}/feedback`, { project }),
    undefined,
    signal,
  );
  return body.feedback;
}

export async function putFeedback(
  traceId: string,
  project: string | undefined,
  feedback: { label: FeedbackLabel; comment?: string },
): Promise<TraceFeedback> {
  const body = await request<{ feedback: TraceFeedback }>(`/api/traces/${encodeURIComponent(traceId)}/feedback`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...feedback, project }),
  });
  return body.feedback;
}

export async function deleteFeedback(traceId: string, project: string | undefined): Promise<void> {
  await request(withQuery(`/api/traces/${encodeURIComponent(traceId)}/feedback`, { project }), { method: 'DELETE' });
}
