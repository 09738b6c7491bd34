import type { FeedbackLabel, LLMCallQuery, LLMCallRecord, NormalizedSpan, TraceDetail, TraceOutline, TraceFeedback, TraceFilter, TracePage, TraceQuery, TraceStats } from '@loupe/core';
import { llmCallQueryToParams, traceFilterToParams, traceQueryToParams } from './query-params.js';
import { RemoteError } from './remote-error.js';
import type { TraceReader } from './trace-reader.js';

export interface RemoteTraceReaderOptions {
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Injectable for tests; default the global fetch. */
  fetch?: typeof fetch;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * The query API of a running Loupe server, with the read methods of a TraceStore, so the CLI
 * can point at a server (`--url`) instead of opening a database. Every failure is a
 * {@link RemoteError} with a one-line message.
 */
export class RemoteTraceReader implements TraceReader {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(baseUrl: string, options: RemoteTraceReaderOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchFn = options.fetch ?? fetch;
  }

  /** Nothing to release: each call is its own request. Present so a reader is closed the same way local or remote. */
  async close(): Promise<void> {}

  async listTraces(query: TraceQuery): Promise<TracePage> {
    return (await this.get('/api/traces', traceQueryToParams(query))).body as TracePage;
  }

  /** Undefined when the server has no such trace (404), like TraceStore.getTrace. */
  async getTrace(traceId: string, project?: string): Promise<TraceDetail | undefined> {
    const params = new URLSearchParams();
    if (project !== undefined) params.set('project', project);
    const { body } = await this.get(`/api/traces/${encodeURIComponent(traceId)}`, params, true);
    return body === undefined ? undefined : (body as TraceDetail);
  }

  /** `GET /api/traces/:id/outline`; undefined when the server has no such trace (404). */
  async getTraceOutline(traceId: string, project?: string): Promise<TraceOutline | undefined> {
    const params = new URLSearchParams();
    if (project !== undefined) params.set('project', project);
    const { body } = await this.get(`/api/traces/${encodeURIComponent(traceId)}/outline`, params, true);
    return body === undefined ? undefined : (body as TraceOutline);
  }

  /** `GET /api/traces/:id/spans/:spanId?project=`; undefined when the server has no such span or trace (404). */
  async getSpan(project: string, traceId: string, spanId: string): Promise<NormalizedSpan | undefined> {
    const params = new URLSearchParams({ project });
    const { body } = await this.get(
      `/api/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`,
      params,
      true,
    );
    return body === undefined ? undefined : (body as NormalizedSpan);
  }

  async listLLMCalls(query: LLMCallQuery): Promise<LLMCallRecord[]> {
    return ((await this.get('/api/llm-calls', llmCallQueryToParams(query))).body as { calls: LLMCallRecord[] }).calls;
  }

  async stats(filter: TraceFilter): Promise<TraceStats> {
    return (await this.get('/api/stats', traceFilterToParams(filter))).body as TraceStats;
  }

  async listProjects(): Promise<string[]> {
    return ((await this.get('/api/projects', new URLSearchParams())).body as { projects: string[] }).projects;
  }

  /**
   * Gives a verdict on a trace through the feedback API (`PUT /api/traces/:id/feedback`), for
   * scripts; the server stamps `createdAt`. RemoteError 404 when the server has no such trace.
   */
  async setFeedback(traceId: string, feedback: { label: FeedbackLabel; comment?: string }, project?: string): Promise<TraceFeedback> {
    const body = JSON.stringify({ ...feedback, ...(project !== undefined && { project }) });
    return ((await this.request('PUT', feedbackPath(traceId), new URLSearchParams(), body)).body as { feedback: TraceFeedback }).feedback;
  }

  /** Removes a trace's verdict (`DELETE /api/traces/:id/feedback`); true when there was one. */
  async deleteFeedback(traceId: string, project?: string): Promise<boolean> {
    const params = new URLSearchParams();
    if (project !== undefined) params.set('project', project);
    return ((await this.request('DELETE', feedbackPath(traceId), params)).body as { deleted: boolean }).deleted;
  }

  /** GET + JSON; with `notFoundIsUndefined`, a "trace/span … not found" 404 yields an undefined body. */
  private get(path: string, params: URLSearchParams, notFoundIsUndefined = false): Promise<{ body: unknown }> {
    return this.request('GET', path, params, undefined, notFoundIsUndefined);
  }

  private async request(
    method: string,
    path: string,
    params: URLSearchParams,
    requestBody?: string,
    notFoundIsUndefined = false,
  ): Promise<{ body: unknown }> {
    const qs = params.toString();
    const url = `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    let res: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (requestBody !== undefined) headers['content-type'] = 'application/json';
      res = await this.fetchFn(url, {
        method,
        headers,
        ...(requestBody !== undefined && { body: requestBody }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new RemoteError(`cannot reach Loupe server at ${this.baseUrl}: ${networkReason(err, this.timeoutMs)}`);
    }
    const body = parseOrUndefined(text);
    if (!res.ok) {
      const message = errorMessageOf(body) ?? (firstLine(text) || res.statusText);
      // Only the API's own "trace/span … not found" means absence; any other 404 is a wrong URL.
      if (notFoundIsUndefined && res.status === 404 && /^(trace|span) .* not found/.test(message)) return { body: undefined };
      throw new RemoteError(`server answered ${res.status}: ${message}`, res.status);
    }
    if (body === undefined) {
      throw new RemoteError(`server answered ${res.status} with a body that is not JSON (is ${this.baseUrl} a Loupe server?)`, res.status);
    }
    return { body };
  }
}

function feedbackPath(traceId: string): string {
  return `/api/traces/${encodeURIComponent(traceId)}/feedback`;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorMessageOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
    return (body as { error: string }).error;
  }
  return undefined;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** fetch's TypeError('fetch failed') hides the reason in `cause` (sometimes an AggregateError). */
function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs / 1000}s`;
  let cause: unknown = err instanceof Error ? (err.cause ?? err) : err;
  if (cause instanceof AggregateError && cause.errors.length > 0 && !(cause as { code?: string }).code) cause = cause.errors[0];
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return NETWORK_CODES[code] ?? code;
  return cause instanceof Error ? cause.message : String(cause);
}
