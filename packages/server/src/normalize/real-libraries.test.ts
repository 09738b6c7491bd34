import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startLocalModelServer, type LocalModelServer } from '@loupe/local-model';
import type { NormalizedSpan } from '@loupe/core';
import * as openaiModule from 'openai';
import { OpenAIInstrumentation as OpenInferenceOpenAI } from '@arizeai/openinference-instrumentation-openai';
import { OpenAIInstrumentation as TraceloopOpenAI } from '@traceloop/instrumentation-openai';
import { embed, generateText, stepCountIs, streamText, tool, jsonSchema } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { normalizeSpans } from '@loupe/normalize';
import { viaOtlp } from './fixtures/otlp-roundtrip.js';

/**
 * The instrumentations Loupe must read, run for real against the local OpenAI-compatible model;
 * their spans go through the OTLP protobuf encoding and our decoder, then normalization.
 */
let lm: LocalModelServer;
// What an app's NodeSDK sets up: without a context manager, child spans would not find their parent.
const contextManager = new AsyncLocalStorageContextManager();
before(async () => {
  context.setGlobalContextManager(contextManager.enable());
  lm = await startLocalModelServer({ latencyMs: { min: 0, max: 1 } });
});
after(async () => {
  await lm.close();
  contextManager.disable();
  context.disable();
});

function tracing(): { provider: BasicTracerProvider; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  return { exporter, provider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }) };
}

const GPT_4O_MINI = { input: 0.15, output: 0.6 };
function assertCost(s: NormalizedSpan): void {
  assert.ok(s.usage?.input && s.usage.output, 'usage recorded');
  const expected = (s.usage.input * GPT_4O_MINI.input + s.usage.output * GPT_4O_MINI.output) / 1e6;
  assert.ok(Math.abs(s.costUsd! - expected) < 1e-12, `cost ${s.costUsd} ≠ ${expected}`);
}

test('OpenInference openai 4.2 spans: prompt, response, tool calls, tokens, cost', async () => {
  const { provider, exporter } = tracing();
  const instrumentation = new OpenInferenceOpenAI();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(openaiModule as never);
  try {
    const client = new openaiModule.OpenAI({ baseURL: lm.baseURL, apiKey: 'test' });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      temperature: 0,
      messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'What is the capital of France?' }],
    });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
    });
  } finally {
    instrumentation.disable();
  }
  const spans = normalizeSpans(viaOtlp(exporter.getFinishedSpans()));
  assert.equal(spans.length, 2);
  const [plain, withTool] = spans as [NormalizedSpan, NormalizedSpan];
  assert.equal(plain.kind, 'LLM');
  assert.equal(plain.llm?.model, 'gpt-4o-mini');
  assert.equal(plain.llm?.provider, 'openai');
  assert.deepEqual(plain.llm?.inputMessages, [
    { role: 'system', content: 'Be terse.' },
    { role: 'user', content: 'What is the capital of France?' },
  ]);
  assert.equal(plain.llm?.outputMessages.length, 1);
  assert.ok(plain.llm!.outputMessages[0]!.content.length > 0);
  assert.equal(plain.llm?.parameters?.['temperature'], 0);
  assertCost(plain);
  assert.equal(plain.usage!.total, plain.usage!.input! + plain.usage!.output!);

  const call = withTool.llm?.outputMessages[0]?.toolCalls?.[0];
  assert.equal(call?.name, 'weather');
  assert.match(call!.arguments, /Paris/);
  assertCost(withTool);
});

test('Vercel AI SDK 6 spans: CHAIN > LLM steps > TOOL tree, messages, tokens counted once, cost', async () => {
  const { provider, exporter } = tracing();
  const tracer = provider.getTracer('ai');
  const openai = createOpenAI({ baseURL: lm.baseURL, apiKey: 'test' });
  const telemetry = { isEnabled: true, tracer, functionId: 'weather-qa', metadata: { userId: 'u-1', session_id: 's-1', tenant: 'acme' } };
  await generateText({
    model: openai.chat('gpt-4o-mini'),
    system: 'Be terse.',
    prompt: 'What is the weather in Paris?',
    tools: {
      weather: tool({
        description: 'Weather',
        inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
        execute: async ({ city }) => ({ city, tempC: 18 }),
      }),
    },
    stopWhen: stepCountIs(3),
    experimental_telemetry: telemetry,
  });
  const stream = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hi', experimental_telemetry: telemetry });
  for await (const _ of stream.textStream) { /* drain */ }
  await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello', experimental_telemetry: telemetry });

  const spans = normalizeSpans(viaOtlp(exporter.getFinishedSpans()));
  const byName = (name: string) => spans.filter((s) => s.name === name);
  const [root] = byName('ai.generateText');
  assert.ok(root);
  assert.equal(root.kind, 'CHAIN');
  assert.equal(root.parentSpanId, undefined);
  assert.equal(root.input, 'What is the weather in Paris?');
  assert.equal(root.userId, 'u-1');
  assert.equal(root.sessionId, 's-1');
  assert.equal(root.metadata?.['tenant'], 'acme');
  assert.equal(root.usage, undefined);

  const steps = byName('ai.generateText.doGenerate');
  assert.ok(steps.length >= 2, 'a tool step and an answer step');
  for (const step of steps) {
    assert.equal(step.kind, 'LLM');
    assert.equal(step.parentSpanId, root.spanId);
    assert.equal(step.llm?.provider, 'openai');
    assert.equal(step.llm?.inputMessages[0]?.role, 'system');
    assertCost(step);
  }
  assert.equal(steps[0]!.llm?.outputMessages[0]?.toolCalls?.[0]?.name, 'weather');
  const toolSpan = byName('ai.toolCall')[0];
  assert.equal(toolSpan?.kind, 'TOOL');
  assert.equal(toolSpan?.tool?.name, 'weather');
  assert.match(toolSpan!.tool!.result!, /18/);
  const last = steps[steps.length - 1]!;
  assert.ok(last.llm?.inputMessages.some((m) => m.role === 'tool' && m.toolCallId === steps[0]!.llm?.outputMessages[0]?.toolCalls?.[0]?.id));
  assert.equal(last.output, root.output);

  // The wrapper's raw usage is the steps' sum; only the steps carry `usage`.
  const stepInput = steps.reduce((n, s) => n + s.usage!.input!, 0);
  assert.equal(root.attributes['ai.usage.inputTokens'], stepInput);
  const counted = spans.filter((s) => s.traceId === root.traceId).reduce((n, s) => n + (s.usage?.input ?? 0), 0);
  assert.equal(counted, stepInput);

  const doStream = byName('ai.streamText.doStream')[0];
  assert.equal(doStream?.kind, 'LLM');
  assert.ok(doStream!.llm!.timeToFirstTokenMs! >= 0);
  assertCost(doStream!);
  assert.equal(byName('ai.streamText')[0]?.kind, 'CHAIN');

  const doEmbed = byName('ai.embed.doEmbed')[0];
  assert.equal(doEmbed?.kind, 'EMBEDDING');
  assert.equal(doEmbed?.input, 'hello');
  assert.equal(doEmbed?.llm?.model, 'text-embedding-3-small');
});

test('Traceloop openai 0.27 spans: current GenAI names with total tokens, cost', async () => {
  const { provider, exporter } = tracing();
  const instrumentation = new TraceloopOpenAI({ traceContent: true });
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(openaiModule.OpenAI as never);
  try {
    const client = new openaiModule.OpenAI({ baseURL: lm.baseURL, apiKey: 'test' });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'What is the capital of France?' }],
    });
  } finally {
    instrumentation.disable();
  }
  const spans = normalizeSpans(viaOtlp(exporter.getFinishedSpans()));
  assert.equal(spans.length, 1);
  const s = spans[0]!;
  assert.equal(s.name, 'chat gpt-4o-mini');
  assert.equal(s.kind, 'LLM');
  assert.equal(s.llm?.provider, 'openai');
  assert.deepEqual(s.llm?.inputMessages.map((m) => m.role), ['system', 'user']);
  assert.equal(s.llm?.outputMessages[0]?.role, 'assistant');
  assert.equal(s.usage?.total, s.usage!.input! + s.usage!.output!);
  assertCost(s);
});
