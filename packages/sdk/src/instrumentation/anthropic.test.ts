import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanStatusCode } from '@opentelemetry/api';
import Anthropic from '@anthropic-ai/sdk';
import { getHistory } from '../history/inspect-history.js';
import { traceRequest } from '../spans/trace.js';
import { useInstrumentationTestbed } from '../testing/instrumentation-testbed.js';
import { instrument, uninstrument } from './instrument.js';

let client: Anthropic;
const originalCreate = Anthropic.Messages.prototype.create;
const bed = useInstrumentationTestbed({ anthropic: Anthropic, hookRequire: false }, (b) => {
  client = new Anthropic({ baseURL: b.server.url, apiKey: 'test', maxRetries: 0 });
});

const MODEL = 'claude-sonnet-4-5';
const question = [{ role: 'user' as const, content: 'What is the capital of France? Paris is the capital of France.' }];
const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string', description: 'city name' } }, required: ['city'] },
};

function llmSpans() {
  return bed.tracing.spans().filter((s) => s.attributes['gen_ai.operation.name'] !== undefined);
}

test('messages.create: span under trace() with system prompt, output, usage, history', async () => {
  const message = await traceRequest('ask', () => client.messages.create({ model: MODEL, max_tokens: 100, system: 'Answer briefly.', messages: question }));
  const span = bed.tracing.span(`chat ${MODEL}`);
  assert.equal(span.parentSpanContext?.spanId, bed.tracing.span('ask').spanContext().spanId);
  const a = span.attributes;
  assert.equal(a['gen_ai.provider.name'], 'anthropic');
  assert.equal(a['gen_ai.request.max_tokens'], 100);
  assert.equal(a['llm.input_messages.0.message.role'], 'system');
  assert.equal(a['llm.input_messages.0.message.content'], 'Answer briefly.');
  const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('\n');
  assert.equal(a['output.value'], text);
  assert.equal(a['gen_ai.usage.output_tokens'], message.usage.output_tokens);
  assert.equal(a['gen_ai.response.id'], message.id);
  assert.equal(getHistory(1)[0]!.spanId, span.spanContext().spanId);
});

test('messages.create: tool_use blocks become tool calls', async () => {
  const message = await client.messages.create({
    model: MODEL,
    max_tokens: 100,
    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    tools: [weatherTool],
    tool_choice: { type: 'any' },
  });
  const block = message.content.find((b) => b.type === 'tool_use');
  assert.ok(block !== undefined && block.type === 'tool_use');
  const a = bed.tracing.span(`chat ${MODEL}`).attributes;
  assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.name'], 'get_weather');
  assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.id'], block.id);
  assert.deepEqual(JSON.parse(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments'] as string), block.input);
});

test('messages.create with stream: true: text, usage and time to first chunk; break ends the span', async () => {
  const stream = await client.messages.create({ model: MODEL, max_tokens: 100, messages: question, stream: true });
  assert.ok(stream.controller instanceof AbortController);
  let text = '';
  for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  const a = bed.tracing.span(`chat ${MODEL}`).attributes;
  assert.equal(a['output.value'], text);
  assert.ok((a['gen_ai.usage.output_tokens'] as number) > 0);
  assert.ok((a['gen_ai.usage.input_tokens'] as number) > 0);
  assert.equal(typeof a['gen_ai.response.time_to_first_chunk'], 'number');

  bed.tracing.exporter.reset();
  const again = await client.messages.create({ model: MODEL, max_tokens: 100, messages: question, stream: true });
  for await (const event of again) if (event.type === 'content_block_delta') break;
  const span = bed.tracing.span(`chat ${MODEL}`);
  assert.equal(span.attributes['loupe.llm.stream.stopped_early'], true);
});

test('messages.stream(): one span for the call, with tool use from the streamed input_json deltas', async () => {
  const final = await client.messages
    .stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools: [weatherTool], tool_choice: { type: 'any' } })
    .finalMessage();
  const spans = llmSpans();
  assert.equal(spans.length, 1);
  const block = final.content.find((b) => b.type === 'tool_use');
  assert.ok(block !== undefined && block.type === 'tool_use');
  const a = spans[0]!.attributes;
  assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.name'], 'get_weather');
  assert.deepEqual(JSON.parse(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments'] as string), block.input);
  assert.deepEqual(a['gen_ai.response.finish_reasons'], ['tool_use']);
});

test('an API error is an ERROR span with an exception event', async () => {
  await assert.rejects(
    client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'hi [[fail:429]]' }] }),
    (error: unknown) => error instanceof Anthropic.RateLimitError,
  );
  const span = bed.tracing.span(`chat ${MODEL}`);
  assert.equal(span.status.code, SpanStatusCode.ERROR);
  assert.ok(span.events.some((e) => e.name === 'exception'));
  assert.equal(getHistory(1)[0]!.status, 'error');
});

test('uninstrument() restores messages.create', async () => {
  uninstrument();
  try {
    assert.equal(Anthropic.Messages.prototype.create, originalCreate);
    await client.messages.create({ model: MODEL, max_tokens: 50, messages: question });
    assert.equal(llmSpans().length, 0);
  } finally {
    instrument({ anthropic: Anthropic, hookRequire: false });
  }
});
