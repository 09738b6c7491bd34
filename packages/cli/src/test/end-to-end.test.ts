/**
 * The real path, end to end: the real `openai` client → local OpenAI-compatible model server →
 * @loupe/sdk spans → OTLP/HTTP protobuf → `loupe serve` (startServer) → SQLite file → CLI output.
 * Expected values (prompt text, response, token counts) are taken from the wire, not from Loupe.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { init, type Loupe } from '@loupe/sdk';
import { answerQuestion, SYSTEM_PROMPT } from '@loupe/example-rag-qa';
import { startLocalModelServer, type LocalModelServer } from '@loupe/local-model';
import { openSqliteStore, type SqliteTraceStore } from '@loupe/store';
import { startServer, type LoupeServer } from '@loupe/server';
import type { JsonlTraceRecord, NormalizedSpan, TraceDetail, TraceSummary } from '@loupe/core';
import { runCli } from './capture-io.js';

interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

describe('end to end: openai → SDK → OTLP → loupe serve → SQLite → CLI', () => {
  let dir: string;
  let dbPath: string;
  let store: SqliteTraceStore;
  let server: LoupeServer;
  let model: LocalModelServer;
  let loupe: Loupe;
  let client: OpenAI;
  const wire: { request: { messages: { role: string; content: string }[] }; usage: WireUsage; content: string }[] = [];

  const QUESTION = 'How many days do I have to ask for a refund?';
  let okTraceId: string;
  let okAnswer: string;
  let failedTraceId: string | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-e2e-'));
    dbPath = join(dir, 'traces.db');
    store = openSqliteStore(dbPath);
    server = await startServer({ store, port: 0, host: '127.0.0.1' });
    model = await startLocalModelServer({ port: 0, latencyMs: { min: 5, max: 15 } });
    loupe = init({ serviceName: 'e2e-app', endpoint: `${server.url}/v1/traces`, jsonlPath: join(dir, 'traces.jsonl') });
    // Record what really crossed the wire, to compare Loupe's view against.
    const recordingFetch: typeof fetch = async (input, initArg) => {
      const res = await fetch(input, initArg);
      if (res.ok && String(input).endsWith('/chat/completions')) {
        const body = (await res.clone().json()) as { usage: WireUsage; choices: { message: { content: string | null } }[] };
        wire.push({ request: JSON.parse(String(initArg?.body)), usage: body.usage, content: body.choices[0].message.content ?? '' });
      }
      return res;
    };
    client = new OpenAI({ baseURL: model.baseURL, apiKey: 'test-key', maxRetries: 0, fetch: recordingFetch });

    const outcome = await answerQuestion(client, QUESTION, { userId: 'user_42', sessionId: 'session_e2e' });
    okTraceId = outcome.traceId;
    okAnswer = outcome.answer;
    await assert.rejects(answerQuestion(client, 'Tell me about refunds [[fail:500]]', { userId: 'user_err' }));
    await loupe.forceFlush();
  });

  after(async () => {
    await loupe.shutdown();
    await server.close();
    await store.close();
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the pipeline really answered through the local model', () => {
    assert.ok(wire.length >= 1, 'at least one chat completion crossed the wire');
    assert.match(okAnswer, /30 days/);
  });

  it('loupe history shows the full prompt and the response, like inspect_history', async () => {
    const r = await runCli(['history', '-n', '1', '--trace', okTraceId, '--url', server.url]);
    assert.equal(r.code, 0, r.stderr);
    const last = wire.filter((w) => w.request.messages.some((m) => m.content?.includes?.(QUESTION))).at(-1)!;
    assert.match(r.stdout, /^\[\d{4}-\d{2}-\d{2}T/m);
    assert.match(r.stdout, /System message:/);
    assert.ok(r.stdout.includes(SYSTEM_PROMPT.split('\n')[0]!), 'system prompt text');
    assert.match(r.stdout, /User message:/);
    assert.ok(r.stdout.includes(QUESTION), 'question text in the prompt');
    assert.match(r.stdout, /Response:/);
    assert.ok(r.stdout.includes(last.content.split('\n')[0]!), 'response text');
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour codes when not a terminal');

    // The newest call overall is the one that failed: history says so instead of a response.
    const failed = await runCli(['history', '-n', '1', '--db', dbPath]);
    assert.ok(failed.stdout.includes('[[fail:500]]'), failed.stdout);
    assert.match(failed.stdout, /error|500/i);
  });

  it('loupe search finds the request by prompt text, with the token counts from the wire', async () => {
    const r = await runCli(['search', '--contains', 'refund', '--status', 'ok', '--json', '--url', server.url]);
    assert.equal(r.code, 0, r.stderr);
    const traces = JSON.parse(r.stdout) as TraceSummary[];
    const t = traces.find((x) => x.traceId === okTraceId);
    assert.ok(t, 'the ok trace is found');
    const okWire = wire.filter((w) => w.request.messages.some((m) => m.content?.includes?.(QUESTION)));
    assert.equal(t.inputTokens, okWire.reduce((a, w) => a + w.usage.prompt_tokens, 0));
    assert.equal(t.outputTokens, okWire.reduce((a, w) => a + w.usage.completion_tokens, 0));
    assert.equal(t.userId, 'user_42');
    assert.equal(t.sessionId, 'session_e2e');
    assert.equal(t.name, 'rag_qa');
    assert.equal(t.status, 'ok');

    const none = await runCli(['search', '--contains', 'no such phrase anywhere', '--json', '--url', server.url]);
    assert.deepEqual(JSON.parse(none.stdout), []);
  });

  it('search filters: status, user, latency bounds', async () => {
    const errors = JSON.parse((await runCli(['search', '--status', 'error', '--json', '--url', server.url])).stdout) as TraceSummary[];
    assert.equal(errors.length, 1);
    failedTraceId = errors[0]!.traceId;
    assert.equal(errors[0]!.userId, 'user_err');
    const byUser = JSON.parse((await runCli(['search', '--user', 'user_42', '--json', '--db', dbPath])).stdout) as TraceSummary[];
    assert.deepEqual(byUser.map((t) => t.traceId), [okTraceId]);
    const all = JSON.parse((await runCli(['search', '--json', '--url', server.url])).stdout) as TraceSummary[];
    const ok = all.find((t) => t.traceId === okTraceId)!;
    const slower = JSON.parse((await runCli(['search', '--min-latency', String(ok.durationMs + 1), '--json', '--url', server.url])).stdout) as TraceSummary[];
    assert.ok(!slower.some((t) => t.traceId === okTraceId));
    const inclusive = JSON.parse((await runCli(['search', '--max-latency', String(ok.durationMs), '--json', '--url', server.url])).stdout) as TraceSummary[];
    assert.ok(inclusive.some((t) => t.traceId === okTraceId));
  });

  it('loupe show draws the request tree with step latencies that match the spans', async () => {
    const json = await runCli(['show', okTraceId, '--json', '--url', server.url]);
    assert.equal(json.code, 0, json.stderr);
    const detail = JSON.parse(json.stdout) as TraceDetail;
    const root = detail.spans.find((s) => !s.parentSpanId)!;
    const steps = detail.spans.filter((s) => s.parentSpanId === root.spanId).sort((a, b) => a.startUs - b.startUs);
    assert.deepEqual(steps.map((s) => s.name), ['retrieve', 'rerank', 'answer']);
    const llmSpan = detail.spans.find((s: NormalizedSpan) => s.kind === 'LLM')!;
    assert.ok(llmSpan, 'an LLM span');
    assert.equal(llmSpan.llm?.model, 'gpt-4o-mini');
    assert.ok(llmSpan.llm?.inputMessages.some((m) => m.role === 'system'));
    const retrieve = steps[0]!;
    assert.ok((retrieve.documents?.length ?? 0) > 0, 'retrieved documents recorded');
    assert.equal(retrieve.documents![0]!.id, 'refund-policy');

    const text = await runCli(['show', okTraceId, '--url', server.url]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`Trace ${okTraceId}`));
    assert.match(text.stdout, /retrieve \[RETRIEVER\]/);
    assert.match(text.stdout, /documents: refund-policy \(\d+\.\d\d\)/);
    assert.match(text.stdout, /gpt-4o-mini · [\d,]+ in → [\d,]+ out tokens/);
    const total = (root.endUs - root.startUs) / 1000;
    for (const s of steps) {
      const ms = Math.round((s.endUs - s.startUs) / 1000);
      const pct = Math.round((((s.endUs - s.startUs) / 1000) / total) * 100);
      assert.ok(text.stdout.includes(`  ${s.name}: ${ms}ms (${pct}%)`), `step line for ${s.name}: ${ms}ms (${pct}%)\n${text.stdout}`);
    }
    assert.match(text.stdout, new RegExp(`Total: ${Math.round(total)}ms`));
  });

  it('loupe show highlights the failed request', async () => {
    assert.ok(failedTraceId);
    const r = await runCli(['show', failedTraceId!, '--db', dbPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✗ .*(500|error)/i);
  });

  it('loupe show on an unknown trace: one line, exit 1', async () => {
    const r = await runCli(['show', '0'.repeat(31) + '1', '--url', server.url]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /trace 0{31}1 not found/);
  });

  it('loupe stats: nearest-rank percentiles and totals, same through the server and the file', async () => {
    const viaUrl = JSON.parse((await runCli(['stats', '--json', '--url', server.url])).stdout);
    const viaDb = JSON.parse((await runCli(['stats', '--json', '--db', dbPath])).stdout);
    assert.deepEqual(viaUrl, viaDb);
    assert.equal(viaUrl.count, 2);
    assert.equal(viaUrl.errorCount, 1);
    const all = JSON.parse((await runCli(['search', '--json', '--db', dbPath])).stdout) as TraceSummary[];
    const sorted = all.map((t) => t.durationMs).sort((a, b) => a - b);
    assert.equal(viaUrl.p50_ms, sorted[1]);
    assert.equal(viaUrl.max_ms, sorted[1]);
    assert.equal(viaUrl.totalTokens, all.reduce((a, t) => a + t.totalTokens, 0));
    const text = await runCli(['stats', '--url', server.url]);
    assert.match(text.stdout, /^count\s+2$/m);
    assert.match(text.stdout, /^p95_ms\s+\d+$/m);
  });

  it('the SDK wrote one whole JSONL line per request, and loupe import restores it losslessly', async () => {
    const lines = readFileSync(join(dir, 'traces.jsonl'), 'utf8').trim().split('\n');
    const records = lines.map((l) => JSON.parse(l) as JsonlTraceRecord);
    const rec = records.find((r) => r.trace_id === okTraceId)!;
    assert.ok(rec, 'the ok request has a line');
    assert.deepEqual(rec.steps.map((s) => s.name), ['retrieve', 'rerank', 'answer']);
    assert.ok(rec.total_latency_ms > 0);

    const imported = join(dir, 'imported.db');
    const r = await runCli(['import', join(dir, 'traces.jsonl'), '--db', imported]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported 2 traces \(\d+ spans\)/);
    const original = JSON.parse((await runCli(['show', okTraceId, '--json', '--db', dbPath])).stdout) as TraceDetail;
    const copy = JSON.parse((await runCli(['show', okTraceId, '--json', '--db', imported])).stdout) as TraceDetail;
    assert.equal(copy.spans.length, original.spans.length);
    assert.deepEqual(copy.summary.totalTokens, original.summary.totalTokens);
    const msgs = (d: TraceDetail) => d.spans.filter((s) => s.llm).map((s) => s.llm!.inputMessages);
    assert.deepEqual(msgs(copy), msgs(original));
  });

  it('loupe import reports bad lines by number and keeps the good ones', async () => {
    const good = readFileSync(join(dir, 'traces.jsonl'), 'utf8').trim().split('\n')[0]!;
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, [good, '{not json', '{"spans": "nope"}', JSON.stringify({ trace_id: 'abc', timestamp: '2026-01-15T14:00:00Z', inputs: { question: 'seed-format line' }, total_latency_ms: 800, steps: [{ step: 'retrieve', latency_ms: 120 }, { step: 'answer', latency_ms: 680 }] })].join('\n') + '\n');
    const db = join(dir, 'mixed.db');
    const r = await runCli(['import', file, '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /mixed\.jsonl:2: invalid JSON/);
    assert.match(r.stderr, /mixed\.jsonl:3: "spans" must be a non-empty array/);
    assert.match(r.stdout, /imported 2 traces .*; 2 bad lines skipped/);
    const seed = JSON.parse((await runCli(['search', '--contains', 'seed-format line', '--json', '--db', db])).stdout) as TraceSummary[];
    assert.equal(seed.length, 1);
    assert.equal(seed[0]!.durationMs, 800);
    const shown = await runCli(['show', seed[0]!.traceId, '--db', db]);
    assert.match(shown.stdout, /retrieve: 120ms \(15%\)/);
    assert.match(shown.stdout, /answer: 680ms \(85%\)/);
    assert.match(shown.stdout, /Total: 800ms/);
  });

  it('loupe export writes matching traces as JSONL that loupe import restores', async () => {
    const out = join(dir, 'export.jsonl');
    const r = await runCli(['export', '--status', 'ok', '--out', out, '--db', dbPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /exported 1 trace to /);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    const rec = JSON.parse(lines[0]!) as JsonlTraceRecord;
    assert.equal(rec.trace_id, okTraceId);
    assert.deepEqual(rec.steps.map((s) => s.name), ['retrieve', 'rerank', 'answer']);
    assert.deepEqual(rec.inputs, { question: QUESTION });

    const again = join(dir, 're-imported.db');
    assert.equal((await runCli(['import', out, '--db', again])).code, 0);
    const original = JSON.parse((await runCli(['show', okTraceId, '--json', '--db', dbPath])).stdout) as TraceDetail;
    const copy = JSON.parse((await runCli(['show', okTraceId, '--json', '--db', again])).stdout) as TraceDetail;
    assert.deepEqual(copy.spans, original.spans);
    assert.deepEqual({ ...copy.summary, feedback: undefined }, { ...original.summary, feedback: undefined });
  });
});
