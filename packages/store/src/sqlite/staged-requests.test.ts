import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { buildSpan } from '../conformance/span-builder.js';
import { migrate } from './sqlite-schema.js';
import { encodeSpan, SqliteWriteBatch } from './sqlite-write-batch.js';
import { StagedRequests } from './staged-requests.js';

describe('StagedRequests', () => {
  it('commits the staged requests of a batch in order and fails the ones it never got, each in its place', () => {
    const db = new Database(':memory:');
    migrate(db, 0);
    const batch = new SqliteWriteBatch(db);
    const staged = new StagedRequests();
    staged.add(1, [encodeSpan(buildSpan({ project: 'p', traceId: 't1', spanId: 'a' }))]);
    staged.add(3, [
      encodeSpan(buildSpan({ project: 'p', traceId: 't3', spanId: 'a' })),
      encodeSpan(buildSpan({ project: 'p', traceId: 't3', spanId: 'b' })),
    ]);
    const result = staged.commit(batch, [1, 2, 3]);
    assert.deepEqual(result.outcomes[0], { accepted: 1, duplicates: 0 });
    assert.match((result.outcomes[1] as { error: string }).error, /exited before these spans were committed/);
    assert.deepEqual(result.outcomes[2], { accepted: 2, duplicates: 0 });
    assert.equal(result.traceRows.length, 3);
    assert.deepEqual(result.traceRows[1], []);
    assert.equal(result.upTo - result.from, 3, 'the span ids of the batch cover the three stored spans');
    assert.equal(staged.size, 0, 'committed requests are forgotten');
    assert.equal(db.prepare('SELECT count(*) FROM spans').pluck().get(), 3);
    db.close();
  });
});
