import type { Database } from 'better-sqlite3';
import type { BatchCommitter } from './sqlite-batch-committer.js';
import { SqliteWriteBatch, type EncodedSpan, type WriteBatchResult } from './sqlite-write-batch.js';
import { StagedRequests } from './staged-requests.js';

/**
 * Commits on the store's own connection, on the calling thread. For in-memory stores, whose
 * database no other thread can open.
 */
export class InlineBatchCommitter implements BatchCommitter {
  private readonly batch: SqliteWriteBatch;
  private readonly staged = new StagedRequests();
  private nextId = 1;

  constructor(db: Database) {
    this.batch = new SqliteWriteBatch(db);
  }

  stage(spans: EncodedSpan[]): number {
    const id = this.nextId++;
    this.staged.add(id, spans);
    return id;
  }

  async commit(staged: readonly number[]): Promise<WriteBatchResult> {
    return this.staged.commit(this.batch, staged);
  }

  async close(): Promise<void> {}
}
