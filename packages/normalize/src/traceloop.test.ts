import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSpan } from './normalize-span.js';
import { tlAgent, tlLegacyChat, tlLegacyEmbedding, tlTask, tlTool, tlWorkflow } from './fixtures/traceloop.js';

test('Traceloop workflow: CHAIN with entity input/output, association properties as user, session, metadata', () => {
  const s = normalizeSpan(tlWorkflow);
  assert.equal(s.kind, 'CHAIN');
  assert.equal(s.input, '{"args":["Weather in Paris?"],"kwargs":{}}');
  assert.equal(s.output, '"Paris: 18 °C."');
  assert.equal(s.userId, 'u-5');
  assert.equal(s.sessionId, 'chat-5');
  assert.deepEqual(s.metadata, { plan: 'pro', workflow: 'answer_question' });
  assert.equal(s.llm, undefined);
});

test('Traceloop tool, agent and task kinds', () => {
  const t = normalizeSpan(tlTool);
  assert.equal(t.kind, 'TOOL');
  assert.deepEqual(t.tool, { name: 'get_weather', arguments: '{"args":[],"kwargs":{"city":"Paris"}}', result: '{"temp_c":18}' });
  assert.equal(t.metadata?.['entityPath'], 'answer_question.planner');
  assert.equal(normalizeSpan(tlAgent).kind, 'AGENT');
  assert.equal(normalizeSpan(tlTask).kind, 'CHAIN');
});

test('older Traceloop LLM span: legacy GenAI messages and usage combine with llm.request.type and llm.usage.total_tokens', () => {
  const s = normalizeSpan(tlLegacyChat);
  assert.equal(s.kind, 'LLM');
  assert.equal(s.llm?.operation, 'chat');
  assert.equal(s.llm?.model, 'gpt-4o-mini');
  assert.deepEqual(s.llm?.inputMessages, [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Weather in Paris?' }]);
  assert.deepEqual(s.llm?.outputMessages, [
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}' }], finishReason: 'tool_calls' },
  ]);
  assert.deepEqual(s.usage, { input: 40, output: 9, total: 49 });
  assert.deepEqual(s.llm?.parameters, { temperature: 0.7 });
  assert.equal(s.userId, 'u-5');
  assert.ok(Math.abs(s.costUsd! - (40 * 0.15 + 9 * 0.6) / 1e6) < 1e-15);

  const e = normalizeSpan(tlLegacyEmbedding);
  assert.equal(e.kind, 'EMBEDDING');
  assert.equal(e.llm?.operation, 'embeddings');
  assert.deepEqual(e.usage, { input: 1, total: 1 });
});
