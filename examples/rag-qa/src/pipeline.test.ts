import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import type { JsonlTraceRecord } from '@loupe/core';
import { startLocalModelServer, type LocalModelServer } from '@loupe/local-model';
import { init, shutdown } from '@loupe/sdk';
import { runDemo } from './demo.js';
import { answerQuestion, type AnswerOutcome } from './pipeline.js';

let server: LocalModelServer;
let client: OpenAI;
let dir: string;

before(async () => {
  server = await startLocalModelServer({ latencyMs: { min: 0, max: 5 } });
  client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 });
  dir = mkdtempSync(join(tmpdir(), 'rag-qa-test-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('answers questions through the traced pipeline and writes one JSONL record per request', async () => {
  const jsonlPath = join(dir, 'traces.jsonl');
  init({ serviceName: 'rag-qa-test', endpoint: false, jsonlPath });
  let refund: AnswerOutcome | undefined;
  let order: AnswerOutcome | undefined;
  let failure: unknown;
  try {
    refund = await answerQuestion(client, 'How many days do I have to ask for a refund?', { userId: 'user_1', sessionId: 'sess_1', model: 'local-qa' });
    order = await answerQuestion(client, 'Where is my order A-1042?', { userId: 'user_2', sessionId: 'sess_2', model: 'local-qa' });
    failure = await answerQuestion(client, 'What are the support hours? [[fail:500]]', { userId: 'user_3', model: 'local-qa' }).catch((e: unknown) => e);
  } finally {
    await shutdown();
  }

  assert.ok(refund && order);
  assert.match(refund.answer, /full refund within 30 days/);
  assert.deepEqual(refund.citations, ['refund-policy']);
  assert.match(refund.traceId, /^[0-9a-f]{32}$/);
  assert.match(order.answer, /A-1042 .* shipped from Rotterdam/);
  assert.deepEqual(order.citations, ['lookup_order']);
  assert.ok(failure instanceof OpenAI.InternalServerError);

  const records = readFileSync(jsonlPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JsonlTraceRecord);
  assert.equal(records.length, 3);
  const [r1, r2, r3] = records;
  assert.equal(r1!.trace_id, refund.traceId);
  assert.equal(r1!.name, 'rag_qa');
  assert.equal(r1!.user_id, 'user_1');
  assert.equal(r1!.session_id, 'sess_1');
  assert.equal(r1!.status, 'ok');
  assert.deepEqual(r1!.steps.map((s) => s.name), ['retrieve', 'rerank', 'answer']);
  const llmSpans = r1!.spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM');
  assert.equal(llmSpans.length, 1);
  assert.ok(JSON.stringify(llmSpans[0]!.attributes).includes('full refund within 30 days'));

  assert.deepEqual(r2!.steps.map((s) => s.name), ['retrieve', 'rerank', 'answer']);
  assert.equal(r2!.spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM').length, 2);
  assert.ok(r2!.spans.some((s) => s.name === 'lookup_order'));

  assert.equal(r3!.status, 'error');
});

test('runDemo sends the requested number of varied requests and reports each', async () => {
  const lines: string[] = [];
  const summary = await runDemo({ count: 6, rate: 100, seed: 3, manageSdk: false, log: (l) => lines.push(l), failureRate: 0.5 });
  assert.equal(summary.sent, 6);
  assert.equal(summary.ok + summary.failed, 6);
  const requestLines = lines.filter((l) => /^[✓✗] \d+ms user_\d+ "/.test(l));
  assert.equal(requestLines.length, 6);
  assert.ok(summary.failed > 0, 'failures are injected');
});
