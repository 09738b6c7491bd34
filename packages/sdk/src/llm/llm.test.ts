import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemoryTracing } from '../testing/in-memory-tracing.js';
import { clearHistory, getHistory } from '../history/inspect-history.js';
import { step } from '../spans/step.js';
import { llm, recordLLMCall } from './llm.js';

function openAIResponse() {
  return {
    id: 'chatcmpl-123',
    object: 'chat.completion',
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        finish_reason: 'tool_calls',
      },
    ],
    usage: {
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 12 },
    },
  };
}

const messages = [
  { role: 'system', content: 'You are a weather bot.' },
  { role: 'user', content: 'Example: weather in Rome?' },
  { role: 'assistant', content: 'Sunny.' },
  { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
];

test('llm() maps an OpenAI chat completion to GenAI + OpenInference attributes', async () => {
  const tracing = new InMemoryTracing();
  clearHistory();
  try {
    const response = openAIResponse();
    const result = await llm(async () => response, {
      model: 'gpt-4o-mini',
      provider: 'openai',
      messages,
      parameters: { temperature: 0.2, max_tokens: 200, top_p: 0.9, stop: ['END'] },
    });
    assert.equal(result, response);
    const span = tracing.span('chat gpt-4o-mini');
    assert.equal(span.kind, SpanKind.CLIENT);
    assert.equal(span.status.code, SpanStatusCode.OK);
    const a = span.attributes;
    assert.equal(a['gen_ai.operation.name'], 'chat');
    assert.equal(a['gen_ai.provider.name'], 'openai');
    assert.equal(a['gen_ai.request.model'], 'gpt-4o-mini');
    assert.equal(a['gen_ai.request.temperature'], 0.2);
    assert.equal(a['gen_ai.request.max_tokens'], 200);
    assert.equal(a['gen_ai.request.top_p'], 0.9);
    assert.deepEqual(a['gen_ai.request.stop_sequences'], ['END']);
    assert.equal(a['gen_ai.response.model'], 'gpt-4o-mini-2024-07-18');
    assert.equal(a['gen_ai.response.id'], 'chatcmpl-123');
    assert.deepEqual(a['gen_ai.response.finish_reasons'], ['tool_calls']);
    assert.equal(a['gen_ai.usage.input_tokens'], 120);
    assert.equal(a['gen_ai.usage.output_tokens'], 30);
    assert.equal(a['gen_ai.usage.cache_read.input_tokens'], 100);
    assert.equal(a['gen_ai.usage.reasoning.output_tokens'], 12);
    assert.deepEqual(JSON.parse(a['gen_ai.input.messages'] as string), [
      { role: 'system', parts: [{ type: 'text', content: 'You are a weather bot.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Example: weather in Rome?' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ]);
    assert.equal(a['gen_ai.system_instructions'], undefined, 'system messages are chat history for OpenAI-style calls, not separate instructions');
    assert.deepEqual(JSON.parse(a['gen_ai.output.messages'] as string), [
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_calls' },
    ]);
    assert.equal(a['openinference.span.kind'], 'LLM');
    assert.equal(a['llm.model_name'], 'gpt-4o-mini-2024-07-18');
    assert.equal(a['llm.provider'], 'openai');
    assert.deepEqual(JSON.parse(a['llm.invocation_parameters'] as string), { temperature: 0.2, max_tokens: 200, top_p: 0.9, stop: ['END'] });
    assert.equal(a['llm.input_messages.0.message.role'], 'system');
    assert.equal(a['llm.input_messages.0.message.content'], 'You are a weather bot.');
    assert.equal(a['llm.input_messages.3.message.content'], 'Weather in Paris?');
    assert.equal(a['llm.output_messages.0.message.role'], 'assistant');
    assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.name'], 'get_weather');
    assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments'], '{"city":"Paris"}');
    assert.equal(a['llm.token_count.prompt'], 120);
    assert.equal(a['llm.token_count.completion'], 30);
    assert.equal(a['llm.token_count.total'], 150);
    assert.equal(a['llm.token_count.prompt_details.cache_read'], 100);
    assert.equal(a['llm.token_count.completion_details.reasoning'], 12);
    assert.equal(JSON.parse(a['input.value'] as string).messages.length, 4);
    assert.equal(a['input.mime_type'], 'application/json');
    assert.equal(JSON.parse(a['loupe.llm.raw_response'] as string).id, 'chatcmpl-123');

    const [record] = getHistory(1);
    assert.equal(record!.spanId, span.spanContext().spanId);
    assert.equal(record!.status, 'ok');
    assert.equal(record!.llm.inputMessages.length, 4);
    assert.deepEqual(record!.llm.outputMessages[0]!.toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    assert.deepEqual(record!.usage, { input: 120, output: 30, total: 150, cacheRead: 100, reasoning: 12 });
  } finally {
    await tracing.close();
  }
});

test('llm() reads an Anthropic message, infers the provider and records parsed fields', () => {
  const tracing = new InMemoryTracing();
  try {
    const response = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'tu_1', name: 'lookup', input: { q: 'refunds' } },
      ],
      stop_reason: 'tool_use',
      usage: { input_tokens: 20, output_tokens: 8, cache_read_input_tokens: 100 },
    };
    llm((span) => {
      span.setParsed({ answer: 'check' });
      return response;
    }, { model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'Refund policy?' }] });
    const a = tracing.span('chat claude-sonnet-4').attributes;
    assert.equal(a['gen_ai.provider.name'], 'anthropic');
    assert.equal(a['gen_ai.usage.input_tokens'], 120);
    assert.equal(a['gen_ai.usage.cache_read.input_tokens'], 100);
    assert.equal(a['llm.output_messages.0.message.content'], 'Let me check.');
    assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments'], '{"q":"refunds"}');
    assert.deepEqual(JSON.parse(a['loupe.llm.parsed'] as string), { answer: 'check' });
  } finally {
    void tracing.close();
  }
});

test('llm() records a failing call and rethrows the same error', async () => {
  const tracing = new InMemoryTracing();
  clearHistory();
  try {
    const boom = new Error('429 rate limited');
    await assert.rejects(
      llm(async () => {
        throw boom;
      }, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      (error) => error === boom,
    );
    const span = tracing.span('chat gpt-4o');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.events[0]!.name, 'exception');
    assert.equal(getHistory(1)[0]!.status, 'error');
    assert.match(getHistory(1)[0]!.statusMessage!, /429 rate limited/);
  } finally {
    await tracing.close();
  }
});

test('recordLLMCall records an after-the-fact call under the current span', async () => {
  const tracing = new InMemoryTracing();
  clearHistory();
  try {
    const start = Date.now() - 500;
    const record = step('answer', () =>
      recordLLMCall({
        model: 'llama3',
        provider: 'ollama',
        messages: [{ role: 'user', content: 'Hi' }],
        output: 'Hello!',
        toolCalls: [{ id: 't1', name: 'search', arguments: '{}' }],
        usage: { input: 3, output: 2, cached: 1, reasoning: 0 },
        costUsd: 0.0001,
        startTime: start,
        endTime: start + 250,
      }),
    );
    assert.ok(record);
    const span = tracing.span('chat llama3');
    assert.equal(span.parentSpanContext?.spanId, tracing.span('answer').spanContext().spanId);
    assert.equal(span.attributes['llm.cost.total'], 0.0001);
    assert.equal(span.attributes['gen_ai.usage.cache_read.input_tokens'], 1);
    assert.equal(span.attributes['output.mime_type'], 'application/json');
    assert.equal(span.attributes['llm.output_messages.0.message.content'], 'Hello!');
    assert.equal(record.durationMs, 250);
    assert.equal(getHistory(5).length, 1);
  } finally {
    await tracing.close();
  }
});

test('captureContent: false keeps model, tokens and names but no content', async () => {
  const tracing = new InMemoryTracing({ captureContent: false });
  clearHistory();
  try {
    await llm(async () => openAIResponse(), { model: 'gpt-4o-mini', messages, parameters: { temperature: 0 } });
    const a = tracing.span('chat gpt-4o-mini').attributes;
    assert.equal(a['gen_ai.request.model'], 'gpt-4o-mini');
    assert.equal(a['gen_ai.usage.input_tokens'], 120);
    for (const key of Object.keys(a)) {
      assert.ok(!/messages|input\.value|output\.value|raw_response|system_instructions|parsed/.test(key), `content attribute ${key}`);
    }
    const record = getHistory(1)[0]!;
    assert.deepEqual(record.llm.inputMessages, []);
    assert.deepEqual(record.llm.outputMessages, []);
    assert.equal(record.llm.rawResponse, undefined);
  } finally {
    await tracing.close();
  }
});
