import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceQuery } from '@loupe/core';
import { QueryParamError } from './query-param-error.js';
import { llmCallQueryToParams, parseLLMCallQuery, parseTraceFilter, parseTraceQuery, traceQueryToParams } from './query-params.js';

const p = (s: string) => new URLSearchParams(s);

test('parses every trace filter; times as ISO 8601 or epoch ms become µs', () => {
  assert.deepEqual(
    parseTraceQuery(p('project=rag&min_latency_ms=100&max_latency_ms=2500.5&after=2024-01-02T03:04:05.678Z&before=1700000000123&contains=Paris&status=error&user_id=u&session_id=s&name=answer&model=gpt-4o&feedback=incorrect&limit=10&cursor=abc')),
    {
      project: 'rag', minLatencyMs: 100, maxLatencyMs: 2500.5, afterUs: Date.UTC(2024, 0, 2, 3, 4, 5, 678) * 1000, beforeUs: 1_700_000_000_123_000,
      contains: 'Paris', status: 'error', userId: 'u', sessionId: 's', name: 'answer', model: 'gpt-4o', feedback: 'incorrect', limit: 10, cursor: 'abc',
    },
  );
  assert.deepEqual(parseTraceQuery(p('after=2024-01-02')), { afterUs: Date.UTC(2024, 0, 2) * 1000 });
  assert.deepEqual(parseTraceQuery(p('project=&contains=')), {}, 'empty values count as absent');
});

test('invalid values → QueryParamError naming the parameter and the value', () => {
  const cases: [string, RegExp][] = [
    ['min_latency_ms=abc', /^min_latency_ms must be a non-negative number, got "abc"$/],
    ['max_latency_ms=-1', /^max_latency_ms must be a non-negative number, got "-1"$/],
    ['after=yesterday', /^after must be an ISO 8601 time or epoch milliseconds, got "yesterday"$/],
    ['before=2024-13-45T99:00:00Z', /^before must be/],
    ['status=failed', /^status must be "ok" or "error", got "failed"$/],
    ['limit=0', /^limit must be an integer from 1 to 1000, got "0"$/],
    ['limit=2.5', /^limit must be an integer/],
    ['limit=5000', /^limit must be an integer/],
    ['project=a&project=b', /^parameter "project" is given more than once$/],
    ['latency=5', /^unknown parameter "latency"; accepted: project, min_latency_ms, max_latency_ms, after, before, contains, status, user_id, session_id, name, model, feedback, limit, cursor$/],
    ['feedback=wrong', /^feedback must be one of "correct", "incorrect", "any", "none", got "wrong"$/],
  ];
  for (const [qs, re] of cases) {
    assert.throws(() => parseTraceQuery(p(qs)), (err: unknown) => err instanceof QueryParamError && re.test(err.message), qs);
  }
  assert.throws(() => parseTraceFilter(p('limit=5')), /unknown parameter "limit"/);
  assert.throws(() => parseLLMCallQuery(p('trace_id=xyz')), /trace_id must be 32 hex digits, got "xyz"$/);
});

test('TraceQuery → URLSearchParams → TraceQuery is lossless (µs included)', () => {
  const queries: TraceQuery[] = [
    {},
    { project: 'p', minLatencyMs: 0, maxLatencyMs: 12.5, afterUs: 1_700_000_000_123_456, beforeUs: 1_700_000_999_000_001, contains: 'a&b=c', status: 'ok', userId: 'ü', sessionId: 's', name: 'n', model: 'm', feedback: 'none', limit: 1000, cursor: 'eyJ4Ijox' },
    { afterUs: 0, beforeUs: 1 },
    ...(['correct', 'incorrect', 'any'] as const).map((feedback) => ({ feedback })),
  ];
  for (const q of queries) assert.deepEqual(parseTraceQuery(traceQueryToParams(q)), q);
  const llm = { project: 'p', model: 'gpt', traceId: '0af7651916cd43dd8448eb211c80319c', limit: 5 };
  assert.deepEqual(parseLLMCallQuery(llmCallQueryToParams(llm)), llm);
  assert.equal(parseLLMCallQuery(p('trace_id=0AF7651916CD43DD8448EB211C80319C')).traceId, '0af7651916cd43dd8448eb211c80319c');
});
