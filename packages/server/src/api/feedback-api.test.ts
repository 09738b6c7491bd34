import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TraceDetail } from '@loupe/core';
import { Router } from '../http/router.js';
import { HttpError } from '../http/http-error.js';
import { sendJsonError } from '../http/json-response.js';
import { addFeedbackRoutes, type FeedbackStore, type TraceFeedback } from './feedback-api.js';

const TRACE = 'ab'.repeat(16);

class MapFeedbackStore implements FeedbackStore {
  readonly rows = new Map<string, TraceFeedback>();
  async setFeedback(project: string, traceId: string, feedback: TraceFeedback): Promise<void> {
    this.rows.set(`${project}/${traceId}`, feedback);
  }
  async getFeedback(project: string, traceId: string): Promise<TraceFeedback | undefined> {
    return this.rows.get(`${project}/${traceId}`);
  }
  async deleteFeedback(project: string, traceId: string): Promise<boolean> {
    return this.rows.delete(`${project}/${traceId}`);
  }
}

async function withApi(run: (call: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>, store: MapFeedbackStore) => Promise<void>): Promise<void> {
  const store = new MapFeedbackStore();
  const reader = {
    async getTrace(traceId: string, project?: string): Promise<TraceDetail | undefined> {
      if (traceId !== TRACE || (project !== undefined && project !== 'shop')) return undefined;
      return { summary: { project: 'shop', traceId } as TraceDetail['summary'], spans: [] };
    },
  };
  const router = new Router();
  addFeedbackRoutes(router, { feedback: store, reader });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match.kind !== 'found') return sendJsonError(res, 404, 'no route');
    match.handler({ req, res, url, params: match.params }).catch((err: unknown) => {
      sendJsonError(res, err instanceof HttpError ? err.status : 500, (err as Error).message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(base + path, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    return { status: response.status, json: await response.json() };
  };
  try {
    await run(call, store);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('stores, reads back, replaces and deletes feedback for a trace', async () => {
  await withApi(async (call, store) => {
    assert.deepEqual((await call('GET', `/api/traces/${TRACE}/feedback?project=shop`)).json, { feedback: null });
    const put = await call('PUT', `/api/traces/${TRACE}/feedback`, { label: 'incorrect', comment: '  wrong refund window ', project: 'shop' });
    assert.equal(put.status, 200);
    assert.equal(put.json.feedback.label, 'incorrect');
    assert.equal(put.json.feedback.comment, 'wrong refund window');
    assert.ok(!Number.isNaN(Date.parse(put.json.feedback.createdAt)));
    assert.deepEqual([...store.rows.keys()], [`shop/${TRACE}`]);
    // Without a project the trace's own project is used.
    assert.equal((await call('GET', `/api/traces/${TRACE}/feedback`)).json.feedback.label, 'incorrect');
    await call('PUT', `/api/traces/${TRACE}/feedback`, { label: 'correct' });
    const after = await call('GET', `/api/traces/${TRACE}/feedback?project=shop`);
    assert.equal(after.json.feedback.label, 'correct');
    assert.equal(after.json.feedback.comment, undefined);
    assert.deepEqual((await call('DELETE', `/api/traces/${TRACE}/feedback?project=shop`)).json, { deleted: true });
    assert.deepEqual((await call('GET', `/api/traces/${TRACE}/feedback?project=shop`)).json, { feedback: null });
  });
});

test('rejects bad labels, bad bodies, bad ids and unknown traces', async () => {
  await withApi(async (call, store) => {
    assert.equal((await call('PUT', `/api/traces/${TRACE}/feedback`, { label: 'meh' })).status, 400);
    assert.equal((await call('PUT', `/api/traces/${TRACE}/feedback`, 'not json')).status, 400);
    assert.equal((await call('PUT', `/api/traces/${TRACE}/feedback`, { label: 'correct', comment: 'x'.repeat(4001) })).status, 400);
    assert.equal((await call('PUT', `/api/traces/nothex/feedback`, { label: 'correct' })).status, 400);
    assert.equal((await call('PUT', `/api/traces/${'cd'.repeat(16)}/feedback`, { label: 'correct' })).status, 404);
    assert.equal((await call('PUT', `/api/traces/${TRACE}/feedback`, { label: 'correct', project: 'other' })).status, 404);
    assert.equal((await call('GET', `/api/traces/${TRACE}/feedback?bogus=1`)).status, 400);
    assert.equal(store.rows.size, 0);
  });
});
