import type { Database } from 'better-sqlite3';
import { SearchIndexWriter, type SearchEntry } from './sqlite-search-index.js';
import type { SearchIndexer } from './sqlite-search-indexer.js';

/**
 * Indexes on the writer's own connection, right after each commit, into an index attached as
 * `searchSchema`. For in-memory stores, whose database no other thread can open.
 */
export class InlineSearchIndexer implements SearchIndexer {
  private readonly writer: SearchIndexWriter;
  /** Indexing runs inside the writer's own calls; a failure there is reported per batch, never sticky. */
  readonly failure = undefined;

  constructor(db: Database, searchSchema: string) {
    this.writer = new SearchIndexWriter(db, searchSchema, 'main');
    while (this.writer.catchUpStep() > 0);
  }

  submit(entries: SearchEntry[], _from: number, upTo: number): void {
    this.writer.write(entries, upTo);
  }

  async whenIndexed(): Promise<void> {}

  async close(): Promise<void> {}
}
