import { Worker } from 'node:worker_threads';
import type { SearchEntry } from './sqlite-search-index.js';
import type { SearchIndexer } from './sqlite-search-indexer.js';
import type { SearchWorkerData, SearchWorkerReply, SearchWorkerRequest } from './sqlite-search-worker-protocol.js';
import { WORKER_RESOURCE_LIMITS } from './sqlite-worker-limits.js';

/** Longest a search waits for the index to reach the latest commit before it answers anyway. */
const SEARCH_WAIT_MS = 2000;
/** Longest close() waits for the worker to index what is queued; the rest is rebuilt on the next start. */
const CLOSE_WAIT_MS = 10_000;
/** Spans the index may lag the store by before submitted text is dropped (see submit). */
export const DEFAULT_MAX_LAG_SPANS = 200_000;

export interface WorkerSearchIndexerOptions {
  /** Called once if the worker stops on an error. */
  onFailure: (error: Error) => void;
  /** Default {@link DEFAULT_MAX_LAG_SPANS}. */
  maxLagSpans?: number;
}

/**
 * Indexes on a worker thread (sqlite-search-worker.ts) with its own connection to the index
 * file, so trigram indexing and the store's checkpoints use another core than ingest. Texts
 * travel as structured-clone messages; the worker answers with its watermark.
 */
export class WorkerSearchIndexer implements SearchIndexer {
  private readonly worker: Worker;
  private watermark = 0;
  private failed = false;
  failure: string | undefined;
  private closed = false;
  private readonly waiters = new Set<{ rowid: number; done: () => void }>();
  private readonly exited: Promise<void>;

  constructor(storePath: string, searchPath: string, private readonly options: WorkerSearchIndexerOptions) {
    const workerData: SearchWorkerData = { storePath, searchPath };
    this.worker = new Worker(new URL('./sqlite-search-worker.js', import.meta.url), { workerData, resourceLimits: WORKER_RESOURCE_LIMITS });
    // A store someone forgot to close must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (message: SearchWorkerReply) => {
      if (message.type === 'indexed') {
        this.watermark = message.watermark;
        this.release();
      } else if (message.type === 'failed') {
        this.fail(new Error(`full-text indexing stopped: ${message.message}`));
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        if (!this.closed) this.fail(new Error('full-text index worker exited'));
        resolve();
      });
    });
  }

  /**
   * Posts the text to the worker — unless the index lags the store by more than `maxLagSpans`:
   * then the text is dropped and the worker, seeing the gap, reads those spans from the store
   * once it gets there. Queued text is what grows while the worker is behind; this bounds it.
   */
  submit(entries: SearchEntry[], from: number, upTo: number): void {
    if (this.failed || this.closed) return;
    const behind = upTo - this.watermark > (this.options.maxLagSpans ?? DEFAULT_MAX_LAG_SPANS);
    this.post({ type: 'index', entries: behind ? [] : entries, from: behind ? upTo : from, upTo });
  }

  whenIndexed(spanRowid: number, maxWaitMs = SEARCH_WAIT_MS): Promise<void> {
    if (this.failed || this.closed || this.watermark >= spanRowid) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        rowid: spanRowid,
        done: () => {
          if (timer !== undefined) clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = Number.isFinite(maxWaitMs) ? setTimeout(waiter.done, maxWaitMs) : undefined;
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.release(true);
    if (!this.failed) this.post({ type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    await this.worker.terminate();
  }

  private post(message: SearchWorkerRequest): void {
    this.worker.postMessage(message);
  }

  private release(all = false): void {
    for (const w of [...this.waiters]) if (all || this.watermark >= w.rowid) w.done();
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.failure = error.message;
    this.release(true);
    this.options.onFailure(error);
  }
}
