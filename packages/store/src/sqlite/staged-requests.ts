import type { EncodedSpan, RequestFailure, SqliteWriteBatch, WriteBatchResult } from './sqlite-write-batch.js';

/** What a request staged on a writer thread that has since died is told. */
const LOST: RequestFailure = {
  error: 'the store writer thread exited before these spans were committed; none of them were stored, retry',
  errorName: 'Error',
};

/**
 * Requests staged for the connection that writes them (see BatchCommitter), until their commit.
 * Kept where that connection lives: on the writer thread, or beside the store's own connection.
 */
export class StagedRequests {
  private readonly staged = new Map<number, EncodedSpan[]>();

  add(id: number, spans: EncodedSpan[]): void {
    this.staged.set(id, spans);
  }

  /** Requests staged and not yet committed. */
  get size(): number {
    return this.staged.size;
  }

  /**
   * Writes the staged requests `ids` as one batch and forgets them, whether or not the
   * transaction succeeds (a failed one stores none of them, and callers retry, not the store).
   * An id not staged here — its rows went to a writer thread that died — fails alone.
   */
  commit(batch: SqliteWriteBatch, ids: readonly number[]): WriteBatchResult {
    const found = ids.map((id) => this.staged.get(id));
    for (const id of ids) this.staged.delete(id);
    const requests = found.filter((spans): spans is EncodedSpan[] => spans !== undefined);
    if (requests.length === ids.length) return batch.run(requests);
    const written: WriteBatchResult =
      requests.length > 0 ? batch.run(requests) : { outcomes: [], traceRows: [], from: 0, upTo: 0 };
    const result: WriteBatchResult = { outcomes: [], traceRows: [], from: written.from, upTo: written.upTo };
    let next = 0;
    for (const spans of found) {
      if (spans === undefined) {
        result.outcomes.push(LOST);
        result.traceRows.push([]);
      } else {
        result.outcomes.push(written.outcomes[next]!);
        result.traceRows.push(written.traceRows[next]!);
        next += 1;
      }
    }
    return result;
  }
}
