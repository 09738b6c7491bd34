import type { SearchEntry } from './sqlite-search-index.js';

/** What the search worker is started with. */
export interface SearchWorkerData {
  storePath: string;
  searchPath: string;
}

/**
 * Writer → worker: index a committed batch — the text of the spans with rowids in (`from`,
 * `upTo`]; empty when the writer dropped it, and the worker reads those spans from the store —
 * or finish and exit.
 */
export type SearchWorkerRequest =
  | { type: 'index'; entries: SearchEntry[]; from: number; upTo: number }
  | { type: 'close' };

/**
 * Worker → writer: the watermark after each transaction (the worker then exits when closed);
 * `failed` when it stops on an error (nothing more is indexed until the store is reopened).
 */
export type SearchWorkerReply =
  | { type: 'indexed'; watermark: number }
  | { type: 'failed'; message: string };
