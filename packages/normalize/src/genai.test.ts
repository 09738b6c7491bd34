import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSpan } from './normalize-span.js';
import { genAiAgent, genAiChat, genAiEmbeddings, genAiRetrieval, genAiTool } from './fixtures/genai.js';

test('GenAI chat: structured messages, system instructions, tool call round trip, usage, params, ttft', () => {
  const s = normalizeSpan(genAiChat);
  assert.equal(s.kind, 'LLM');
  assert.ok(s.llm);
  assert.equal(s.llm.operation, 'chat');
  assert.equal(s.llm.provider, 'openai');
  assert.equal(s.llm.model, 'gpt-4o');
  assert.equal(s.llm.responseModel, 'gpt-4o-2024-08-06');
  assert.equal(s.llm.responseId, 'chatcmpl-9');
  assert.deepEqual(s.llm.finishReasons, ['stop']);
  assert.equal(s.llm.timeToFirstTokenMs, 250);
  assert.deepEqual(s.llm.parameters, { temperature: 0.3, max_tokens: 512, top_p: 0.9, stop_sequences: ['\n\n'] });
  assert.deepEqual(s.llm.inputMessages, [
    { role: 'system', content: 'Be terse.' },
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
    { role: 'tool', content: '{"temp_c":18}', toolCallId: 'call_1' },
  ]);
  assert.deepEqual(s.llm.outputMessages, [{ role: 'assistant', content: 'Paris: 18 °C.', finishReason: 'stop' }]);
  assert.deepEqual(s.usage, { input: 200, output: 12, cacheRead: 128, cacheWrite: 0, reasoning: 6, total: 212 });
  assert.equal(s.sessionId, 'conv-1');
  assert.equal(s.output, 'Paris: 18 °C.');
  assert.match(s.input!, /"Weather in Paris\?"/);
});

test('GenAI execute_tool → TOOL with call id, arguments and result', () => {
  const s = normalizeSpan(genAiTool);
  assert.equal(s.kind, 'TOOL');
  assert.deepEqual(s.tool, { name: 'get_weather', id: 'call_1', description: 'Current weather', arguments: '{"city":"Paris"}', result: '{"temp_c":18}' });
  assert.equal(s.input, '{"city":"Paris"}');
  assert.equal(s.output, '{"temp_c":18}');
  assert.equal(s.llm, undefined);
});

test('GenAI retrieval, agent and embeddings', () => {
  const r = normalizeSpan(genAiRetrieval);
  assert.equal(r.kind, 'RETRIEVER');
  assert.equal(r.query, 'capital of France');
  assert.deepEqual(r.documents, [{ id: 'doc-1', content: 'Paris is the capital.', score: 0.9 }, { id: 'doc-2', score: 0.3 }]);
  assert.equal(normalizeSpan(genAiAgent).kind, 'AGENT');
  const e = normalizeSpan(genAiEmbeddings);
  assert.equal(e.kind, 'EMBEDDING');
  assert.equal(e.llm?.model, 'text-embedding-3-small');
  assert.equal(e.llm?.operation, 'embeddings');
  assert.deepEqual(e.usage, { input: 7 });
});
