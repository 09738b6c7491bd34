import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSpan } from './normalize-span.js';
import { rawSpan } from './fixtures/raw-span.js';
import { loupeSdkLlm } from './fixtures/loupe-sdk.js';
import { vercelStep1 } from './fixtures/vercel-ai.js';
import { tlLegacyChat } from './fixtures/traceloop.js';
import {
  dspyLm, dspyPredict, dspyRetrieve, langchainChat, langchainRetriever, llamaEmbedding, llamaLlmWithCost, llamaRerank,
} from './fixtures/openinference-python.js';

test('OpenInference + GenAI on one span (Loupe SDK): richer messages win, tokens once, cost once', () => {
  const s = normalizeSpan(loupeSdkLlm);
  assert.deepEqual(s.usage, { input: 50, output: 5, total: 55 });
  // Priced on the response model gpt-4o-mini-2024-07-18, once.
  assert.ok(Math.abs(s.costUsd! - (50 * 0.15 + 5 * 0.6) / 1e6) < 1e-15);
  assert.equal(s.llm?.inputMessages.length, 2);
});

test('Vercel ai.* + gen_ai.* on one span: Vercel provider, one parameter set, tokens not doubled', () => {
  const s = normalizeSpan(vercelStep1);
  assert.equal(s.llm?.provider, 'openai');
  assert.deepEqual(s.llm?.parameters, { temperature: 0.2, max_tokens: 200 });
  assert.equal(s.usage?.input, 112);
  assert.equal(s.usage?.total, 122);
  assert.deepEqual(s.llm?.finishReasons, ['tool-calls']);
});

test('Traceloop + GenAI on one span: both totals agree and are taken once', () => {
  const s = normalizeSpan({ ...tlLegacyChat, attributes: { ...tlLegacyChat.attributes, 'gen_ai.usage.total_tokens': 49, 'gen_ai.usage.input_tokens': 40 } });
  assert.deepEqual(s.usage, { input: 40, output: 9, total: 49 });
});

test('system instructions repeated as the first input message(s) appear once', () => {
  const system = 'You are a weather bot.';
  const one = rawSpan('5d5d5d5d5d5d5d50', 'chat gpt-4o', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
    'gen_ai.input.messages': JSON.stringify([
      { role: 'system', parts: [{ type: 'text', content: system }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
    ]),
  });
  assert.deepEqual(normalizeSpan(one).llm?.inputMessages, [{ role: 'system', content: system }, { role: 'user', content: 'Hi' }]);

  const parts = rawSpan('5d5d5d5d5d5d5d51', 'chat gpt-4o', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'A' }, { type: 'text', content: 'B' }]),
    'gen_ai.input.messages': JSON.stringify([
      { role: 'system', parts: [{ type: 'text', content: 'A' }] },
      { role: 'system', parts: [{ type: 'text', content: 'B' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
    ]),
  });
  assert.deepEqual(normalizeSpan(parts).llm?.inputMessages.map((m) => m.content), ['A', 'B', 'Hi']);

  const different = rawSpan('5d5d5d5d5d5d5d52', 'chat gpt-4o', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.system_instructions': 'Rule one.',
    'gen_ai.input.messages': JSON.stringify([{ role: 'system', parts: [{ type: 'text', content: 'Rule two.' }] }, { role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
  });
  assert.deepEqual(normalizeSpan(different).llm?.inputMessages.map((m) => m.content), ['Rule one.', 'Rule two.', 'Hi'], 'different system text is kept');
});

test('DSPy via OpenInference: CHAIN module, LLM call priced on a provider-prefixed model, retriever documents', () => {
  const chain = normalizeSpan(dspyPredict);
  assert.equal(chain.kind, 'CHAIN');
  assert.equal(chain.project, 'rag');
  assert.equal(chain.output, '{"answer": "Paris"}');
  const lm = normalizeSpan(dspyLm);
  assert.equal(lm.kind, 'LLM');
  assert.deepEqual(lm.llm?.parameters, { temperature: 0, max_tokens: 1000 });
  assert.equal(lm.llm?.inputMessages.length, 2);
  assert.match(lm.llm!.outputMessages[0]!.content, /Paris/);
  assert.deepEqual(lm.usage, { input: 120, output: 14, total: 134 });
  assert.ok(Math.abs(lm.costUsd! - (120 * 0.15 + 14 * 0.6) / 1e6) < 1e-15);
  const r = normalizeSpan(dspyRetrieve);
  assert.equal(r.kind, 'RETRIEVER');
  assert.deepEqual(r.documents?.map((d) => d.score), [21.5, 17.25]);
});

test('LangChain via OpenInference: tool call output, cached prompt tokens priced at the cached rate, metadata, session, user', () => {
  const s = normalizeSpan(langchainChat);
  assert.equal(s.llm?.provider, 'openai');
  assert.deepEqual(s.llm?.outputMessages[0]?.toolCalls, [{ id: 'call_lc', name: 'get_weather', arguments: '{"city": "Paris"}' }]);
  assert.equal(s.usage?.cacheRead, 400);
  assert.ok(Math.abs(s.costUsd! - (600 * 2.5 + 400 * 1.25 + 100 * 10) / 1e6) < 1e-15);
  assert.equal(s.sessionId, 'thread-1');
  assert.equal(s.userId, 'lc-user');
  assert.equal(s.metadata?.['ls_provider'], 'openai');
  const r = normalizeSpan(langchainRetriever);
  assert.deepEqual(r.documents, [{ content: 'Paris is the capital of France.', metadata: { source: 'wiki/france.md' } }]);
});

test('LlamaIndex via OpenInference: embedding model, reranker output, a reported cost is kept', () => {
  const e = normalizeSpan(llamaEmbedding);
  assert.equal(e.kind, 'EMBEDDING');
  assert.equal(e.llm?.model, 'text-embedding-3-large');
  assert.equal(e.costUsd, undefined, 'no token counts, no cost');
  const r = normalizeSpan(llamaRerank);
  assert.equal(r.kind, 'RERANKER');
  assert.equal(r.query, 'capital of France');
  assert.deepEqual(r.documents, [{ content: 'Paris is the capital of France.', score: 0.98 }]);
  const l = normalizeSpan(llamaLlmWithCost);
  assert.equal(l.costUsd, 0.5, 'the instrumentation’s own cost wins over the table');
  assert.equal(l.llm?.inputMessages[0]?.content, 'Context: Paris is the capital.\nQuery: capital?');
});
