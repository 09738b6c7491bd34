import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemoryTracing } from '../testing/in-memory-tracing.js';
import { runtime } from '../runtime.js';
import { retrieval } from './retrieval.js';
import { step } from './step.js';
import { tool } from './tool.js';
import { traceRequest as trace } from './trace.js';

test('helpers nest by async context and return what fn returns (sync and async)', async () => {
  const tracing = new InMemoryTracing();
  try {
    const answer = await trace(
      'rag',
      async () => {
        const docs = await retrieval('retrieve', async () => [{ id: 'd1', content: 'Refunds within 30 days.', score: 0.92, metadata: { src: 'faq' } }], { query: 'refund?' });
        const sync = step('format', () => 41 + 1, { inputs: { n: docs.length } });
        const weather = tool('get_weather', (span) => {
          span.setOutput({ temp: 21 });
          return 'ignored';
        }, { args: { city: 'Paris' }, callId: 'call_1' });
        return `${sync} ${weather}`;
      },
      { inputs: { question: 'refund?' }, userId: 'u1', sessionId: 's1', metadata: { plan: 'pro' }, tags: ['beta'] },
    );
    assert.equal(answer, '42 ignored');
    const root = tracing.span('rag');
    assert.equal(root.parentSpanContext, undefined);
    for (const name of ['retrieve', 'format', 'get_weather']) {
      assert.equal(tracing.span(name).parentSpanContext?.spanId, root.spanContext().spanId, name);
      assert.equal(tracing.span(name).spanContext().traceId, root.spanContext().traceId);
    }
    const r = root.attributes;
    assert.equal(r['openinference.span.kind'], 'CHAIN');
    assert.equal(r['user.id'], 'u1');
    assert.equal(r['session.id'], 's1');
    assert.deepEqual(JSON.parse(r['metadata'] as string), { plan: 'pro' });
    assert.deepEqual(r['tag.tags'], ['beta']);
    assert.deepEqual(JSON.parse(r['input.value'] as string), { question: 'refund?' });
    assert.equal(r['input.mime_type'], 'application/json');
    assert.equal(r['output.value'], '42 ignored');
    assert.equal(r['output.mime_type'], 'text/plain');

    const ret = tracing.span('retrieve').attributes;
    assert.equal(ret['openinference.span.kind'], 'RETRIEVER');
    assert.equal(ret['gen_ai.operation.name'], 'retrieval');
    assert.equal(ret['gen_ai.retrieval.query.text'], 'refund?');
    assert.equal(ret['retrieval.documents.0.document.id'], 'd1');
    assert.equal(ret['retrieval.documents.0.document.content'], 'Refunds within 30 days.');
    assert.equal(ret['retrieval.documents.0.document.score'], 0.92);
    assert.deepEqual(JSON.parse(ret['retrieval.documents.0.document.metadata'] as string), { src: 'faq' });
    assert.deepEqual(JSON.parse(ret['gen_ai.retrieval.documents'] as string), [{ id: 'd1', score: 0.92 }]);

    assert.equal(tracing.span('format').attributes['output.value'], '42');
    const t = tracing.span('get_weather').attributes;
    assert.equal(t['openinference.span.kind'], 'TOOL');
    assert.equal(t['tool.name'], 'get_weather');
    assert.equal(t['gen_ai.tool.name'], 'get_weather');
    assert.equal(t['gen_ai.operation.name'], 'execute_tool');
    assert.equal(t['gen_ai.tool.call.id'], 'call_1');
    assert.deepEqual(JSON.parse(t['gen_ai.tool.call.arguments'] as string), { city: 'Paris' });
    assert.deepEqual(JSON.parse(t['gen_ai.tool.call.result'] as string), { temp: 21 });
  } finally {
    await tracing.close();
  }
});

test('exceptions are recorded and rethrown unchanged, sync and async', async () => {
  const tracing = new InMemoryTracing();
  try {
    const syncError = new TypeError('bad input');
    assert.throws(() => step('sync-fail', () => { throw syncError; }), (e) => e === syncError);
    const asyncError = { notAnError: true };
    await assert.rejects(trace('async-fail', async () => { throw asyncError; }), (e) => e === asyncError);
    for (const name of ['sync-fail', 'async-fail']) {
      const span = tracing.span(name);
      assert.equal(span.status.code, SpanStatusCode.ERROR);
      assert.equal(span.events[0]!.name, 'exception');
    }
    assert.equal(tracing.span('sync-fail').status.message, 'TypeError: bad input');
  } finally {
    await tracing.close();
  }
});

test('retrieval accepts {documents} results and span.setDocuments; content capture off records ids only', async () => {
  const tracing = new InMemoryTracing({ captureContent: false });
  try {
    retrieval('a', () => ({ documents: [{ id: 'x', content: 'secret', score: 1 }] }), { query: 'secret query' });
    retrieval('b', (span) => {
      span.setDocuments([{ id: 'y', content: 'secret', score: 0.5 }]);
    });
    const a = tracing.span('a').attributes;
    assert.equal(a['retrieval.documents.0.document.id'], 'x');
    assert.equal(a['retrieval.documents.0.document.content'], undefined);
    assert.equal(a['gen_ai.retrieval.query.text'], undefined);
    assert.equal(a['input.value'], undefined);
    assert.equal(a['output.value'], undefined);
    assert.equal(tracing.span('b').attributes['retrieval.documents.0.document.score'], 0.5);
    assert.ok(!JSON.stringify(tracing.spans().map((s) => s.attributes)).includes('secret'));
  } finally {
    await tracing.close();
  }
});

test('long outputs are truncated to maxContentChars with valid JSON', async () => {
  const tracing = new InMemoryTracing({ maxContentChars: 200 });
  try {
    step('big', () => ({ text: 'x'.repeat(5000), list: Array.from({ length: 500 }, (_, i) => i) }));
    const value = tracing.span('big').attributes['output.value'] as string;
    assert.ok(value.length <= 200);
    assert.match(JSON.parse(value).text, /…\[truncated \d+ chars\]$/);
  } finally {
    runtime.maxContentChars = 16_000;
    await tracing.close();
  }
});

test('trace() step summary: lastTrace-style info via onTraceEnd and printSummary', async () => {
  const tracing = new InMemoryTracing();
  const seen: string[] = [];
  runtime.onTraceEnd = (info) => seen.push(info.text);
  const logged: string[] = [];
  const original = console.log;
  console.log = (line: string) => logged.push(line);
  try {
    await trace('req', async () => {
      await step('retrieve', async () => new Promise((r) => setTimeout(r, 5)));
      step('answer', () => 'ok');
    }, { printSummary: true });
  } finally {
    console.log = original;
  }
  try {
    const info = runtime.lastTrace!;
    assert.equal(info.traceId, tracing.span('req').spanContext().traceId);
    assert.deepEqual(info.summary.steps.map((s) => s.name), ['retrieve', 'answer']);
    assert.match(info.text, new RegExp(`^Trace ${info.traceId}:\\n  retrieve: \\d+ms \\(\\d+%\\)\\n  answer: \\d+ms \\(\\d+%\\)\\n  Total: \\d+ms$`));
    assert.deepEqual(seen, [info.text]);
    assert.deepEqual(logged, [info.text]);
  } finally {
    await tracing.close();
  }
});

test('without any tracer provider the helpers are pass-through', async () => {
  assert.equal(step('x', () => 5), 5);
  assert.equal(await trace('y', async (span) => span.traceId), '00000000000000000000000000000000');
});
