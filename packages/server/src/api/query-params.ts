import { FEEDBACK_FILTERS, isFeedbackFilter, type LLMCallQuery, type TraceFilter, type TraceQuery } from '@loupe/core';
import { QueryParamError } from './query-param-error.js';

/**
 * The query API's parameters, both directions: URLSearchParams → store queries (server) and
 * store queries → URLSearchParams (RemoteTraceReader), so the two can never drift apart.
 * Names are snake_case on the wire; times are ISO 8601 or epoch milliseconds on the wire and
 * microseconds in TraceFilter.
 */

export const TRACE_FILTER_PARAMS = [
  'project', 'min_latency_ms', 'max_latency_ms', 'after', 'before', 'contains', 'status', 'user_id', 'session_id', 'name', 'model', 'feedback',
] as const;
export const TRACE_QUERY_PARAMS = [...TRACE_FILTER_PARAMS, 'limit', 'cursor'] as const;
export const LLM_CALL_PARAMS = ['project', 'model', 'trace_id', 'limit'] as const;

export const MAX_LIMIT = 1000;

const TRACE_ID_RE = /^[0-9a-fA-F]{32}$/;
const SPAN_ID_RE = /^[0-9a-fA-F]{16}$/;
const EPOCH_MS_RE = /^\d+(\.\d+)?$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Reads parameters after checking every name is accepted and none is repeated. Empty values count as absent. */
function readParams(params: URLSearchParams, accepted: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of params) {
    if (!accepted.includes(key)) {
      throw new QueryParamError(`unknown parameter "${key}"; accepted: ${accepted.join(', ')}`);
    }
    if (out.has(key)) throw new QueryParamError(`parameter "${key}" is given more than once`);
    if (value !== '') out.set(key, value);
  }
  return out;
}

function nonNegative(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new QueryParamError(`${name} must be a non-negative number, got "${value}"`);
  }
  return n;
}

function limitOf(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new QueryParamError(`limit must be an integer from 1 to ${MAX_LIMIT}, got "${value}"`);
  }
  return n;
}

/** ISO 8601 or epoch milliseconds (fractions allowed) → microseconds since the epoch. */
export function parseTimeParam(name: string, value: string): number {
  if (EPOCH_MS_RE.test(value)) return Math.round(Number(value) * 1000);
  if (ISO_RE.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms * 1000;
  }
  throw new QueryParamError(`${name} must be an ISO 8601 time or epoch milliseconds, got "${value}"`);
}

export function parseTraceId(name: string, value: string): string {
  if (!TRACE_ID_RE.test(value)) throw new QueryParamError(`${name} must be 32 hex digits, got "${value}"`);
  return value.toLowerCase();
}

/** An OTel span id: 16 hex digits, lowercased as stored. */
export function parseSpanId(name: string, value: string): string {
  if (!SPAN_ID_RE.test(value)) throw new QueryParamError(`${name} must be 16 hex digits, got "${value}"`);
  return value.toLowerCase();
}

function filterFrom(p: Map<string, string>): TraceFilter {
  const f: TraceFilter = {};
  let v: string | undefined;
  if ((v = p.get('project')) !== undefined) f.project = v;
  if ((v = p.get('min_latency_ms')) !== undefined) f.minLatencyMs = nonNegative('min_latency_ms', v);
  if ((v = p.get('max_latency_ms')) !== undefined) f.maxLatencyMs = nonNegative('max_latency_ms', v);
  if ((v = p.get('after')) !== undefined) f.afterUs = parseTimeParam('after', v);
  if ((v = p.get('before')) !== undefined) f.beforeUs = parseTimeParam('before', v);
  if ((v = p.get('contains')) !== undefined) f.contains = v;
  if ((v = p.get('status')) !== undefined) {
    if (v !== 'ok' && v !== 'error') throw new QueryParamError(`status must be "ok" or "error", got "${v}"`);
    f.status = v;
  }
  if ((v = p.get('user_id')) !== undefined) f.userId = v;
  if ((v = p.get('session_id')) !== undefined) f.sessionId = v;
  if ((v = p.get('name')) !== undefined) f.name = v;
  if ((v = p.get('model')) !== undefined) f.model = v;
  if ((v = p.get('feedback')) !== undefined) {
    if (!isFeedbackFilter(v)) throw new QueryParamError(`feedback must be one of ${FEEDBACK_FILTERS.map((x) => `"${x}"`).join(', ')}, got "${v}"`);
    f.feedback = v;
  }
  return f;
}

/** `GET /api/stats` parameters. Throws {@link QueryParamError}. */
export function parseTraceFilter(params: URLSearchParams): TraceFilter {
  return filterFrom(readParams(params, TRACE_FILTER_PARAMS));
}

/** `GET /api/traces` parameters. Throws {@link QueryParamError}. */
export function parseTraceQuery(params: URLSearchParams): TraceQuery {
  const p = readParams(params, TRACE_QUERY_PARAMS);
  const q: TraceQuery = filterFrom(p);
  const limit = p.get('limit');
  if (limit !== undefined) q.limit = limitOf(limit);
  const cursor = p.get('cursor');
  if (cursor !== undefined) q.cursor = cursor;
  return q;
}

/** `GET /api/llm-calls` parameters. Throws {@link QueryParamError}. */
export function parseLLMCallQuery(params: URLSearchParams): LLMCallQuery {
  const p = readParams(params, LLM_CALL_PARAMS);
  const q: LLMCallQuery = {};
  let v: string | undefined;
  if ((v = p.get('project')) !== undefined) q.project = v;
  if ((v = p.get('model')) !== undefined) q.model = v;
  if ((v = p.get('trace_id')) !== undefined) q.traceId = parseTraceId('trace_id', v);
  if ((v = p.get('limit')) !== undefined) q.limit = limitOf(v);
  return q;
}

/** Microseconds → epoch milliseconds as the shortest decimal that parses back to the same µs. */
function usToMsParam(us: number): string {
  return String(us / 1000);
}

function set(out: URLSearchParams, name: string, value: string | number | undefined): void {
  if (value !== undefined) out.set(name, String(value));
}

/** Reverse of {@link parseTraceFilter}. */
export function traceFilterToParams(f: TraceFilter): URLSearchParams {
  const out = new URLSearchParams();
  set(out, 'project', f.project);
  set(out, 'min_latency_ms', f.minLatencyMs);
  set(out, 'max_latency_ms', f.maxLatencyMs);
  if (f.afterUs !== undefined) out.set('after', usToMsParam(f.afterUs));
  if (f.beforeUs !== undefined) out.set('before', usToMsParam(f.beforeUs));
  set(out, 'contains', f.contains);
  set(out, 'status', f.status);
  set(out, 'user_id', f.userId);
  set(out, 'session_id', f.sessionId);
  set(out, 'name', f.name);
  set(out, 'model', f.model);
  set(out, 'feedback', f.feedback);
  return out;
}

/** Reverse of {@link parseTraceQuery}. */
export function traceQueryToParams(q: TraceQuery): URLSearchParams {
  const out = traceFilterToParams(q);
  set(out, 'limit', q.limit);
  set(out, 'cursor', q.cursor);
  return out;
}

/** Reverse of {@link parseLLMCallQuery}. */
export function llmCallQueryToParams(q: LLMCallQuery): URLSearchParams {
  const out = new URLSearchParams();
  set(out, 'project', q.project);
  set(out, 'model', q.model);
  set(out, 'trace_id', q.traceId);
  set(out, 'limit', q.limit);
  return out;
}
