import type { EncodedSpan, WriteBatchResult } from './sqlite-write-batch.js';

/**
 * Where the store's writes run: a {@link SqliteWriteBatch} on the connection that owns them.
 * The batch writer (sqlite-writer.ts) stages each request's rows as soon as it has encoded them,
 * then commits the staged requests in group-commit batches, at most two of them in flight.
 *
 * Staging first is what keeps a request's rows out of the caller's heap while an earlier batch
 * commits: they wait where they will be written (the writer thread, as a copy), so the thread
 * that decodes requests holds nothing across requests but their search text.
 */
export interface BatchCommitter {
  /**
   * Takes one request's rows; returns the id to commit them by. The caller may drop `spans`.
   * Staged rows that the committer loses before their commit (its writer thread died) are
   * reported as that request's failure by {@link commit}, never stored later.
   */
  stage(spans: EncodedSpan[]): number;
  /**
   * Writes the staged requests, in this order, in one transaction. Resolves once it is
   * committed (durable under the connection's `synchronous` setting); rejects when the
   * transaction failed as a whole, and then nothing of it is stored. Each id is committed once.
   * A commit may be called while earlier ones are pending: commits run, and settle, in call order.
   */
  commit(staged: readonly number[]): Promise<WriteBatchResult>;
  /** Releases the committer's resources; call with no commit pending. */
  close(): Promise<void>;
}
