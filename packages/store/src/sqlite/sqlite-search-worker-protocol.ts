import type { SearchEntry } from './sqlite-search-index.js';

/** What the search worker is started with. */
export interface SearchWorkerData {
  storePath: string;
  searchPath: string;
}

/** Writer → worker: index a committed batch, or finish and exit. */
export type SearchWorkerRequest = { type: 'index'; entries: SearchEntry[]; upTo: number } | { type: 'close' };

/**
 * Worker → writer: the watermark after each transaction; `closed` once its database is closed;
 * `failed` when it stops on an error (nothing more is indexed until the store is reopened).
 */
export type SearchWorkerReply =
  | { type: 'indexed'; watermark: number }
  | { type: 'closed' }
  | { type: 'failed'; message: string };
