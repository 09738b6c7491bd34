import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import type { JsonlTraceRecord } from '@loupe/core';
import { startLocalModelServer } from '@loupe/local-model';
import { init } from '../loupe.js';
import { traceRequest } from '../spans/trace.js';

test('under init() with anthropic instrumented, each call is one LLM span: the SDK’s own telemetry is muted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-anthropic-'));
  const lm = await startLocalModelServer({ latencyMs: { min: 0, max: 1 } });
  const loupe = init({ serviceName: 'anthropic-app', endpoint: false, jsonlPath: join(dir, 't.jsonl'), instrument: { anthropic: Anthropic, hookRequire: false } });
  try {
    const client = new Anthropic({ baseURL: lm.url, apiKey: 'test', maxRetries: 0 });
    await traceRequest('ask', () =>
      client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] }),
    );
  } finally {
    await loupe.shutdown();
    await lm.close();
  }
  const [record] = readFileSync(join(dir, 't.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JsonlTraceRecord);
  rmSync(dir, { recursive: true, force: true });
  const llmSpans = record!.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
  assert.equal(llmSpans.length, 1, `spans: ${record!.spans.map((s) => `${s.name} (${s.scope?.name})`).join(', ')}`);
  assert.equal(llmSpans[0]!.scope?.name, '@loupe/sdk');
  assert.ok(!record!.spans.some((s) => s.scope?.name?.startsWith('com.anthropic')));
});
