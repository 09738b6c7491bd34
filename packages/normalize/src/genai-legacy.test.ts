import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSpan } from './normalize-span.js';
import { legacyContentEvents, legacyEvents, legacyFlat } from './fixtures/genai-legacy.js';

test('legacy flattened gen_ai.prompt/completion with tool calls and prompt/completion tokens', () => {
  const s = normalizeSpan(legacyFlat);
  assert.equal(s.kind, 'LLM');
  assert.ok(s.llm);
  assert.equal(s.llm.provider, 'OpenAI');
  assert.equal(s.llm.model, 'gpt-3.5-turbo');
  assert.equal(s.llm.responseModel, 'gpt-3.5-turbo-0125');
  assert.deepEqual(s.llm.parameters, { temperature: 0.7 });
  assert.deepEqual(s.llm.inputMessages, [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content: 'Weather in Paris?' },
  ]);
  assert.deepEqual(s.llm.outputMessages, [{
    role: 'assistant', content: '', finishReason: 'tool_calls',
    toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}' }],
  }]);
  assert.deepEqual(s.llm.finishReasons, ['tool_calls']);
  assert.deepEqual(s.usage, { input: 31, output: 17, total: 48 });
});

test('legacy per-message events and gen_ai.choice', () => {
  const s = normalizeSpan(legacyEvents);
  assert.equal(s.kind, 'LLM');
  assert.ok(s.llm);
  assert.deepEqual(s.llm.inputMessages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
    { role: 'tool', content: '18C', toolCallId: 'call_1' },
  ]);
  assert.deepEqual(s.llm.outputMessages, [{ role: 'assistant', content: 'It is 18 °C.', finishReason: 'stop' }]);
  assert.deepEqual(s.llm.finishReasons, ['stop']);
  assert.deepEqual(s.usage, { input: 25, output: 9, total: 34 });
  assert.equal(s.events.length, 5, 'events are kept');
});

test('legacy gen_ai.content.prompt/completion events with JSON message lists', () => {
  const s = normalizeSpan(legacyContentEvents);
  assert.equal(s.kind, 'LLM');
  assert.deepEqual(s.llm?.inputMessages, [{ role: 'user', content: 'Hi' }]);
  assert.deepEqual(s.llm?.outputMessages, [{ role: 'assistant', content: 'Hello!' }]);
  assert.equal(s.output, 'Hello!');
});
