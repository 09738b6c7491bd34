/** `loupe feedback`, `--feedback` filters and the FEEDBACK column, against a real SQLite file and server. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceStats, TraceSummary } from '@loupe/core';
import { BASE_US, buildSpan, openSqliteStore, type SqliteTraceStore } from '@loupe/store';
import { startServer, type LoupeServer } from '@loupe/server';
import { runCli } from './capture-io.js';

const A = 'a1'.repeat(16);
const B = 'b2'.repeat(16);
const C = 'c3'.repeat(16);
const UNKNOWN = 'ee'.repeat(16);

describe('loupe feedback and --feedback', () => {
  let dir: string;
  let dbPath: string;
  let store: SqliteTraceStore;
  let server: LoupeServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-cli-feedback-'));
    dbPath = join(dir, 'traces.db');
    store = openSqliteStore(dbPath);
    await store.ingest([
      buildSpan({ project: 'shop', traceId: A, spanId: 'r', name: 'qa', startUs: BASE_US, durationMs: 100, input: 'refund window?' }),
      buildSpan({ project: 'shop', traceId: B, spanId: 'r', name: 'qa', startUs: BASE_US + 1_000_000, durationMs: 200 }),
      buildSpan({ project: 'shop', traceId: C, spanId: 'r', name: 'qa', startUs: BASE_US + 2_000_000, durationMs: 300 }),
    ]);
    server = await startServer({ store, port: 0 });
  });

  after(async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const search = async (...args: string[]): Promise<string[]> => {
    const r = await runCli(['search', '--json', '--url', server.url, ...args]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as TraceSummary[]).map((t) => t.traceId);
  };

  it('marks a trace through the server (--url) and the store has it', async () => {
    const r = await runCli(['feedback', A, '--incorrect', '--comment', 'wrong refund window', '--url', server.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `marked ${A} incorrect: wrong refund window\n`);
    const stored = await store.getFeedback('shop', A);
    assert.equal(stored?.label, 'incorrect');
    assert.equal(stored?.comment, 'wrong refund window');
  });

  it('marks a trace straight in the database file (--db), replacing an earlier verdict', async () => {
    const r = await runCli(['feedback', C.toUpperCase(), '--incorrect', '--db', dbPath, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).feedback.label, 'incorrect');
    const again = await runCli(['feedback', C, '--correct', '--db', dbPath, '--project', 'shop']);
    assert.equal(again.code, 0, again.stderr);
    // The server's connection sees the other connection's commit.
    const stored = await store.getFeedback('shop', C);
    assert.equal(stored?.label, 'correct');
    assert.equal(stored?.comment, undefined);
  });

  it('search --feedback keeps the matching traces, over the server and the file', async () => {
    assert.deepEqual(await search('--feedback', 'incorrect'), [A]);
    assert.deepEqual(await search('--feedback', 'correct'), [C]);
    assert.deepEqual(await search('--feedback', 'any'), [C, A]);
    assert.deepEqual(await search('--feedback', 'none'), [B]);
    assert.deepEqual(await search('--feedback', 'any', '--max-latency', '150'), [A]);
    const r = await runCli(['search', '--json', '--db', dbPath, '--feedback', 'none']);
    assert.deepEqual((JSON.parse(r.stdout) as TraceSummary[]).map((t) => t.traceId), [B]);
  });

  it('stats --feedback counts only the matching traces', async () => {
    const r = await runCli(['stats', '--json', '--url', server.url, '--feedback', 'any']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as TraceStats;
    assert.equal(s.count, 2);
    assert.equal(s.max_ms, 300);
    const none = JSON.parse((await runCli(['stats', '--json', '--db', dbPath, '--feedback', 'none'])).stdout) as TraceStats;
    assert.equal(none.count, 1);
    assert.equal(none.max_ms, 200);
  });

  it('shows a FEEDBACK column: ✓ correct, ✗ incorrect, - none', async () => {
    const r = await runCli(['search', '--url', server.url]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /STATUS\s+FEEDBACK\s+TOKENS/);
    const column = lines[0]!.indexOf('FEEDBACK');
    const marks = Object.fromEntries(lines.slice(1).map((l) => [l.split(/\s+/).find((c) => /^[0-9a-f]{32}$/.test(c)), l[column]]));
    assert.deepEqual(marks, { [A]: '✗', [B]: '-', [C]: '✓' });
  });

  it('clears feedback', async () => {
    const r = await runCli(['feedback', A, '--clear', '--url', server.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `cleared feedback on ${A}\n`);
    assert.equal(await store.getFeedback('shop', A), undefined);
    assert.equal((await runCli(['feedback', A, '--clear', '--db', dbPath])).stdout, `${A} had no feedback\n`);
    assert.deepEqual(await search('--feedback', 'incorrect'), []);
  });

  it('refuses unknown traces, bad flags and bad filter values', async () => {
    const viaUrl = await runCli(['feedback', UNKNOWN, '--correct', '--url', server.url]);
    assert.equal(viaUrl.code, 1);
    assert.match(viaUrl.stderr, new RegExp(`404: trace ${UNKNOWN} not found`));
    const viaDb = await runCli(['feedback', UNKNOWN, '--correct', '--db', dbPath]);
    assert.equal(viaDb.code, 1);
    assert.equal(viaDb.stderr, `loupe feedback: trace ${UNKNOWN} not found\n`);
    assert.equal(await store.getFeedback('shop', UNKNOWN), undefined);
    assert.equal((await runCli(['feedback', A, '--correct', '--db', join(dir, 'missing.db')])).code, 1);

    for (const args of [[A], [A, '--correct', '--incorrect'], ['xyz', '--correct'], [A, '--clear', '--comment', 'x'], [A, '--correct', '--url', server.url, '--db', dbPath]]) {
      const r = await runCli(['feedback', ...args]);
      assert.equal(r.code, 2, args.join(' '));
    }
    for (const command of ['search', 'stats']) {
      const r = await runCli([command, '--feedback', 'maybe', '--url', server.url]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--feedback must be one of correct, incorrect, any, none, got "maybe"/);
    }
  });
});
