import type { EncodedSpan, WriteBatchResult } from './sqlite-write-batch.js';

/**
 * Where the store's writes run: a {@link SqliteWriteBatch} on the connection that owns them.
 * The batch writer (sqlite-writer.ts) hands it one group-commit batch at a time and waits for it.
 */
export interface BatchCommitter {
  /**
   * Writes the requests in one transaction. Resolves once it is committed (durable under the
   * connection's `synchronous` setting); rejects when the transaction failed as a whole, and
   * then nothing of it is stored.
   */
  commit(requests: EncodedSpan[][]): Promise<WriteBatchResult>;
  /** Releases the committer's resources; call with no commit pending. */
  close(): Promise<void>;
}
