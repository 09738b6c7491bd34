import type { EncodedSpan, WriteBatchResult } from './sqlite-write-batch.js';

/** What the writer thread is started with. */
export interface WriterWorkerData {
  storePath: string;
}

/**
 * Main → writer thread: keep one request's rows until they are committed (`stage`, not
 * answered); commit staged requests as one batch (answered with the commit's `id`); or finish
 * and exit.
 */
export type WriterWorkerRequest =
  | { type: 'stage'; id: number; spans: EncodedSpan[] }
  | { type: 'commit'; id: number; staged: readonly number[] }
  | { type: 'close' };

/**
 * Writer thread → main: the batch committed, or its transaction failed as a whole (nothing of
 * it stored; `code` is SQLite's, such as SQLITE_FULL, when it has one).
 */
export type WriterWorkerReply =
  | { type: 'committed'; id: number; result: WriteBatchResult }
  | { type: 'failed'; id: number; message: string; code?: string };
