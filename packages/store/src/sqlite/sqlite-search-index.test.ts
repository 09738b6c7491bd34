import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { buildLLMSpan, buildSpan } from '../conformance/span-builder.js';
import { openSqliteStore } from './sqlite-open.js';
import { spanInsertParams, SPAN_INSERT_COLUMNS } from './sqlite-row-mapping.js';
import { LOUPE_APPLICATION_ID, MIGRATIONS } from './sqlite-schema.js';
import { FTS_PAGE_BYTES, searchIndexPath } from './sqlite-search-index.js';

const dir = mkdtempSync(join(tmpdir(), 'loupe-search-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `store-${n++}.db`);

const ids = async (store: ReturnType<typeof openSqliteStore>, contains: string): Promise<string[]> =>
  (await store.listTraces({ contains })).traces.map((t) => t.traceId).sort();

function watermark(path: string): number {
  const db = new Database(searchIndexPath(path), { readonly: true });
  try {
    return db.prepare('SELECT indexed_rowid FROM search_state').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('full-text index file', () => {
  it('is written off the ingest thread and searchable as soon as ingest resolves', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    try {
      for (let i = 0; i < 20; i++) {
        await store.ingest([buildSpan({ project: 'p', traceId: `t${i}`, spanId: 'a', input: `order number ${i}-zq` })]);
        assert.deepEqual(await ids(store, `number ${i}-zq`), [`t${i}`]);
      }
      assert.equal((await store.stats({ contains: '-zq' })).count, 20);
    } finally {
      await store.close();
    }
    assert.ok(existsSync(searchIndexPath(path)));
    assert.equal(watermark(path), 20);
  });

  it('writes FTS5 leaves of 32,000 bytes, also into an index created before that setting', async () => {
    const pgsz = (path: string): unknown => {
      const db = new Database(searchIndexPath(path), { readonly: true });
      try {
        return db.prepare(`SELECT v FROM trace_text_config WHERE k = 'pgsz'`).pluck().get();
      } finally {
        db.close();
      }
    };
    const fresh = freshPath();
    await openSqliteStore(fresh).close();
    assert.equal(pgsz(fresh), FTS_PAGE_BYTES);
    // An index file as older versions made it: FTS5's default leaf size.
    const path = freshPath();
    const old = new Database(searchIndexPath(path));
    old.exec(`
      CREATE VIRTUAL TABLE trace_text USING fts5(text, trace_rowid UNINDEXED, tokenize = 'trigram', detail = 'none', columnsize = 0);
      CREATE TABLE search_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_rowid INTEGER NOT NULL);
      INSERT INTO search_state (id, indexed_rowid) VALUES (1, 0);
    `);
    old.close();
    assert.equal(pgsz(path), undefined);
    const store = openSqliteStore(path);
    try {
      await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: 'a', input: 'kettle descaling '.repeat(400) })]);
      assert.deepEqual(await ids(store, 'descaling kettle'), ['t']);
    } finally {
      await store.close();
    }
    assert.equal(pgsz(path), FTS_PAGE_BYTES);
  });

  it('waitForSearchIndex resolves only once every committed span is indexed', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    try {
      const spans = Array.from({ length: 20_000 }, (_, i) =>
        buildSpan({ project: 'p', traceId: `t${Math.floor(i / 10)}`, spanId: `s${i}`, input: `question number ${i} about a refund` }));
      await store.ingest(spans);
      // 20,000 spans take the worker well over a turn of the event loop: right after the ack, it lags.
      const before = store.searchIndexStatus();
      assert.equal(before.state, 'catching-up');
      assert.ok(before.lagSpans > 0 && before.lagSpans <= 20_000, String(before.lagSpans));
      await store.waitForSearchIndex();
      // Read through another connection while the store is still open: nothing left to catch up.
      assert.equal(watermark(path), 20_000);
      assert.deepEqual(store.searchIndexStatus(), { state: 'current', lagSpans: 0 });
    } finally {
      await store.close();
    }
  });

  it('bounds what it holds: past the allowed lag the text is dropped and the spans are indexed from the store', async () => {
    const path = freshPath();
    // Any lag at all drops the text: every batch leaves a gap the worker fills from the store.
    const store = openSqliteStore(path, { searchMaxLagSpans: 0 });
    const batch = (b: number) => Array.from({ length: 50 }, (_, i) =>
      buildSpan({ project: 'p', traceId: `t${b}`, spanId: `s${i}`, input: `batch ${b} mentions kettle-${b}-x` }));
    try {
      // Past the start-up catch-up, so what follows reaches the worker as (dropped) submissions.
      await store.ingest(batch(0));
      await store.waitForSearchIndex();
      await Promise.all(Array.from({ length: 29 }, (_, b) => store.ingest(batch(b + 1))));
      await store.waitForSearchIndex();
      assert.equal(watermark(path), 1500);
      assert.equal((await store.stats({ contains: 'mentions kettle-' })).count, 30);
      assert.deepEqual(await ids(store, 'kettle-17-x'), ['t17']);
    } finally {
      await store.close();
    }
  });

  it('is rebuilt from the spans when its file is deleted or unreadable', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.ingest([
      buildSpan({ project: 'p', traceId: 'a', spanId: '1', input: 'refund for the damaged espresso machine' }),
      buildLLMSpan({ project: 'p', traceId: 'b', spanId: '1', model: 'gpt-4o', completion: 'the kettle ships on monday' }),
    ]);
    await store.close();

    for (const suffix of ['', '-wal', '-shm']) rmSync(searchIndexPath(path) + suffix, { force: true });
    let reopened = openSqliteStore(path);
    try {
      assert.deepEqual(await ids(reopened, 'ESPRESSO'), ['a']);
      assert.deepEqual(await ids(reopened, 'ships on'), ['b']);
    } finally {
      await reopened.close();
    }

    for (const suffix of ['-wal', '-shm']) rmSync(searchIndexPath(path) + suffix, { force: true });
    writeFileSync(searchIndexPath(path), 'this is not a database file, just some bytes long enough to look like a header');
    reopened = openSqliteStore(path);
    try {
      assert.deepEqual(await ids(reopened, 'espresso'), ['a']);
    } finally {
      await reopened.close();
    }
  });

  it('catches up from its watermark: spans committed but never indexed become searchable on reopen', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.ingest([buildSpan({ project: 'p', traceId: 'first', spanId: '1', input: 'alpha payload' })]);
    await store.close();
    // Spans the index never saw, as after a crash between the store's commit and the index's.
    const db = new Database(path);
    const traceRow = db.prepare(`INSERT INTO traces (project, trace_id, name, start_us, end_us, duration_ms, status, span_count, error_count,
      llm_call_count, input_tokens, output_tokens, total_tokens) VALUES ('p', 'late', 'x', 1, 2, 0.001, 'ok', 1, 0, 0, 0, 0, 0)
      RETURNING id`).pluck().get();
    const insert = db.prepare(
      `INSERT INTO spans (trace_row, ${SPAN_INSERT_COLUMNS.join(', ')}) VALUES (?, ${SPAN_INSERT_COLUMNS.map(() => '?').join(', ')})`,
    );
    insert.run(traceRow, ...spanInsertParams(buildSpan({ project: 'p', traceId: 'late', spanId: '1', input: 'omega payload' })));
    db.close();
    assert.equal(watermark(path), 1);
    const offline = openSqliteStore(path, { readonly: true });
    try {
      // A reader sees the writer's lag in the files themselves.
      assert.deepEqual(offline.searchIndexStatus(), { state: 'catching-up', lagSpans: 1 });
    } finally {
      await offline.close();
    }

    const reopened = openSqliteStore(path);
    try {
      assert.deepEqual(await ids(reopened, 'payload'), ['first', 'late']);
    } finally {
      await reopened.close();
    }
    assert.equal(watermark(path), 2);
  });

  it('moves a version 3 database’s in-file index out: old spans stay searchable', async () => {
    const path = freshPath();
    const v3 = new Database(path);
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) v3.exec(m.sql);
    v3.pragma(`application_id = ${LOUPE_APPLICATION_ID}`);
    v3.pragma('user_version = 3');
    const span = buildSpan({ project: 'p', traceId: 'old', spanId: '1', input: 'legacy zirconium kettle' });
    v3.prepare(`INSERT INTO spans (${SPAN_INSERT_COLUMNS.join(', ')}) VALUES (${SPAN_INSERT_COLUMNS.map(() => '?').join(', ')})`)
      .run(spanInsertParams(span));
    v3.prepare(`INSERT INTO traces (project, trace_id, name, start_us, end_us, duration_ms, status, span_count, error_count,
      llm_call_count, input_tokens, output_tokens, total_tokens) VALUES ('p', 'old', 'x', 1, 2, 0.001, 'ok', 1, 0, 0, 0, 0, 0)`).run();
    v3.close();

    const store = openSqliteStore(path);
    try {
      assert.deepEqual(await ids(store, 'zirconium'), ['old']);
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    try {
      const tables = check.prepare(`SELECT name FROM sqlite_schema WHERE name = 'trace_text'`).all();
      assert.deepEqual(tables, []);
    } finally {
      check.close();
    }
  });

  it('read-only: searches the index file, or says it is missing while other queries still work', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: '1', input: 'needle in a haystack' })]);
    await store.close();

    let readonly = openSqliteStore(path, { readonly: true });
    try {
      assert.deepEqual(await ids(readonly, 'needle'), ['t']);
    } finally {
      await readonly.close();
    }

    for (const suffix of ['', '-wal', '-shm']) rmSync(searchIndexPath(path) + suffix, { force: true });
    readonly = openSqliteStore(path, { readonly: true });
    try {
      await assert.rejects(readonly.listTraces({ contains: 'needle' }), /full-text index .* is missing; open .* with write access/);
      await assert.rejects(readonly.stats({ contains: 'needle' }), /is missing/);
      const status = readonly.searchIndexStatus();
      assert.equal(status.state, 'unavailable');
      assert.equal(status.lagSpans, 1);
      assert.match(status.message ?? '', /is missing/);
      assert.equal((await readonly.listTraces({})).traces.length, 1);
    } finally {
      await readonly.close();
    }
    assert.equal(existsSync(searchIndexPath(path)), false);
  });
});
