import { test } from 'node:test';
import assert from 'node:assert/strict';
import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SpanFrame, withSpan } from './span-frame.js';

const spanA = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'a'.repeat(16), traceFlags: 1 });
const spanB = trace.wrapSpanContext({ traceId: 'b'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
const KEY = createContextKey('loupe test key');

test('a frame holds its span and every value of its parent', () => {
  const parent = ROOT_CONTEXT.setValue(KEY, 'kept');
  const frame = withSpan(parent, spanA);
  assert.ok(frame instanceof SpanFrame, 'the API reads spans through getValue, so frames are used');
  assert.equal(trace.getSpan(frame), spanA);
  assert.equal(frame.getValue(KEY), 'kept');
  assert.equal(trace.getSpan(parent), undefined, 'the parent is unchanged');
});

test('nested frames: the innermost span wins, values set in between stay visible', () => {
  const outer = withSpan(ROOT_CONTEXT, spanA);
  const marked = outer.setValue(KEY, 1);
  assert.equal(trace.getSpan(marked), spanA, 'setting another value keeps the span');
  const inner = withSpan(marked, spanB);
  assert.equal(trace.getSpan(inner), spanB);
  assert.equal(inner.getValue(KEY), 1);
  assert.equal(trace.getSpan(trace.setSpan(inner, spanA)), spanA, 'setSpan on a frame replaces the span');
  assert.equal(trace.getSpan(outer), spanA);
  assert.equal(outer.getValue(KEY), undefined, 'values set on a child never leak into the parent');
});

test('deleting values: the span, or another value with the span kept', () => {
  const frame = withSpan(ROOT_CONTEXT.setValue(KEY, 'x'), spanA);
  const noSpan = trace.deleteSpan(frame);
  assert.equal(trace.getSpan(noSpan), undefined);
  assert.equal(noSpan.getValue(KEY), 'x');
  // A span of the base context itself is deleted too, not uncovered.
  const underneath = withSpan(trace.setSpan(ROOT_CONTEXT, spanB), spanA);
  assert.equal(trace.getSpan(trace.deleteSpan(underneath)), undefined);
  const noKey = frame.deleteValue(KEY);
  assert.equal(noKey.getValue(KEY), undefined);
  assert.equal(trace.getSpan(noKey), spanA);
});

test('frames work as the active context and with suppressTracing', () => {
  const manager = new AsyncLocalStorageContextManager().enable();
  try {
    const frame = withSpan(ROOT_CONTEXT, spanA);
    assert.equal(isTracingSuppressed(frame), false);
    assert.equal(isTracingSuppressed(suppressTracing(frame)), true);
    assert.equal(trace.getSpan(suppressTracing(frame)), spanA);
    const seen = manager.with(frame, () => trace.getSpan(manager.active()));
    assert.equal(seen, spanA);
  } finally {
    manager.disable();
  }
  assert.equal(typeof context.active().getValue, 'function');
});
