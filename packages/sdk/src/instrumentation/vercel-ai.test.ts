import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { startLocalModelServer, type LocalModelServer } from '@loupe/local-model';
import { init } from '../loupe.js';
import { traceRequest } from '../spans/trace.js';
import { getHistory } from '../history/inspect-history.js';

let server: LocalModelServer;

before(async () => {
  server = await startLocalModelServer({ latencyMs: { min: 0, max: 0 } });
});

after(async () => {
  await server.close();
});

interface JsonlSpan {
  span_id: string;
  parent_span_id?: string;
  name: string;
  attributes: Record<string, unknown>;
}

test('init() registers the global provider: Vercel AI experimental_telemetry spans land in Loupe, and CommonJS openai is auto-instrumented', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'loupe-ai-')), 'traces.jsonl');
  const loupe = init({ serviceName: 'ai-test', endpoint: false, jsonlPath: path, instrument: {} });
  try {
    const provider = createOpenAI({ baseURL: server.baseURL, apiKey: 'test' });
    const result = await traceRequest('vercel', () =>
      generateText({ model: provider.chat('gpt-4o-mini'), prompt: 'What is the capital of France? Paris is the capital of France.', experimental_telemetry: { isEnabled: true, functionId: 'capital' } }),
    );
    assert.ok(result.text.length > 0);

    // `instrument: {}` hooks require(): a CommonJS copy of openai is patched on load.
    const OpenAI = createRequire(import.meta.url)('openai') as typeof import('openai').default;
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test' });
    await traceRequest('cjs', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }));
    assert.equal(getHistory(1)[0]!.name, 'chat gpt-4o-mini');
    await loupe.forceFlush();
  } finally {
    await loupe.shutdown();
  }
  const records = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { name: string; spans: JsonlSpan[] });
  const vercel = records.find((r) => r.name === 'vercel');
  assert.ok(vercel !== undefined);
  const root = vercel.spans.find((s) => s.name === 'vercel')!;
  const top = vercel.spans.find((s) => s.name === 'ai.generateText');
  const call = vercel.spans.find((s) => s.name === 'ai.generateText.doGenerate');
  assert.ok(top !== undefined && call !== undefined, `spans: ${vercel.spans.map((s) => s.name).join(', ')}`);
  assert.equal(top.parent_span_id, root.span_id);
  assert.equal(call.parent_span_id, top.span_id);
  assert.equal(top.attributes['ai.telemetry.functionId'], 'capital');
  assert.ok(Number(call.attributes['ai.usage.inputTokens'] ?? call.attributes['gen_ai.usage.input_tokens']) > 0);

  const cjs = records.find((r) => r.name === 'cjs');
  assert.ok(cjs?.spans.some((s) => s.name === 'chat gpt-4o-mini' && s.attributes['gen_ai.provider.name'] === 'openai'));
});
