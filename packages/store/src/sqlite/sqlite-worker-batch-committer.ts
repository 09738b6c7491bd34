import { Worker } from 'node:worker_threads';
import type { BatchCommitter } from './sqlite-batch-committer.js';
import type { EncodedSpan, WriteBatchResult } from './sqlite-write-batch.js';
import type { WriterWorkerData, WriterWorkerReply, WriterWorkerRequest } from './sqlite-writer-worker-protocol.js';
import { WORKER_RESOURCE_LIMITS } from './sqlite-worker-limits.js';

/** Longest close() waits for the writer thread to close its connection before it is terminated. */
const CLOSE_WAIT_MS = 10_000;

interface Pending {
  resolve: (result: WriteBatchResult) => void;
  reject: (error: Error) => void;
}

/** A whole-transaction failure as the writer thread reported it, with SQLite's code when it had one. */
function commitError(message: string, code: string | undefined): Error {
  const error = new Error(message) as Error & { code?: string };
  if (code !== undefined) error.code = code;
  return error;
}

/**
 * Commits on a writer thread (sqlite-writer-worker.ts) with its own connection to the store
 * file, so SQLite's share of ingest — inserts, index updates, commit and fsync — runs on
 * another core than decoding and normalizing. Each request's rows travel as it is staged, as a
 * structured clone of plain values ({@link EncodedSpan}); a commit message names the staged
 * requests it writes.
 *
 * The thread starts on the first write, so a store that is only read, or a server that is
 * idle, costs no thread. Should it die (it never should: every error is answered), the commits
 * in flight are rejected — they may or may not have been stored, like any write whose answer was
 * lost, and a retry is safe because spans already stored are ignored — and the next commit
 * starts a new one. Requests it had staged and not committed are lost with it: their commit on
 * the new thread fails them alone (see StagedRequests).
 */
export class WorkerBatchCommitter implements BatchCommitter {
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly storePath: string) {}

  stage(spans: EncodedSpan[]): number {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    worker.postMessage({ type: 'stage', id, spans } satisfies WriterWorkerRequest);
    return id;
  }

  commit(staged: readonly number[]): Promise<WriteBatchResult> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<WriteBatchResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A caller waits on this commit: keep the process alive until it is answered.
      worker.ref();
      worker.postMessage({ type: 'commit', id, staged } satisfies WriterWorkerRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    worker.postMessage({ type: 'close' } satisfies WriterWorkerRequest);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    await worker.terminate();
  }

  private start(): Worker {
    const workerData: WriterWorkerData = { storePath: this.storePath };
    const worker = new Worker(new URL('./sqlite-writer-worker.js', import.meta.url), { workerData, resourceLimits: WORKER_RESOURCE_LIMITS });
    // Only pending commits keep the process alive (see commit), not an idle thread.
    worker.unref();
    worker.on('message', (message: WriterWorkerReply) => {
      const pending = this.pending.get(message.id);
      if (pending === undefined) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.type === 'committed') pending.resolve(message.result);
      else pending.reject(commitError(message.message, message.code));
    });
    const stopped = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => stopped(new Error(`store writer thread failed: ${error.message}`, { cause: error })));
    this.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        stopped(new Error(`store writer thread exited (code ${code})`));
        resolve();
      });
    });
    this.worker = worker;
    return worker;
  }
}
