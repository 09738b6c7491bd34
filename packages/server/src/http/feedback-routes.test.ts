/** The feedback API as `startServer` serves it, over the real SQLite store. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TracePage, TraceStats } from '@loupe/core';
import { openSqliteStore, type SqliteTraceStore } from '@loupe/store';
import { RemoteTraceReader } from '../api/remote-trace-reader.js';
import { ingestRawSpans } from '../ingest.js';
import { rawSpan, T0 } from '@loupe/normalize/fixtures/raw-span';
import { startServer, type LoupeServer } from './server.js';

const TRACE_A = 'aa'.repeat(16);
const TRACE_B = 'bb'.repeat(16);
const TRACE_C = 'cc'.repeat(16);
const UNKNOWN = 'dd'.repeat(16);

let dir: string;
let dbPath: string;
let store: SqliteTraceStore;
let server: LoupeServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-feedback-'));
  dbPath = join(dir, 'traces.db');
  store = openSqliteStore(dbPath);
  server = await startServer({ store, port: 0 });
  const alpha = { 'loupe.project': 'alpha' };
  await ingestRawSpans(store, [
    rawSpan('a000000000000001', 'ask', { 'input.value': 'a' }, { traceId: TRACE_A, resource: alpha, startUs: T0, endUs: T0 + 100_000 }),
    rawSpan('b000000000000001', 'ask', { 'input.value': 'b' }, { traceId: TRACE_B, resource: alpha, startUs: T0 + 1_000_000, endUs: T0 + 1_300_000 }),
    rawSpan('c000000000000001', 'ask', { 'input.value': 'c' }, { traceId: TRACE_C, resource: { 'loupe.project': 'beta' }, startUs: T0 + 2_000_000, endUs: T0 + 2_500_000 }),
  ]);
});

after(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, json: await res.json() };
}

test('PUT stores feedback in the store; GET, the list and the trace show it; DELETE removes it', async () => {
  const put = await call('PUT', `/api/traces/${TRACE_A}/feedback`, { label: 'incorrect', comment: 'wrong refund window' });
  assert.equal(put.status, 200);
  assert.equal(put.json.feedback.label, 'incorrect');
  assert.deepEqual(await store.getFeedback('alpha', TRACE_A), put.json.feedback);
  assert.deepEqual((await call('GET', `/api/traces/${TRACE_A}/feedback`)).json, { feedback: put.json.feedback });
  assert.deepEqual((await call('GET', `/api/traces/${TRACE_A}/feedback?project=alpha`)).json, { feedback: put.json.feedback });
  assert.deepEqual((await call('GET', `/api/traces/${TRACE_A}`)).json.summary.feedback, put.json.feedback);
  const list = (await call('GET', '/api/traces')).json as TracePage;
  assert.deepEqual(list.traces.map((t) => [t.traceId, t.feedback?.label]), [[TRACE_C, undefined], [TRACE_B, undefined], [TRACE_A, 'incorrect']]);

  // Replacing: the comment goes when the new verdict has none.
  await call('PUT', `/api/traces/${TRACE_A}/feedback`, { label: 'correct', project: 'alpha' });
  assert.deepEqual(Object.keys((await store.getFeedback('alpha', TRACE_A))!).sort(), ['createdAt', 'label']);
  assert.deepEqual((await call('DELETE', `/api/traces/${TRACE_A}/feedback`)).json, { deleted: true });
  assert.equal(await store.getFeedback('alpha', TRACE_A), undefined);
  assert.deepEqual((await call('DELETE', `/api/traces/${TRACE_A}/feedback`)).json, { deleted: false });
});

test('unknown traces are 404 and store nothing; bad input is 400', async () => {
  assert.equal((await call('PUT', `/api/traces/${UNKNOWN}/feedback`, { label: 'correct' })).status, 404);
  assert.equal((await call('PUT', `/api/traces/${TRACE_A}/feedback`, { label: 'correct', project: 'beta' })).status, 404);
  assert.equal(await store.getFeedback('beta', TRACE_A), undefined);
  assert.equal((await call('GET', `/api/traces/${UNKNOWN}/feedback`)).status, 404);
  assert.equal((await call('PUT', `/api/traces/${TRACE_A}/feedback`, { label: 'meh' })).status, 400);
  assert.equal((await call('PUT', `/api/traces/not-hex/feedback`, { label: 'correct' })).status, 400);
});

test('/api/traces and /api/stats filter on feedback; a bad value names the allowed ones', async () => {
  await call('PUT', `/api/traces/${TRACE_A}/feedback`, { label: 'incorrect' });
  await call('PUT', `/api/traces/${TRACE_C}/feedback`, { label: 'correct' });
  try {
    const ids = async (qs: string) => ((await call('GET', `/api/traces?${qs}`)).json as TracePage).traces.map((t) => t.traceId);
    assert.deepEqual(await ids('feedback=incorrect'), [TRACE_A]);
    assert.deepEqual(await ids('feedback=correct'), [TRACE_C]);
    assert.deepEqual(await ids('feedback=any'), [TRACE_C, TRACE_A]);
    assert.deepEqual(await ids('feedback=none'), [TRACE_B]);
    assert.deepEqual(await ids('feedback=any&project=alpha'), [TRACE_A]);
    const page1 = (await call('GET', '/api/traces?feedback=any&limit=1')).json as TracePage;
    assert.deepEqual(page1.traces.map((t) => t.traceId), [TRACE_C]);
    assert.deepEqual(await ids(`feedback=any&limit=1&cursor=${page1.nextCursor}`), [TRACE_A]);

    const stats = (await call('GET', '/api/stats?feedback=incorrect')).json as TraceStats;
    assert.equal(stats.count, 1);
    assert.equal(stats.max_ms, 100);
    assert.equal(((await call('GET', '/api/stats?feedback=none')).json as TraceStats).max_ms, 300);

    for (const path of ['/api/traces?feedback=bad', '/api/stats?feedback=bad']) {
      assert.deepEqual(await call('GET', path), {
        status: 400,
        json: { error: 'feedback must be one of "correct", "incorrect", "any", "none", got "bad"' },
      });
    }

    const remote = new RemoteTraceReader(server.url);
    for (const feedback of ['correct', 'incorrect', 'any', 'none'] as const) {
      assert.deepEqual(await remote.listTraces({ feedback }), await store.listTraces({ feedback }), feedback);
      assert.deepEqual(await remote.stats({ feedback }), await store.stats({ feedback }), feedback);
    }
  } finally {
    await store.deleteFeedback('alpha', TRACE_A);
    await store.deleteFeedback('beta', TRACE_C);
  }
});

test('RemoteTraceReader gives and removes feedback through the API', async () => {
  const remote = new RemoteTraceReader(server.url);
  const given = await remote.setFeedback(TRACE_C, { label: 'incorrect', comment: 'cites the wrong doc' });
  assert.equal(given.comment, 'cites the wrong doc');
  assert.deepEqual(await store.getFeedback('beta', TRACE_C), given);
  await assert.rejects(remote.setFeedback(UNKNOWN, { label: 'correct' }), /^RemoteError: server answered 404: trace d+ not found$/);
  await assert.rejects(remote.setFeedback(TRACE_C, { label: 'correct' }, 'alpha'), /404/);
  assert.equal(await remote.deleteFeedback(TRACE_C, 'beta'), true);
  assert.equal(await remote.deleteFeedback(TRACE_C), false);
});

test('feedback given over HTTP is in the database file once the PUT is answered', async () => {
  const put = await call('PUT', `/api/traces/${TRACE_B}/feedback`, { label: 'correct', comment: 'ok' });
  assert.equal(put.status, 200);
  // A second connection sees it: the write was committed before the answer.
  const other = openSqliteStore(dbPath, { readonly: true });
  try {
    assert.deepEqual(await other.getFeedback('alpha', TRACE_B), put.json.feedback);
    assert.deepEqual((await other.listTraces({ feedback: 'correct' })).traces.map((t) => t.traceId), [TRACE_B]);
  } finally {
    await other.close();
  }
});
