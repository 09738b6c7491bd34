import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { spanOutline, type NormalizedSpan } from '@loupe/core';
import { createNormalizer, DIALECTS, normalizeSpans, PriceBook } from '@loupe/normalize';
import { EVERY_DIALECT_FIXTURE } from '@loupe/normalize/fixtures/every-dialect';
import { BASE_US, buildLLMSpan, buildSpan, viaOtlpWithRecords } from '../conformance/span-builder.js';
import { traceStoreConformanceSuite } from '../conformance/trace-store-suite.js';
import { StoreOpenError } from '../store-open-error.js';
import { openSqliteStore } from './sqlite-open.js';
import { DERIVED_MARK, SPAN_INSERT_COLUMNS, spanInsertParams } from './sqlite-row-mapping.js';
import { LOUPE_APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './sqlite-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'loupe-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `store-${n++}.db`);

traceStoreConformanceSuite('sqlite (file)', async () => openSqliteStore(freshPath()));
traceStoreConformanceSuite('sqlite (:memory:)', async () => openSqliteStore(':memory:'));

describe('SqliteTraceStore specifics', () => {
  it('writes trace outlines as JSON text itself (the conformance suite checks the text)', async () => {
    const store = openSqliteStore(':memory:');
    try {
      assert.equal(typeof store.getTraceOutlineJson, 'function');
    } finally {
      await store.close();
    }
  });

  it("stores a normalizer span's raw parts only and re-derives its content; any other span is stored whole", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const derived = normalizeSpans(EVERY_DIALECT_FIXTURE);
    // Same content, but built by hand (a JSONL import, a custom dialect list): nothing vouches for it.
    const plain = derived.map((s) => ({ ...s, traceId: 'f'.repeat(32) }));
    const custom = createNormalizer({ dialects: [...DIALECTS].reverse() }).normalizeSpans(EVERY_DIALECT_FIXTURE).map((s) => ({ ...s, traceId: 'e'.repeat(32) }));
    await store.ingest([...derived, ...plain, ...custom]);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare('SELECT trace_id, data FROM spans').all() as { trace_id: string; data: string }[];
      const data = (traceId: string): Record<string, unknown>[] =>
        rows.filter((r) => r.trace_id === traceId).map((r) => JSON.parse(r.data) as Record<string, unknown>);
      const stored = data(derived[0]!.traceId);
      assert.equal(stored.length, derived.length);
      for (const d of stored) {
        assert.equal(d[DERIVED_MARK], 1);
        for (const field of ['input', 'output', 'llm', 'documents', 'query', 'tool', 'metadata', 'tags']) assert.equal(field in d, false, field);
        assert.ok(d['attributes']);
      }
      for (const d of [...data(plain[0]!.traceId), ...data(custom[0]!.traceId)]) assert.equal(DERIVED_MARK in d, false);
      assert.ok(data(plain[0]!.traceId).some((d) => d['llm'] !== undefined));
      // Smaller by more than a quarter on this mix.
      const bytes = (list: Record<string, unknown>[]): number => list.reduce((n, d) => n + JSON.stringify(d).length, 0);
      assert.ok(bytes(stored) < 0.75 * bytes(data(plain[0]!.traceId)), `${bytes(stored)} vs ${bytes(data(plain[0]!.traceId))}`);
    } finally {
      db.close();
    }
    const reopened = openSqliteStore(path, { readonly: true });
    try {
      const read = async (list: NormalizedSpan[]): Promise<NormalizedSpan[]> =>
        Promise.all(list.map(async (s) => (await reopened.getSpan(s.project, s.traceId, s.spanId))!));
      const strip = (s: NormalizedSpan): unknown => ({ ...s, traceId: '' });
      // Re-derived content equals the content stored whole, span for span.
      assert.deepStrictEqual((await read(derived)).map(strip), (await read(plain)).map(strip));
      assert.deepStrictEqual(await read(plain), plain);
      assert.deepStrictEqual(await read(custom), custom);
    } finally {
      await reopened.close();
    }
  });

  it('keeps a span that came over OTLP/protobuf as its span record, and reads it back whole', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    // Priced at ingest with another table than the built-in one (none at all): the cost column
    // is authoritative, reading does not price the span again.
    const { spans, records } = viaOtlpWithRecords(EVERY_DIALECT_FIXTURE, createNormalizer({ prices: new PriceBook({}) }));
    const pricedByDefault = normalizeSpans(EVERY_DIALECT_FIXTURE).findIndex((s, i) => s.costUsd !== undefined && spans[i]!.costUsd === undefined);
    assert.ok(pricedByDefault >= 0);
    const inProcess = normalizeSpans(EVERY_DIALECT_FIXTURE).map((s) => ({ ...s, traceId: 'f'.repeat(32) }));
    await store.ingest([...spans, ...inProcess]);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare('SELECT trace_id, span_id, data FROM spans').all() as { trace_id: string; span_id: string; data: unknown }[];
      const recordRows = rows.filter((r) => r.trace_id === spans[0]!.traceId);
      assert.equal(recordRows.length, spans.length);
      for (const row of recordRows) {
        const i = spans.findIndex((s) => s.spanId === row.span_id);
        assert.ok(row.data instanceof Uint8Array, 'a record is a BLOB');
        assert.deepEqual(Buffer.from(row.data), Buffer.from(records[i]!));
      }
      for (const row of rows.filter((r) => r.trace_id === 'f'.repeat(32))) assert.equal(typeof row.data, 'string');
    } finally {
      db.close();
    }
    const reopened = openSqliteStore(path, { readonly: true });
    try {
      for (const span of [...spans, ...inProcess]) assert.deepStrictEqual(await reopened.getSpan(span.project, span.traceId, span.spanId), span);
      const unpriced = spans[pricedByDefault]!;
      assert.equal((await reopened.getSpan(unpriced.project, unpriced.traceId, unpriced.spanId))?.costUsd, undefined);
    } finally {
      await reopened.close();
    }
  });

  it('keeps acknowledged spans across close and reopen', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const span = buildLLMSpan({ project: 'p', traceId: 't', spanId: 's', model: 'gpt-4o', prompt: 'persist me' });
    // Not awaited before close: close must flush queued work first.
    const pending = store.ingest([span]);
    await store.close();
    assert.deepEqual(await pending, { accepted: 1, duplicates: 0 });

    const reopened = openSqliteStore(path);
    try {
      assert.deepStrictEqual((await reopened.getTrace('t', 'p'))?.spans, [span]);
      assert.equal((await reopened.listTraces({ contains: 'persist me' })).traces.length, 1);
    } finally {
      await reopened.close();
    }
    const readonly = openSqliteStore(path, { readonly: true });
    try {
      assert.equal((await readonly.listTraces({ model: 'gpt-4o' })).traces.length, 1);
      await assert.rejects(readonly.ingest([span]), /read-only/);
    } finally {
      await readonly.close();
    }
  });

  it('keeps feedback across close and reopen, and refuses writing it read-only', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: 's' }), buildSpan({ project: 'p', traceId: 'u', spanId: 's' })]);
    await store.setFeedback('p', 't', { label: 'incorrect', comment: 'wrong refund window', createdAt: '2026-01-15T14:00:00.000Z' });
    await store.setFeedback('p', 'u', { label: 'correct', createdAt: '2026-01-15T14:00:00.000Z' });
    await store.deleteFeedback('p', 'u');
    await store.close();

    const readonly = openSqliteStore(path, { readonly: true });
    try {
      assert.deepStrictEqual(await readonly.getFeedback('p', 't'), {
        label: 'incorrect', comment: 'wrong refund window', createdAt: '2026-01-15T14:00:00.000Z',
      });
      assert.equal(await readonly.getFeedback('p', 'u'), undefined);
      assert.deepEqual((await readonly.listTraces({ feedback: 'incorrect' })).traces.map((t) => t.traceId), ['t']);
      assert.deepEqual((await readonly.listTraces({ feedback: 'none' })).traces.map((t) => t.traceId), ['u']);
      await assert.rejects(readonly.setFeedback('p', 'u', { label: 'correct', createdAt: 'x' }), /read-only/);
      await assert.rejects(readonly.deleteFeedback('p', 't'), /read-only/);
    } finally {
      await readonly.close();
    }
  });

  it('upgrades a version 1 database in place, keeping its traces', async () => {
    const path = freshPath();
    const v1 = new Database(path);
    v1.exec(MIGRATIONS.find((m) => m.version === 1)!.sql);
    v1.pragma(`application_id = ${LOUPE_APPLICATION_ID}`);
    v1.pragma('user_version = 1');
    v1.prepare(`INSERT INTO traces (project, trace_id, name, start_us, end_us, duration_ms, status, span_count, error_count,
      llm_call_count, input_tokens, output_tokens, total_tokens) VALUES ('p', 'old', 'qa', 1, 2, 0.001, 'ok', 1, 0, 0, 0, 0, 0)`).run();
    v1.close();
    assert.match(
      (() => { try { openSqliteStore(path, { readonly: true }); return ''; } catch (e) { return (e as Error).message; } })(),
      /schema version 1 needs an upgrade/,
    );
    const store = openSqliteStore(path);
    try {
      assert.equal(SCHEMA_VERSION, 6);
      assert.deepEqual(await store.listProjects(), ['p']);
      await store.setFeedback('p', 'old', { label: 'correct', createdAt: '2026-01-15T14:00:00.000Z' });
      const rows = (await store.listTraces({ feedback: 'correct' })).traces;
      assert.deepEqual(rows.map((t) => [t.traceId, t.feedback?.label]), [['old', 'correct']]);
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    try {
      assert.equal(check.pragma('user_version', { simple: true }), 6);
    } finally {
      check.close();
    }
  });

  it('upgrades a version 2 database: backfills outline columns from span data and the projects table', async () => {
    const path = freshPath();
    const v2 = new Database(path);
    for (const m of MIGRATIONS.filter((m) => m.version <= 2)) v2.exec(m.sql);
    v2.pragma(`application_id = ${LOUPE_APPLICATION_ID}`);
    v2.pragma('user_version = 2');
    const spans = [
      buildSpan({ project: 'b', traceId: 't', spanId: 'root', name: 'handler', otelKind: 2, serviceName: 'api', durationMs: 100 }),
      buildLLMSpan({
        project: 'b', traceId: 't', spanId: 'llm', parentSpanId: 'root', model: 'gpt-4o', startUs: BASE_US + 1000,
        usage: { input: 5, total: 9, cacheWrite: 3 }, costUsd: 0.1, status: 'error', statusMessage: 'boom',
        events: [{ name: 'exception', timeUs: BASE_US + 2000, attributes: { 'exception.message': `${'ü'.repeat(250)}` } }],
      }),
      buildSpan({ project: 'a', traceId: 't', spanId: 'x', name: 'other' }),
    ];
    // Version 2's spans columns are the first 21 of today's insert list.
    const v2Columns = SPAN_INSERT_COLUMNS.slice(0, 21);
    const insert = v2.prepare(`INSERT INTO spans (${v2Columns.join(', ')}) VALUES (${v2Columns.map(() => '?').join(', ')})`);
    for (const span of spans) insert.run(spanInsertParams(span).slice(0, 21));
    const trace = v2.prepare(`INSERT INTO traces (project, trace_id, name, start_us, end_us, duration_ms, status, span_count, error_count,
      llm_call_count, input_tokens, output_tokens, total_tokens) VALUES (?, 't', 'handler', ?, ?, 100, 'ok', 1, 0, 0, 0, 0, 0)`);
    trace.run('b', BASE_US, BASE_US + 100_000);
    trace.run('a', BASE_US, BASE_US + 10_000);
    v2.close();

    const store = openSqliteStore(path);
    try {
      assert.deepEqual(await store.listProjects(), ['a', 'b']);
      const detail = (await store.getTrace('t', 'b'))!;
      const outline = (await store.getTraceOutline('t', 'b'))!;
      assert.deepStrictEqual(outline.spans, detail.spans.map(spanOutline));
      assert.equal(outline.spans[1]!.errorMessage, 'ü'.repeat(200));
      assert.deepStrictEqual(outline.spans[1]!.usage, { input: 5, total: 9, cacheWrite: 3 });
      assert.equal(outline.spans[0]!.otelKind, 2);
      assert.deepStrictEqual(await store.getSpan('b', 't', 'llm'), spans[1]);
      // New ingest keeps the projects table in step.
      await store.ingest([buildSpan({ project: 'c', traceId: 'n', spanId: '1' })]);
      assert.deepEqual(await store.listProjects(), ['a', 'b', 'c']);
    } finally {
      await store.close();
    }
  });

  it('upgrades a version 5 database to time-ordered keys, keeping row ids the search index points at', async () => {
    const path = freshPath();
    const v5 = new Database(path);
    for (const m of MIGRATIONS.filter((m) => m.version <= 5)) v5.exec(m.sql);
    v5.pragma(`application_id = ${LOUPE_APPLICATION_ID}`);
    v5.pragma('user_version = 5');
    const insertSpan = v5.prepare(`INSERT INTO spans (rowid, ${SPAN_INSERT_COLUMNS.join(', ')}) VALUES (?, ${SPAN_INSERT_COLUMNS.map(() => '?').join(', ')})`);
    const insertTrace = v5.prepare(`INSERT INTO traces (rowid, project, trace_id, name, start_us, end_us, duration_ms, status, span_count,
      error_count, llm_call_count, input_tokens, output_tokens, total_tokens) VALUES (?, 'p', ?, 'qa', ?, ?, ?, 'ok', 1, 0, 1, 0, 0, 0)`);
    // Row ids out of key order, as years of random trace ids leave them.
    insertTrace.run(7, 'zz', BASE_US, BASE_US + 5000, 5);
    insertTrace.run(3, 'aa', BASE_US + 10, BASE_US + 2010, 2);
    insertSpan.run(40, ...spanInsertParams(buildLLMSpan({ project: 'p', traceId: 'zz', spanId: 's1', model: 'gpt-4o' })));
    insertSpan.run(12, ...spanInsertParams(buildLLMSpan({ project: 'p', traceId: 'aa', spanId: 's2', model: 'claude' })));
    v5.prepare(`INSERT INTO trace_models (model, project, trace_id) VALUES ('gpt-4o', 'p', 'zz'), ('claude', 'p', 'aa')`).run();
    v5.close();

    const store = openSqliteStore(path);
    try {
      assert.deepEqual((await store.listTraces({ model: 'gpt-4o' })).traces.map((t) => t.traceId), ['zz']);
      assert.deepEqual((await store.listTraces({ model: 'claude', project: 'p' })).traces.map((t) => t.traceId), ['aa']);
      assert.equal((await store.getTrace('zz'))!.spans[0]!.spanId, 's1');
      assert.equal((await store.getSpan('p', 'aa', 's2'))!.llm?.model, 'claude');
      // A new trace gets an id above every old one; its spans join it, not an old trace.
      await store.ingest([buildSpan({ project: 'p', traceId: 'new', spanId: 'n1' })]);
      assert.deepEqual((await store.getTrace('new'))!.spans.map((s) => s.spanId), ['n1']);
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    try {
      assert.deepEqual(check.prepare(`SELECT trace_id, id FROM traces ORDER BY id`).raw().all(), [['aa', 3], ['zz', 7], ['new', 8]]);
      assert.deepEqual(check.prepare(`SELECT span_id, id, trace_row FROM spans ORDER BY id`).raw().all(), [['s2', 12, 3], ['s1', 40, 7], ['n1', 41, 8]]);
    } finally {
      check.close();
    }
  });

  it('shares a file with another writer (an import into a served store): ids and roll-ups stay right', async () => {
    const path = freshPath();
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    try {
      await a.ingest([buildSpan({ project: 'p', traceId: 'ta', spanId: '1', input: 'written by alpha' })]);
      await b.ingest([buildSpan({ project: 'p', traceId: 'tb', spanId: '1', input: 'written by bravo' })]);
      // `a` must see the trace `b` added, not hand its id out again.
      await a.ingest([buildSpan({ project: 'p', traceId: 'tc', spanId: '1', input: 'alpha again' })]);
      // A span of a trace the other writer created joins that trace.
      await b.ingest([buildSpan({ project: 'p', traceId: 'ta', spanId: '2', input: 'bravo joins alpha' })]);
      await a.waitForSearchIndex();
      await b.waitForSearchIndex();
    } finally {
      await a.close();
      await b.close();
    }
    const check = openSqliteStore(path, { readonly: true });
    try {
      const traces = (await check.listTraces({})).traces;
      assert.deepEqual(traces.map((t) => [t.traceId, t.spanCount]).sort(), [['ta', 2], ['tb', 1], ['tc', 1]]);
      assert.deepEqual((await check.getTrace('ta'))!.spans.map((s) => s.spanId), ['1', '2']);
      for (const [text, ids] of [['alpha', ['ta', 'tc']], ['bravo', ['ta', 'tb']]] as const) {
        assert.deepEqual((await check.listTraces({ contains: text })).traces.map((t) => t.traceId).sort(), ids, text);
      }
    } finally {
      await check.close();
    }
  });

  it('reads a trace outline without touching span data', async () => {
    const store = openSqliteStore(':memory:');
    try {
      await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: 'a' })]);
      const conn = (store as unknown as { db: Database.Database }).db;
      // Corrupt the payload: the outline must not parse it, getSpan must.
      conn.prepare(`UPDATE spans SET data = 'not json'`).run();
      const outline = (await store.getTraceOutline('t', 'p'))!;
      assert.equal(outline.spans[0]!.spanId, 'a');
      await assert.rejects(store.getSpan('p', 't', 'a'), SyntaxError);
    } finally {
      await store.close();
    }
  });

  it('uses WAL with synchronous=FULL', async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const db = new Database(path);
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    } finally {
      db.close();
    }
    // synchronous is per connection: check it on the store's own one.
    const store = openSqliteStore(path);
    const conn = (store as unknown as { db: Database.Database }).db;
    assert.equal(conn.pragma('synchronous', { simple: true }), 2);
    await store.close();
  });

  it('rejects calls after close', async () => {
    const store = openSqliteStore(':memory:');
    await store.close();
    await store.close();
    await assert.rejects(store.listTraces({}), /closed/);
    await assert.rejects(store.ingest([buildSpan({ traceId: 't', spanId: 's' })]), /closed/);
  });

  it('rejects a malformed request alone, committing the rest of its batch', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const good = store.ingest([buildSpan({ project: 'p', traceId: 'ok', spanId: 'a' })]);
      const bad = store.ingest([
        buildSpan({ project: 'p', traceId: 'bad', spanId: 'a' }),
        { ...buildSpan({ project: 'p', traceId: 'bad', spanId: 'b' }), startUs: Number.NaN },
      ]);
      await assert.rejects(bad, TypeError);
      assert.deepEqual(await good, { accepted: 1, duplicates: 0 });
      assert.equal(await store.getTrace('bad', 'p'), undefined);
      assert.equal((await store.getTrace('ok', 'p'))?.summary.spanCount, 1);
    } finally {
      await store.close();
    }
  });

  describe('open errors', () => {
    const openError = (path: string, options?: { readonly?: boolean }): StoreOpenError => {
      try {
        openSqliteStore(path, options);
      } catch (error) {
        assert.ok(error instanceof StoreOpenError, `expected StoreOpenError, got ${String(error)}`);
        assert.equal(error.location, path);
        return error;
      }
      assert.fail('open succeeded');
    };

    it('refuses a missing directory without creating it', () => {
      const path = join(dir, 'no-such-dir', 'x.db');
      assert.equal(openError(path).message, `cannot open database ${path}: directory does not exist`);
    });

    it('refuses a file that is not SQLite', () => {
      const path = freshPath();
      writeFileSync(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
      assert.match(openError(path).message, /is not a Loupe database or is corrupt$/);
    });

    it("refuses another application's SQLite database, leaving it untouched", () => {
      const path = freshPath();
      const db = new Database(path);
      db.exec('CREATE TABLE notes (body TEXT)');
      db.close();
      assert.match(openError(path).message, /is not a Loupe database/);
      const check = new Database(path);
      assert.equal(check.pragma('journal_mode', { simple: true }), 'delete');
      check.close();
    });

    it('refuses a schema newer than this code', async () => {
      const path = freshPath();
      await openSqliteStore(path).close();
      const db = new Database(path);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      assert.match(openError(path).message, /schema version \d+ is newer than this Loupe supports/);
    });

    it('refuses read-only opening of a missing file', () => {
      const path = freshPath();
      assert.match(openError(path, { readonly: true }).message, /file does not exist$/);
    });

    it('refuses a directory path', () => {
      assert.match(openError(dir).message, /is a directory$/);
    });

    it('refuses an unwritable file', { skip: process.getuid?.() === 0 ? 'root bypasses file permissions' : false }, async () => {
      const path = freshPath();
      await openSqliteStore(path).close();
      chmodSync(path, 0o444);
      assert.match(openError(path).message, /permission denied/);
    });
  });

  describe('query plans', () => {
    const plan = async (filter: Parameters<ReturnType<typeof openSqliteStore>['explainListTraces']>[0]): Promise<string> => {
      const store = openSqliteStore(':memory:');
      try {
        await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: 'a', startUs: BASE_US })]);
        return store.explainListTraces(filter).join('\n');
      } finally {
        await store.close();
      }
    };

    it('lists a project newest first straight from an index, without sorting', async () => {
      const p = await plan({ project: 'p' });
      assert.match(p, /USING (COVERING )?INDEX traces_by_start/);
      assert.doesNotMatch(p, /TEMP B-TREE/);
      assert.doesNotMatch(p, /SCAN t\b(?! USING)/);
    });

    it('lists all projects newest first from an index', async () => {
      const p = await plan({});
      assert.match(p, /INDEX traces_by_start_all/);
      assert.doesNotMatch(p, /TEMP B-TREE/);
    });

    for (const [column, index] of [['userId', 'traces_by_user'], ['sessionId', 'traces_by_session'], ['name', 'traces_by_name'], ['status', 'traces_by_status']] as const) {
      it(`uses ${index} for a ${column} filter`, async () => {
        const p = await plan({ project: 'p', [column]: column === 'status' ? 'error' : 'x' });
        assert.match(p, new RegExp(`INDEX ${index}`));
        assert.doesNotMatch(p, /TEMP B-TREE/);
      });
    }

    it('reads LM calls from the partial LM-call index, which holds LM calls only', async () => {
      const store = openSqliteStore(':memory:');
      try {
        await store.ingest([
          buildLLMSpan({ project: 'p', traceId: 't', spanId: 'a', model: 'gpt-4o' }),
          buildSpan({ project: 'p', traceId: 't', spanId: 'b', parentSpanId: 'a' }),
        ]);
        const p = store.explainListLLMCalls({ project: 'p' }).join('\n');
        assert.equal(p.match(/USING INDEX spans_llm_calls \(project=\? AND kind=\?\)/g)?.length, 2, p);
        assert.doesNotMatch(p, /SCAN s\b/);
        const conn = (store as unknown as { db: Database.Database }).db;
        const indexed = conn.prepare(`SELECT count(*) FROM spans INDEXED BY spans_llm_calls WHERE kind IN ('LLM', 'EMBEDDING')`).pluck().get();
        assert.equal(indexed, 1);
      } finally {
        await store.close();
      }
    });

    it('keeps the newest-first index walk under a feedback filter, probing feedback by primary key', async () => {
      for (const feedback of ['correct', 'incorrect', 'any', 'none'] as const) {
        const p = await plan({ project: 'p', feedback });
        assert.match(p, /INDEX traces_by_start \(project=\?\)/, feedback);
        assert.match(p, /SEARCH fb (EXISTS )?USING PRIMARY KEY/, feedback);
        assert.doesNotMatch(p, /TEMP B-TREE/, feedback);
      }
      const joined = await plan({});
      assert.match(joined, /INDEX traces_by_start_all/);
      assert.match(joined, /SEARCH tf USING PRIMARY KEY .*LEFT-JOIN/);
    });

    it('looks up the model filter and contains in their indexes', async () => {
      assert.match(await plan({ project: 'p', model: 'gpt-4o' }), /trace_models USING PRIMARY KEY/);
      assert.match(await plan({ project: 'p', contains: 'hello' }), /SCAN search\.trace_text VIRTUAL TABLE INDEX \d+:L/);
    });
  });
});
