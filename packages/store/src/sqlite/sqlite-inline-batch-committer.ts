import type { Database } from 'better-sqlite3';
import type { BatchCommitter } from './sqlite-batch-committer.js';
import { SqliteWriteBatch, type EncodedSpan, type WriteBatchResult } from './sqlite-write-batch.js';

/**
 * Commits on the store's own connection, on the calling thread. For in-memory stores, whose
 * database no other thread can open.
 */
export class InlineBatchCommitter implements BatchCommitter {
  private readonly batch: SqliteWriteBatch;

  constructor(db: Database) {
    this.batch = new SqliteWriteBatch(db);
  }

  async commit(requests: EncodedSpan[][]): Promise<WriteBatchResult> {
    return this.batch.run(requests);
  }

  async close(): Promise<void> {}
}
