import { test } from 'node:test';
import assert from 'node:assert/strict';
import { context, SpanKind, SpanStatusCode, trace as otelTrace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { getHistory } from '../history/inspect-history.js';
import { traceRequest } from '../spans/trace.js';
import { useInstrumentationTestbed } from '../testing/instrumentation-testbed.js';
import { instrument, uninstrument } from './instrument.js';

let client: OpenAI;
const originalCreate = OpenAI.Chat.Completions.prototype.create;
const bed = useInstrumentationTestbed({ openai: OpenAI, hookRequire: false }, (b) => {
  client = new OpenAI({ baseURL: b.server.baseURL, apiKey: 'test', maxRetries: 1 });
});

const question = [
  { role: 'system' as const, content: 'Answer briefly.' },
  { role: 'user' as const, content: 'What is the capital of France? Paris is the capital of France.' },
];

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string', description: 'city name' } }, required: ['city'] },
  },
};

function llmSpans() {
  return bed.tracing.spans().filter((s) => s.attributes['gen_ai.operation.name'] !== undefined);
}

test('chat.completions.create: one CLIENT span nested under trace(), with messages, output, tokens, and a history entry', async () => {
  const completion = await traceRequest('answer', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, temperature: 0 }));
  const root = bed.tracing.span('answer');
  const span = bed.tracing.span('chat gpt-4o-mini');
  assert.equal(span.kind, SpanKind.CLIENT);
  assert.equal(span.parentSpanContext?.spanId, root.spanContext().spanId);
  assert.equal(span.status.code, SpanStatusCode.OK);
  const a = span.attributes;
  assert.equal(a['gen_ai.provider.name'], 'openai');
  assert.equal(a['gen_ai.request.model'], 'gpt-4o-mini');
  assert.equal(a['gen_ai.request.temperature'], 0);
  assert.equal(a['llm.input_messages.0.message.role'], 'system');
  assert.equal(a['llm.input_messages.1.message.content'], question[1]!.content);
  assert.equal(a['output.value'], completion.choices[0]!.message.content);
  assert.equal(a['gen_ai.response.id'], completion.id);
  assert.equal(a['gen_ai.usage.input_tokens'], completion.usage!.prompt_tokens);
  assert.equal(a['gen_ai.usage.output_tokens'], completion.usage!.completion_tokens);
  assert.deepEqual(a['gen_ai.response.finish_reasons'], ['stop']);
  const [record] = getHistory(1);
  assert.equal(record!.spanId, span.spanContext().spanId);
  assert.equal(record!.llm?.outputMessages[0]!.content, completion.choices[0]!.message.content);
});

test('chat.completions.create: tool calls, tool definitions, and cached tokens on a repeated long prefix', async () => {
  const system = 'You are a weather assistant. ' + 'Always be precise, cite the city, and use tools. '.repeat(30);
  const messages = [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: 'What is the weather in Paris?' },
  ];
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [weatherTool], tool_choice: 'required' });
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [weatherTool], tool_choice: 'required' });
  const spans = llmSpans();
  assert.equal(spans.length, 2);
  const a = spans[1]!.attributes;
  const call = completion.choices[0]!.message.tool_calls![0]!;
  assert.equal(call.type, 'function');
  assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.name'], 'get_weather');
  assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.id'], call.id);
  assert.deepEqual(JSON.parse(a['gen_ai.output.messages'] as string)[0].parts[0].name, 'get_weather');
  assert.equal(JSON.parse(a['gen_ai.tool.definitions'] as string)[0].function.name, 'get_weather');
  const cached = completion.usage!.prompt_tokens_details?.cached_tokens;
  assert.ok(cached !== undefined && cached > 0, 'the local server reports cached tokens on the second call');
  assert.equal(a['gen_ai.usage.cache_read.input_tokens'], cached);
  assert.equal(a['llm.token_count.prompt_details.cache_read'], cached);
});

test('streamed chat with include_usage: the caller gets the Stream; the span has text, usage and time to first chunk', async () => {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, stream: true, stream_options: { include_usage: true } });
  assert.ok(stream.controller instanceof AbortController);
  assert.equal(typeof stream.tee, 'function');
  assert.equal(typeof stream.toReadableStream, 'function');
  let text = '';
  let usageChunks = 0;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.choices.length === 0 && chunk.usage) usageChunks++;
  }
  assert.equal(usageChunks, 1, 'the caller asked for usage and sees the usage chunk');
  const span = bed.tracing.span('chat gpt-4o-mini');
  const a = span.attributes;
  assert.equal(span.status.code, SpanStatusCode.OK);
  assert.equal(a['output.value'], text);
  assert.ok((a['gen_ai.usage.input_tokens'] as number) > 0);
  assert.ok((a['gen_ai.usage.output_tokens'] as number) > 0);
  const ttft = a['gen_ai.response.time_to_first_chunk'];
  assert.equal(typeof ttft, 'number');
  assert.ok((ttft as number) >= 0);
  assert.equal(a['gen_ai.request.stream'], true);
  assert.equal(getHistory(1)[0]!.llm?.outputMessages[0]!.content, text);
});

test('injectStreamUsage adds include_usage, hides the extra chunk from the caller and records the tokens', async () => {
  instrument({ openai: OpenAI, hookRequire: false, injectStreamUsage: true });
  try {
    const request = { model: 'gpt-4o-mini', messages: question, stream: true as const };
    const stream = await client.chat.completions.create(request);
    let usageChunks = 0;
    for await (const chunk of stream) if (chunk.choices.length === 0) usageChunks++;
    assert.equal(usageChunks, 0);
    assert.equal('stream_options' in request, false, "the app's request object is not modified");
    const a = bed.tracing.span('chat gpt-4o-mini').attributes;
    assert.ok((a['gen_ai.usage.output_tokens'] as number) > 0);
  } finally {
    instrument({ openai: OpenAI, hookRequire: false, injectStreamUsage: false });
  }
});

test('streamed tool calls are assembled from their deltas', async () => {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    tools: [weatherTool],
    tool_choice: 'required',
    stream: true,
  });
  let args = '';
  for await (const chunk of stream) args += chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
  const a = bed.tracing.span('chat gpt-4o-mini').attributes;
  assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.name'], 'get_weather');
  assert.equal(a['llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments'], args);
  assert.deepEqual(a['gen_ai.response.finish_reasons'], ['tool_calls']);
});

test('breaking out of a stream ends the span (partial output kept) and leaks no context', async () => {
  const outer = context.active();
  await traceRequest('early', async () => {
    const rootSpan = otelTrace.getSpan(context.active());
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, stream: true });
    let seen = '';
    for await (const chunk of stream) {
      seen += chunk.choices[0]?.delta?.content ?? '';
      if (seen !== '') break;
    }
    assert.equal(otelTrace.getSpan(context.active()), rootSpan, 'the LM span is not left current after the loop');
  });
  assert.equal(context.active(), outer);
  const span = bed.tracing.span('chat gpt-4o-mini');
  assert.equal(span.ended, true);
  assert.equal(span.attributes['loupe.llm.stream.stopped_early'], true);
  assert.equal(span.parentSpanContext?.spanId, bed.tracing.span('early').spanContext().spanId);
  assert.ok(String(span.attributes['output.value']).length > 0);
});

test('aborting a stream ends the span, marked aborted', async () => {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, stream: true });
  let chunks = 0;
  for await (const _ of stream) {
    chunks++;
    stream.controller.abort();
  }
  assert.ok(chunks >= 1, 'chunks already buffered may still arrive');
  const span = bed.tracing.span('chat gpt-4o-mini');
  assert.equal(span.ended, true);
  assert.equal(span.attributes['loupe.llm.stream.aborted'], true);
});

test('a request aborted before the response ends the span with an error', async () => {
  const controller = new AbortController();
  const pending = client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi [[fail:timeout]]' }] }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(pending, (error: unknown) => error instanceof OpenAI.APIUserAbortError);
  const span = bed.tracing.span('chat gpt-4o-mini');
  assert.equal(span.status.code, SpanStatusCode.ERROR);
});

test('.withResponse() and .asResponse() keep working and end the span', async () => {
  const { data, response, request_id } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question }).withResponse();
  assert.equal(response.status, 200);
  assert.equal(typeof request_id, 'string');
  assert.equal(bed.tracing.span('chat gpt-4o-mini').attributes['gen_ai.response.id'], data.id);
  bed.tracing.exporter.reset();
  const raw = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question }).asResponse();
  assert.equal(raw.status, 200);
  await raw.text();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(bed.tracing.span('chat gpt-4o-mini').attributes['loupe.llm.body_unread'], true);
});

test('a failed call (retried once) is one ERROR span with the message, an exception event and the retry count', async () => {
  await assert.rejects(
    traceRequest('failing', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello [[fail:500]]' }] })),
    (error: unknown) => error instanceof OpenAI.InternalServerError,
  );
  const spans = llmSpans();
  assert.equal(spans.length, 1, 'one span for the logical call, retries included');
  const span = spans[0]!;
  assert.equal(span.status.code, SpanStatusCode.ERROR);
  assert.match(span.status.message ?? '', /injected by the local model/);
  assert.ok(span.events.some((e) => e.name === 'exception'));
  assert.ok(span.events.some((e) => e.name === 'gen_ai.request.retry'));
  assert.equal(span.attributes['http.request.resend_count'], 1);
  assert.equal(span.attributes['error.type'], 'InternalServerError');
  const [record] = getHistory(1);
  assert.equal(record!.status, 'error');
});

test('responses.create, plain and streamed', async () => {
  const response = await client.responses.create({ model: 'gpt-4o-mini', instructions: 'Answer briefly.', input: question[1]!.content });
  let span = bed.tracing.span('chat gpt-4o-mini');
  assert.equal(span.attributes['output.value'], response.output_text);
  assert.equal(span.attributes['llm.input_messages.0.message.role'], 'system');
  assert.equal(span.attributes['gen_ai.usage.input_tokens'], response.usage!.input_tokens);
  assert.equal(span.attributes['gen_ai.response.id'], response.id);

  bed.tracing.exporter.reset();
  const stream = await client.responses.create({ model: 'gpt-4o-mini', input: question[1]!.content, stream: true });
  let text = '';
  for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
  span = bed.tracing.span('chat gpt-4o-mini');
  assert.equal(span.attributes['output.value'], text);
  assert.ok((span.attributes['gen_ai.usage.output_tokens'] as number) > 0);
  assert.equal(typeof span.attributes['gen_ai.response.time_to_first_chunk'], 'number');
});

test('embeddings.create: an EMBEDDING span with the texts, dimensions and tokens', async () => {
  const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
  const span = bed.tracing.span('embeddings text-embedding-3-small');
  const a = span.attributes;
  assert.equal(a['openinference.span.kind'], 'EMBEDDING');
  assert.equal(a['gen_ai.operation.name'], 'embeddings');
  assert.equal(a['embedding.embeddings.1.embedding.text'], 'beta');
  assert.equal(a['gen_ai.embeddings.dimension.count'], result.data[0]!.embedding.length);
  assert.equal(a['gen_ai.usage.input_tokens'], result.usage.prompt_tokens);
  assert.equal(a['loupe.llm.raw_response'], undefined);
});

test('instrument() twice patches once; uninstrument() restores the original methods', async () => {
  instrument({ openai: OpenAI, hookRequire: false });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question });
  assert.equal(llmSpans().length, 1);
  uninstrument();
  try {
    assert.equal(OpenAI.Chat.Completions.prototype.create, originalCreate);
    bed.tracing.exporter.reset();
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question });
    assert.equal(llmSpans().length, 0);
  } finally {
    instrument({ openai: OpenAI, hookRequire: false });
  }
  assert.notEqual(OpenAI.Chat.Completions.prototype.create, originalCreate);
});
