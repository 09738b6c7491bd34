import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { buildSpan } from '../conformance/span-builder.js';
import { openSqliteStore } from './sqlite-open.js';
import type { SqliteTraceStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'loupe-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `store-${n++}.db`);

/** The writer thread of a file store, when one is running (internal: the committer's worker). */
function writerThread(store: SqliteTraceStore): Worker | undefined {
  return (store as unknown as { writer: { committer: { worker?: Worker } } }).writer.committer.worker;
}

/** Runs `sql` on a connection of its own to the store file, as another process would. */
function onFile(path: string, sql: string): void {
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/**
 * A file store whose writer thread is running (one span stored), with `trigger` then created on
 * the file by another connection: the thread's next batches meet it.
 */
async function storeWithTrigger(trigger: string): Promise<SqliteTraceStore> {
  const path = freshPath();
  const store = openSqliteStore(path);
  await store.ingest([buildSpan({ project: 'p', traceId: 'warm', spanId: 'a' })]);
  onFile(path, trigger);
  return store;
}

describe('SQLite writer thread', () => {
  it('starts with the first write, not when the store is opened, and commits there', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    try {
      assert.equal(writerThread(store), undefined);
      await store.listTraces({});
      assert.equal(writerThread(store), undefined, 'reads start no thread');
      assert.deepEqual(await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: 'a' })]), { accepted: 1, duplicates: 0 });
      assert.notEqual(writerThread(store), undefined);
      // Committed by the thread's own connection: a fresh connection sees it.
      const db = new Database(path, { readonly: true });
      try {
        assert.equal(db.prepare(`SELECT count(*) FROM spans`).pluck().get(), 1);
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  });

  it('rejects a request whose statements fail alone, with the error SQLite gave, and commits the rest of the batch', async () => {
    const store = await storeWithTrigger(`CREATE TRIGGER refuse BEFORE INSERT ON spans WHEN NEW.name = 'refused'
                                          BEGIN SELECT RAISE(ABORT, 'span refused by trigger'); END`);
    try {
      // Both requests are queued on the same turn, so they share one batch.
      const good = store.ingest([buildSpan({ project: 'p', traceId: 'good', spanId: 'a' })]);
      const bad = store.ingest([
        buildSpan({ project: 'p', traceId: 'bad', spanId: 'a' }),
        buildSpan({ project: 'p', traceId: 'bad', spanId: 'b', name: 'refused' }),
      ]);
      await assert.rejects(bad, /span refused by trigger/);
      assert.deepEqual(await good, { accepted: 1, duplicates: 0 });
      assert.equal(await store.getTrace('bad', 'p'), undefined);
      assert.equal((await store.getTrace('good', 'p'))?.summary.spanCount, 1);
    } finally {
      await store.close();
    }
  });

  it('rejects every caller of a batch whose transaction fails, stores none of it, and commits the next batch', async () => {
    // RAISE(ROLLBACK) ends the whole transaction, as a full disk or an I/O error does.
    const store = await storeWithTrigger(`CREATE TRIGGER doom BEFORE INSERT ON spans WHEN NEW.name = 'doom'
                                          BEGIN SELECT RAISE(ROLLBACK, 'transaction doomed'); END`);
    try {
      const innocent = store.ingest([buildSpan({ project: 'p', traceId: 'innocent', spanId: 'a', input: 'innocent text' })]);
      const doomed = store.ingest([buildSpan({ project: 'p', traceId: 'doomed', spanId: 'a', name: 'doom' })]);
      await assert.rejects(innocent, /transaction doomed/);
      await assert.rejects(doomed, /transaction doomed/);
      assert.equal(await store.getTrace('innocent', 'p'), undefined);
      assert.equal((await store.listTraces({ contains: 'innocent text' })).traces.length, 0);
      // The retry commits, on the same thread, and is searchable.
      assert.deepEqual(await store.ingest([buildSpan({ project: 'p', traceId: 'innocent', spanId: 'a', input: 'innocent text' })]), {
        accepted: 1,
        duplicates: 0,
      });
      assert.deepEqual((await store.listTraces({ contains: 'innocent text' })).traces.map((t) => t.traceId), ['innocent']);
    } finally {
      await store.close();
    }
  });

  it('fails the commits in flight and the requests staged on a thread that dies, and the next write starts a new thread', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const lock = new Database(path);
    try {
      await store.ingest([buildSpan({ project: 'p', traceId: 'before', spanId: 'a' })]);
      const first = writerThread(store)!;
      // Hold the write lock, so the thread's next commit waits in SQLite's busy handler. The
      // next request is a second batch in flight (sent to the thread, queued behind the first);
      // the one after it is only staged on the thread, waiting for a batch slot.
      lock.exec('BEGIN IMMEDIATE');
      const inFlight = store.ingest([buildSpan({ project: 'p', traceId: 'in-flight', spanId: 'a' })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const queuedBatch = store.ingest([buildSpan({ project: 'p', traceId: 'queued-batch', spanId: 'a' })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const staged = store.ingest([buildSpan({ project: 'p', traceId: 'staged', spanId: 'a' })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const terminated = first.terminate();
      lock.exec('COMMIT');
      await terminated;
      await assert.rejects(inFlight, /writer thread exited/);
      await assert.rejects(queuedBatch, /writer thread exited/);
      await assert.rejects(staged, /exited before these spans were committed; none of them were stored/);
      assert.deepEqual(await store.ingest([buildSpan({ project: 'p', traceId: 'after', spanId: 'a' })]), { accepted: 1, duplicates: 0 });
      assert.notEqual(writerThread(store), first);
      const ids = (await store.listTraces({})).traces.map((t) => t.traceId).sort();
      assert.deepEqual(ids, ['after', 'before'], 'neither the cut-off commits nor the lost staged request stored anything');
    } finally {
      lock.close();
      await store.close();
    }
  });
});
