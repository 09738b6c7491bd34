/**
 * Traces made by other libraries, not Loupe's SDK, run for real against the local model and
 * exported over OTLP/HTTP protobuf to `loupe serve`: the CLI must show their prompts,
 * responses, tokens, cost and tree exactly as it does for Loupe's own spans.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import * as openaiModule from 'openai';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { startLocalModelServer, type LocalModelServer } from '@loupe/local-model';
import { openSqliteStore, type SqliteTraceStore } from '@loupe/store';
import { startServer, type LoupeServer } from '@loupe/server';
import type { LLMCallRecord, TraceDetail, TraceSummary } from '@loupe/core';
import { runCli } from './capture-io.js';

const GPT_4O_MINI = { input: 0.15, output: 0.6 };

describe('foreign instrumentations over OTLP → loupe serve → CLI', () => {
  let dir: string;
  let store: SqliteTraceStore;
  let server: LoupeServer;
  let lm: LocalModelServer;
  let provider: BasicTracerProvider;
  const contextManager = new AsyncLocalStorageContextManager();

  before(async () => {
    context.setGlobalContextManager(contextManager.enable());
    dir = mkdtempSync(join(tmpdir(), 'loupe-foreign-'));
    store = openSqliteStore(join(dir, 'x.db'));
    server = await startServer({ store, port: 0 });
    lm = await startLocalModelServer({ port: 0, latencyMs: { min: 1, max: 2 } });
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'foreign-app', 'openinference.project.name': 'phoenix-style' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${server.url}/v1/traces` }))],
    });
  });

  after(async () => {
    await provider.shutdown();
    await server.close();
    await store.close();
    await lm.close();
    contextManager.disable();
    context.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('@arizeai/openinference-instrumentation-openai: history, tokens and cost in project from openinference.project.name', async () => {
    const instrumentation = new OpenAIInstrumentation();
    instrumentation.setTracerProvider(provider);
    instrumentation.manuallyInstrument(openaiModule as never);
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    let content = '';
    try {
      const client = new openaiModule.OpenAI({ baseURL: lm.baseURL, apiKey: 'test', maxRetries: 0 });
      const res = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Answer from the context.' },
          { role: 'user', content: 'Context:\n[doc-1] The quokka refund window is 45 days.\n\nQuestion: How long is the quokka refund window?' },
        ],
      });
      usage = res.usage!;
      content = res.choices[0]!.message.content ?? '';
    } finally {
      instrumentation.disable();
    }
    await provider.forceFlush();

    const history = await runCli(['history', '-n', '1', '--project', 'phoenix-style', '--url', server.url]);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /System message:\n\nAnswer from the context\./);
    assert.match(history.stdout, /How long is the quokka refund window\?/);
    assert.ok(history.stdout.includes(`Response:\n\n${content}`), history.stdout);

    const calls = JSON.parse((await runCli(['history', '-n', '1', '--json', '--project', 'phoenix-style', '--url', server.url])).stdout) as LLMCallRecord[];
    assert.equal(calls[0]!.usage?.input, usage!.prompt_tokens);
    assert.equal(calls[0]!.usage?.output, usage!.completion_tokens);
    const expected = (usage!.prompt_tokens * GPT_4O_MINI.input + usage!.completion_tokens * GPT_4O_MINI.output) / 1e6;
    assert.ok(Math.abs(calls[0]!.costUsd! - expected) < 1e-12, `cost ${calls[0]!.costUsd} vs ${expected}`);
  });

  it('Vercel ai generateText with experimental_telemetry: tree, prompt, response, user, tokens not doubled', async () => {
    const openai = createOpenAI({ baseURL: lm.baseURL, apiKey: 'test' });
    const result = await generateText({
      model: openai.chat('gpt-4o-mini'),
      system: 'Be terse.',
      prompt: 'Context:\n[doc-2] Wombat support is open 9 to 5.\n\nQuestion: When is wombat support open?',
      experimental_telemetry: { isEnabled: true, tracer: provider.getTracer('ai'), functionId: 'wombat-qa', metadata: { userId: 'vercel-user-1', sessionId: 'vercel-session' } },
    });
    await provider.forceFlush();

    const found = JSON.parse((await runCli(['search', '--contains', 'wombat support', '--json', '--url', server.url])).stdout) as TraceSummary[];
    assert.equal(found.length, 1);
    const t = found[0]!;
    assert.equal(t.name, 'ai.generateText');
    assert.equal(t.userId, 'vercel-user-1');
    assert.equal(t.sessionId, 'vercel-session');
    assert.equal(t.inputTokens, result.usage.inputTokens);
    assert.equal(t.outputTokens, result.usage.outputTokens);
    assert.equal(t.llmCallCount, 1);

    const detail = JSON.parse((await runCli(['show', t.traceId, '--json', '--url', server.url])).stdout) as TraceDetail;
    const llm = detail.spans.find((s) => s.kind === 'LLM')!;
    assert.equal(llm.name, 'ai.generateText.doGenerate');
    assert.equal(llm.parentSpanId, detail.spans.find((s) => s.name === 'ai.generateText')!.spanId);
    assert.equal(llm.llm?.provider, 'openai');
    assert.deepEqual(llm.llm?.inputMessages.map((m) => m.role), ['system', 'user']);
    assert.equal(llm.llm?.outputMessages[0]?.content, result.text);

    const text = await runCli(['show', t.traceId, '--url', server.url]);
    assert.match(text.stdout, /ai\.generateText\.doGenerate \[LLM\]/);
    assert.match(text.stdout, /gpt-4o-mini · \d+ in → \d+ out tokens · \$0\.0000\d+/);
  });

  it('a trace started by an OTel app with its own root span nests both libraries under it', async () => {
    const tracer = provider.getTracer('app');
    const openai = createOpenAI({ baseURL: lm.baseURL, apiKey: 'test' });
    const traceId = await tracer.startActiveSpan('handle_request', async (root) => {
      await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hi', experimental_telemetry: { isEnabled: true, tracer: provider.getTracer('ai') } });
      root.end();
      return root.spanContext().traceId;
    });
    await provider.forceFlush();
    const detail = JSON.parse((await runCli(['show', traceId, '--json', '--url', server.url])).stdout) as TraceDetail;
    assert.equal(detail.summary.name, 'handle_request');
    assert.equal(detail.spans.length, 3);
    assert.equal(trace.getActiveSpan(), undefined);
  });
});
