import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonlTraceRecord } from '@loupe/core';
import { init } from '../loupe.js';
import { llm } from '../llm/llm.js';
import { retrieval } from '../spans/retrieval.js';
import { step } from '../spans/step.js';
import { traceRequest as trace } from '../spans/trace.js';
import { closedPortUrl, OtlpReceiver } from '../testing/otlp-receiver.js';

function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'loupe-jsonl-')), 'nested', name);
}

function readRecords(path: string): JsonlTraceRecord[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\n'));
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as JsonlTraceRecord);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('200 concurrent requests give 200 whole lines with steps and spans, no server at all', async () => {
  const path = tempFile('traces.jsonl');
  const loupe = init({ serviceName: 'jsonl-test', endpoint: false, jsonlPath: path });
  await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      trace(`request`, async () => {
        const docs = await retrieval('retrieve', async () => {
          await pause(i % 7);
          return [{ id: `d${i}`, content: 'x'.repeat(i * 50), score: 0.5 }];
        }, { query: `q${i}` });
        return step('answer', async () => {
          await pause(i % 5);
          return `answer ${i} from ${docs.length}`;
        });
      }, { inputs: { question: `q${i}` }, userId: `user-${i}`, sessionId: 'sess' }),
    ),
  );
  await loupe.shutdown();
  const records = readRecords(path);
  assert.equal(records.length, 200);
  assert.equal(loupe.stats().jsonlRecords, 200);
  const seen = new Set<string>();
  for (const r of records) {
    const i = Number(r.user_id!.slice('user-'.length));
    seen.add(r.trace_id);
    assert.deepEqual(Object.keys(r), ['trace_id', 'timestamp', 'name', 'inputs', 'outputs', 'total_latency_ms', 'status', 'user_id', 'session_id', 'steps', 'spans']);
    assert.deepEqual(r.inputs, { question: `q${i}` });
    assert.equal(r.outputs, `answer ${i} from 1`);
    assert.equal(r.session_id, 'sess');
    assert.equal(r.status, 'ok');
    assert.ok(!Number.isNaN(Date.parse(r.timestamp)));
    assert.deepEqual(r.steps.map((s) => s.name), ['retrieve', 'answer']);
    assert.equal(r.steps[0]!.inputs, `q${i}`);
    assert.equal(r.steps[1]!.outputs, `answer ${i} from 1`);
    assert.equal(r.spans.length, 3);
    const root = r.spans.find((s) => s.parent_span_id === undefined)!;
    assert.equal(root.name, 'request');
    assert.match(root.start_time_unix_nano, /^\d{19}$/);
    assert.equal(root.resource['service.name'], 'jsonl-test');
    assert.ok(r.spans.every((s) => s.trace_id === r.trace_id));
  }
  assert.equal(seen.size, 200);
});

test('errors and LM calls land in the line; any root span counts as a request', async () => {
  const path = tempFile('errors.jsonl');
  const loupe = init({ serviceName: 'jsonl-test', endpoint: false, jsonlPath: path });
  await trace('failing', async () => {
    await llm(async () => ({ choices: [{ message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }), { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
    step('boom', () => {
      throw new Error('bad');
    });
  }).catch(() => undefined);
  step('lonely-step', () => 1);
  await loupe.shutdown();
  const [failing, lonely] = readRecords(path);
  assert.equal(failing!.status, 'error');
  assert.deepEqual(failing!.steps.map((s) => [s.name, s.status]), [['chat gpt-4o-mini', 'ok'], ['boom', 'error']]);
  const llmSpan = failing!.spans.find((s) => s.name === 'chat gpt-4o-mini')!;
  assert.equal(llmSpan.kind, 3);
  assert.equal(llmSpan.attributes['gen_ai.request.model'], 'gpt-4o-mini');
  const boom = failing!.spans.find((s) => s.name === 'boom')!;
  assert.equal(boom.status.code, 'ERROR');
  assert.equal(boom.events[0]!.name, 'exception');
  assert.equal(lonely!.name, 'lonely-step');
  assert.equal(lonely!.outputs, 1);
});

test('jsonlWhenUnreachable writes only requests the OTLP endpoint did not take', async () => {
  const downPath = tempFile('down.jsonl');
  const originalWarn = console.warn;
  console.warn = () => undefined;
  try {
    const down = init({ serviceName: 'fallback', endpoint: await closedPortUrl(), jsonlWhenUnreachable: downPath, exportIntervalMs: 5, exportTimeoutMs: 200 });
    trace('lost-1', () => step('s', () => 1));
    trace('lost-2', () => 2);
    await down.shutdown();
    assert.deepEqual(readRecords(downPath).map((r) => r.name).sort(), ['lost-1', 'lost-2']);
    assert.equal(readRecords(downPath).find((r) => r.name === 'lost-1')!.steps.length, 1);
  } finally {
    console.warn = originalWarn;
  }

  const receiver = await OtlpReceiver.start('ok');
  const upPath = tempFile('up.jsonl');
  try {
    const up = init({ serviceName: 'fallback', endpoint: receiver.url, jsonlWhenUnreachable: upPath, exportIntervalMs: 5 });
    trace('delivered', () => step('s', () => 1));
    await up.shutdown();
    assert.equal(up.stats().exportedSpans, 2);
    assert.ok(!existsSync(upPath) || readFileSync(upPath, 'utf8') === '');
  } finally {
    await receiver.close();
  }
});
