import type { SearchEntry } from './sqlite-search-index.js';

/**
 * Keeps the full-text index in step with the store's writer. The writer calls `submit` after
 * each commit with the search text of the spans it just stored; the index may lag behind the
 * commit (the ack to the app only waits for the spans), never ahead of it.
 */
export interface SearchIndexer {
  /**
   * Indexes `entries`, the text of the spans committed with rowids in (`from`, `upTo`]. Called
   * in commit order, once per committed batch. An indexer may drop the text (when it has fallen
   * too far behind to hold more) and index those spans from the store instead.
   */
  submit(entries: SearchEntry[], from: number, upTo: number): void;
  /**
   * Resolves once spans up to `spanRowid` are searchable, or once `maxWaitMs` is over (default:
   * as long as a search may wait; Infinity: no limit), or once indexing has stopped for good
   * (failure, close). Never rejects.
   */
  whenIndexed(spanRowid: number, maxWaitMs?: number): Promise<void>;
  /** Why indexing stopped for good, once it has (the index resumes when the store is reopened). */
  readonly failure: string | undefined;
  /** Indexes what was submitted, then releases the indexer's resources. */
  close(): Promise<void>;
}
