import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStepSummary, summarizeSteps, type StepSummarySpan } from './step-summary.js';

const T0 = 1_700_000_000_000_000;

function span(spanId: string, parentSpanId: string | undefined, name: string, startMs: number, endMs: number): StepSummarySpan {
  const s: StepSummarySpan = { spanId, name, startUs: T0 + startMs * 1000, endUs: T0 + endMs * 1000, status: 'ok' };
  if (parentSpanId !== undefined) s.parentSpanId = parentSpanId;
  return s;
}

test('summarises the root direct children in start order with percent of the root', () => {
  const spans = [
    span('c2', 'r', 'answer', 120, 800),
    span('g', 'c2', 'chat gpt-4o-mini', 130, 790),
    { ...span('r', undefined, 'rag', 0, 800), traceId: 'a1b2c3d4' },
    span('c1', 'r', 'retrieve', 0, 120),
  ];
  const summary = summarizeSteps(spans);
  assert.deepEqual(summary, {
    traceId: 'a1b2c3d4',
    rootName: 'rag',
    totalMs: 800,
    steps: [
      { name: 'retrieve', latencyMs: 120, percent: 15, status: 'ok' },
      { name: 'answer', latencyMs: 680, percent: 85, status: 'ok' },
    ],
  });
  assert.equal(formatStepSummary(summary), 'Trace a1b2c3d4:\n  retrieve: 120ms (15%)\n  answer: 680ms (85%)\n  Total: 800ms');
});

test('a span whose parent is outside the set is the root; halves round to even', () => {
  const spans = [span('r', 'remote', 'req', 0, 8), { ...span('a', 'r', 'a', 0, 1), status: 'error' as const }, span('b', 'r', 'b', 1, 3.5)];
  const summary = summarizeSteps(spans);
  assert.equal(summary.rootName, 'req');
  assert.deepEqual(summary.steps.map((s) => [s.latencyMs, s.percent]), [[1, 12], [2, 31]]);
  assert.equal(formatStepSummary(summary), 'Trace req:\n  a: 1ms (12%) ERROR\n  b: 2ms (31%)\n  Total: 8ms');
});

test('empty input and zero-length roots do not divide by zero', () => {
  assert.deepEqual(summarizeSteps([]), { rootName: '', totalMs: 0, steps: [] });
  const summary = summarizeSteps([span('r', undefined, 'r', 5, 5), span('c', 'r', 'c', 5, 5)]);
  assert.equal(summary.steps[0]!.percent, 0);
});
