import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore } from '@loupe/store';
import { normalizeSpans, normalizeSpan } from '@loupe/normalize';
import {
  vercelDoEmbed, vercelDoGenerateObject, vercelDoStreamOldUsage, vercelEmbed, vercelGenerateText, vercelStep1, vercelStep2, vercelToolCall,
} from '@loupe/normalize/fixtures/vercel-ai';

test('Vercel wrapper span: CHAIN with prompt, answer, user, session, metadata — and no usage', () => {
  const s = normalizeSpan(vercelGenerateText);
  assert.equal(s.kind, 'CHAIN');
  assert.equal(s.input, 'Weather in Paris?');
  assert.equal(s.output, 'Paris: 18 °C.');
  assert.equal(s.userId, 'u-42');
  assert.equal(s.sessionId, 'sess-7');
  assert.deepEqual(s.metadata, { tenant: 'acme', functionId: 'weather-qa' });
  assert.equal(s.usage, undefined, 'the steps carry the usage');
  assert.equal(s.costUsd, undefined);
  assert.equal(s.llm, undefined);
  assert.equal(s.attributes['ai.usage.totalTokens'], 275, 'raw totals stay in the attributes');
});

test('Vercel doGenerate step: LLM with messages, tool calls, provider, parameters, usage and cost', () => {
  const s = normalizeSpan(vercelStep1);
  assert.equal(s.kind, 'LLM');
  assert.ok(s.llm);
  assert.equal(s.llm.provider, 'openai', 'openai.chat → openai, beating gen_ai.system');
  assert.equal(s.llm.model, 'gpt-4o-mini');
  assert.equal(s.llm.responseModel, 'gpt-4o-mini-2024-07-18');
  assert.equal(s.llm.responseId, 'chatcmpl-1');
  assert.equal(s.llm.operation, 'chat');
  assert.deepEqual(s.llm.finishReasons, ['tool-calls']);
  assert.deepEqual(s.llm.parameters, { temperature: 0.2, max_tokens: 200 });
  assert.deepEqual(s.llm.inputMessages, [
    { role: 'system', content: 'Be terse.' },
    { role: 'user', content: 'Weather in Paris?' },
  ]);
  assert.deepEqual(s.llm.outputMessages, [
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }], finishReason: 'tool-calls' },
  ]);
  assert.deepEqual(s.usage, { input: 112, output: 10, total: 122, reasoning: 0, cacheRead: 0 });
  assert.equal(s.userId, 'u-42');
  // gpt-4o-mini: $0.15 in, $0.60 out per million.
  assert.ok(Math.abs(s.costUsd! - (112 * 0.15 + 10 * 0.6) / 1e6) < 1e-12);
});

test('Vercel second step: tool-call and tool-result parts, cached input priced at the cached rate', () => {
  const s = normalizeSpan(vercelStep2);
  assert.deepEqual(s.llm?.inputMessages.slice(2), [
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }] },
    { role: 'tool', content: '{"city":"Paris","temp":18}', toolCallId: 'call_1', name: 'weather' },
  ]);
  assert.deepEqual(s.llm?.outputMessages, [{ role: 'assistant', content: 'Paris: 18 °C.', finishReason: 'stop' }]);
  assert.equal(s.output, 'Paris: 18 °C.');
  assert.equal(s.usage?.cacheRead, 100);
  assert.ok(Math.abs(s.costUsd! - (45 * 0.15 + 100 * 0.075 + 8 * 0.6) / 1e6) < 1e-12);
});

test('Vercel ai.toolCall → TOOL with id, arguments and result', () => {
  const s = normalizeSpan(vercelToolCall);
  assert.equal(s.kind, 'TOOL');
  assert.deepEqual(s.tool, { name: 'weather', id: 'call_1', arguments: '{"city":"Paris"}', result: '{"city":"Paris","temp":18}' });
  assert.equal(s.input, '{"city":"Paris"}');
  assert.equal(s.output, '{"city":"Paris","temp":18}');
});

test('Vercel trace roll-up in the store counts each token once (wrapper usage is not added to its steps)', async () => {
  const spans = normalizeSpans([vercelGenerateText, vercelStep1, vercelToolCall, vercelStep2]);
  const store = openSqliteStore(':memory:');
  try {
    await store.ingest(spans);
    const detail = await store.getTrace(vercelGenerateText.traceId);
    assert.ok(detail);
    const summary = detail.summary;
    assert.equal(summary.inputTokens, 257);
    assert.equal(summary.outputTokens, 18);
    assert.equal(summary.totalTokens, 275);
    assert.equal(summary.llmCallCount, 2);
    assert.equal(summary.userId, 'u-42');
    assert.equal(summary.input, 'Weather in Paris?');
    assert.ok(Math.abs(summary.costUsd! - (spans[1]!.costUsd! + spans[3]!.costUsd!)) < 1e-15);
  } finally {
    await store.close();
  }
});

test('Vercel doStream: ms to first chunk, old promptTokens/completionTokens, snake_case metadata keys', () => {
  const s = normalizeSpan(vercelDoStreamOldUsage);
  assert.equal(s.kind, 'LLM');
  assert.equal(s.llm?.provider, 'anthropic');
  assert.equal(s.llm?.timeToFirstTokenMs, 187.5);
  assert.deepEqual(s.llm?.inputMessages, [{ role: 'user', content: 'Say hi' }]);
  assert.deepEqual(s.usage, { input: 1000, output: 100, total: 1100 });
  assert.equal(s.userId, 'u-9');
  assert.equal(s.sessionId, 's-9');
  assert.ok(Math.abs(s.costUsd! - (1000 * 3 + 100 * 15) / 1e6) < 1e-12, 'claude-3-5-sonnet-20241022 priced as claude-3-5-sonnet');
});

test('Vercel generateObject step answers with the object; embed wrapper and doEmbed', () => {
  const o = normalizeSpan(vercelDoGenerateObject);
  assert.deepEqual(o.llm?.outputMessages, [{ role: 'assistant', content: '{"city":"Paris"}', finishReason: 'stop' }]);
  assert.equal(o.output, '{"city":"Paris"}');

  const wrapper = normalizeSpan(vercelEmbed);
  assert.equal(wrapper.kind, 'CHAIN');
  assert.equal(wrapper.input, 'hello world');
  assert.equal(wrapper.usage, undefined);

  const e = normalizeSpan(vercelDoEmbed);
  assert.equal(e.kind, 'EMBEDDING');
  assert.equal(e.llm?.operation, 'embeddings');
  assert.equal(e.llm?.provider, 'openai');
  assert.equal(e.input, 'hello world');
  assert.deepEqual(e.usage, { input: 2 });
  assert.ok(Math.abs(e.costUsd! - (2 * 0.02) / 1e6) < 1e-15);
});
