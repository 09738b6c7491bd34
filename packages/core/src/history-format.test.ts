import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHistory } from './history-format.js';
import type { LLMCallRecord } from './span-model.js';

const START_US = Date.parse('2026-11-25T10:14:03.120Z') * 1000;

function call(overrides: Partial<LLMCallRecord> = {}, llm: Partial<LLMCallRecord['llm']> = {}): LLMCallRecord {
  return {
    project: 'default',
    traceId: 't1',
    spanId: 's1',
    name: 'chat gpt-4o-mini',
    startUs: START_US,
    durationMs: 12,
    status: 'ok',
    ...overrides,
    llm: {
      inputMessages: [
        { role: 'system', content: 'You answer questions.' },
        { role: 'user', content: '  What is 2+2?  ' },
      ],
      outputMessages: [{ role: 'assistant', content: '4' }],
      ...llm,
    },
  };
}

test('formats one call exactly like dspy.inspect_history without colour', () => {
  const text = formatHistory([call()]);
  assert.equal(
    text,
    '\n\n\n\n' +
      '[2026-11-25T10:14:03.120Z]\n\n' +
      'System message:\n\n' +
      'You answer questions.\n' +
      '\n\n' +
      'User message:\n\n' +
      'What is 2+2?\n' +
      '\n\n' +
      'Response:\n\n' +
      '4\n\n' +
      '\n\n\n\n',
  );
  assert.ok(!text.includes('\x1b'));
});

test('shows tool calls of the response, assistant tool calls in the prompt and other completions', () => {
  const text = formatHistory([
    call(
      {},
      {
        inputMessages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'c0', name: 'lookup', arguments: '{"q":"paris"}' }] },
          { role: 'tool', content: 'sunny', toolCallId: 'c0' },
        ],
        outputMessages: [
          { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
          { role: 'assistant', content: 'It is sunny.' },
        ],
      },
    ),
  ]);
  assert.equal(
    text,
    '\n\n\n\n' +
      '[2026-11-25T10:14:03.120Z]\n\n' +
      'User message:\n\nWeather in Paris?\n\n\n' +
      'Assistant message:\n\n\nlookup: {"q":"paris"}\n\n\n' +
      'Tool message:\n\nsunny\n\n\n' +
      'Tool calls:\n\n' +
      'get_weather: {"city":"Paris"}\n\n' +
      ' (and 1 other completions)\n' +
      '\n\n\n\n',
  );
});

test('prints calls oldest first and an error line for failed calls without a response', () => {
  const text = formatHistory([
    call({ spanId: 'a' }, { outputMessages: [{ role: 'assistant', content: 'first' }] }),
    call({ spanId: 'b', status: 'error', statusMessage: '429 rate limited' }, { outputMessages: [] }),
  ]);
  assert.ok(text.indexOf('first') < text.indexOf('429 rate limited'));
  assert.ok(text.includes('Error:\n\n429 rate limited\n\n'));
  assert.ok(!text.includes('Response:\n\n\n'));
});

test('colours headers red, the timestamp blue and the response green', () => {
  const text = formatHistory([call()], { color: true });
  assert.ok(text.includes('\x1b[34m[2026-11-25T10:14:03.120Z]\x1b[0m\n\n'));
  assert.ok(text.includes('\x1b[31mSystem message:\x1b[0m\n\n'));
  assert.ok(text.includes('\x1b[31mResponse:\x1b[0m\n\n\x1b[32m4\x1b[0m\n\n'));
});

test('no calls gives only the trailing blank lines', () => {
  assert.equal(formatHistory([]), '\n\n\n\n');
});
