import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSpan } from './normalize-span.js';
import { oiChain, oiChatWithToolCall, oiEmbedding, oiReranker, oiRetriever, oiTool } from './fixtures/openinference.js';

test('OpenInference LLM span: messages with parts, tool calls, tokens, cost, params, ids, tags', () => {
  const s = normalizeSpan(oiChatWithToolCall);
  assert.equal(s.kind, 'LLM');
  assert.equal(s.project, 'weather');
  assert.equal(s.serviceName, 'weather-bot');
  assert.equal(s.otelKind, 3);
  assert.ok(s.llm);
  assert.equal(s.llm.model, 'gpt-4o-mini-2024-07-18');
  assert.equal(s.llm.provider, 'openai');
  assert.deepEqual(s.llm.parameters, { model: 'gpt-4o-mini', temperature: 0.1, max_tokens: 256 });
  assert.deepEqual(s.llm.inputMessages, [
    { role: 'system', content: 'You answer weather questions.' },
    { role: 'user', content: 'Weather in Paris?\nAnswer in Celsius.' },
    { role: 'tool', content: '12:00', name: 'clock', toolCallId: 'call_0' },
  ]);
  assert.deepEqual(s.llm.outputMessages, [{
    role: 'assistant',
    content: '',
    toolCalls: [
      { id: 'call_1', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { name: 'get_time', arguments: '{}' },
    ],
  }]);
  assert.deepEqual(s.usage, { input: 120, output: 18, total: 138, cacheRead: 64, cacheWrite: 8, reasoning: 4 });
  assert.ok(Math.abs(s.costUsd! - 0.0000288) < 1e-12);
  assert.equal(s.input, oiChatWithToolCall.attributes['input.value']);
  assert.equal(s.output, oiChatWithToolCall.attributes['output.value']);
  assert.equal(s.sessionId, 'sess-42');
  assert.equal(s.userId, 'user-7');
  assert.deepEqual(s.metadata, { experiment: 'b', version: 3 });
  assert.deepEqual(s.tags, ['prod', 'weather']);
  // Nothing is dropped: every raw attribute is still there.
  assert.deepEqual(s.attributes, oiChatWithToolCall.attributes);
});

test('OpenInference retriever: documents with id, content, score and parsed metadata; query from input', () => {
  const s = normalizeSpan(oiRetriever);
  assert.equal(s.kind, 'RETRIEVER');
  assert.equal(s.project, 'default');
  assert.deepEqual(s.documents, [
    { id: 'doc-1', content: 'Paris is the capital of France.', score: 0.92, metadata: { source: 'wiki/France' } },
    { id: 'doc-2', content: 'Lyon is a city in France.', score: 0.41 },
  ]);
  assert.equal(s.input, 'What is the capital of France?');
  assert.equal(s.llm, undefined);
});

test('OpenInference reranker: output documents and query', () => {
  const s = normalizeSpan(oiReranker);
  assert.equal(s.kind, 'RERANKER');
  assert.equal(s.query, 'capital of France');
  assert.deepEqual(s.documents, [{ id: 'doc-1', content: 'Paris is the capital of France.', score: 7.5 }]);
});

test('OpenInference tool: name, description, arguments and result from input/output', () => {
  const s = normalizeSpan(oiTool);
  assert.equal(s.kind, 'TOOL');
  assert.deepEqual(s.tool, { name: 'get_weather', description: 'Current weather for a city', arguments: '{"city": "Paris"}', result: '{"temp_c": 18}' });
});

test('OpenInference embedding and chain (kind is case-insensitive)', () => {
  const e = normalizeSpan(oiEmbedding);
  assert.equal(e.kind, 'EMBEDDING');
  assert.equal(e.llm?.model, 'text-embedding-3-small');
  assert.equal(e.llm?.operation, 'embeddings');
  assert.deepEqual(e.usage, { input: 4, total: 4 });
  const c = normalizeSpan(oiChain);
  assert.equal(c.kind, 'CHAIN');
  assert.equal(c.status, 'ok');
  assert.equal(c.input, 'What is the capital of France?');
  assert.equal(c.output, 'Paris.');
});
