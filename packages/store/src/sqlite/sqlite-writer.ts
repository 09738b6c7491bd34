import type { IngestResult, NormalizedSpan } from '@loupe/core';
import { collectSearchText, joinSearchText } from '../search-text.js';
import type { BatchCommitter } from './sqlite-batch-committer.js';
import type { SearchEntry } from './sqlite-search-index.js';
import type { SearchIndexer } from './sqlite-search-indexer.js';
import { encodeSpan, traceKey, type RequestFailure, type WriteBatchResult } from './sqlite-write-batch.js';

interface PendingWrite {
  /** The committer's id of the request's staged rows. */
  staged: number;
  /** How many spans the request has. */
  count: number;
  /** Searchable text of the request's spans per distinct trace, in order of first appearance. */
  texts: string[];
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

export interface SqliteWriterOptions {
  /**
   * Soft cap on spans per transaction: a flush takes whole requests until it reaches this many,
   * so one huge backlog does not make one huge commit. Default 20 000.
   */
  maxBatchSpans?: number;
}

/**
 * Group-commit batches handed to the committer before the first of them is settled. Two, so the
 * committer (the writer thread) starts the next batch the moment it commits one, instead of
 * idling until this thread, busy decoding the next requests, gets to the answer and sends the
 * next batch; more would only split the queued requests into smaller batches, and each commit
 * has a fixed cost (its fsync, the pages it dirties).
 */
const MAX_BATCHES_IN_FLIGHT = 2;

/** Spans the writer rejects before they go anywhere near the database: their caller gets a TypeError. */
function checkSpan(span: NormalizedSpan, index: number): void {
  const bad = (field: string): never => {
    throw new TypeError(`span ${index}: ${field} is missing or invalid`);
  };
  if (typeof span !== 'object' || span === null) bad('span');
  if (typeof span.project !== 'string') bad('project');
  if (typeof span.traceId !== 'string' || span.traceId === '') bad('traceId');
  if (typeof span.spanId !== 'string' || span.spanId === '') bad('spanId');
  if (typeof span.name !== 'string') bad('name');
  if (typeof span.kind !== 'string') bad('kind');
  if (!Number.isFinite(span.startUs)) bad('startUs');
  if (!Number.isFinite(span.endUs)) bad('endUs');
  if (span.status !== 'ok' && span.status !== 'error' && span.status !== 'unset') bad('status');
}

/** The searchable text of a request's spans, one entry per distinct trace in first-appearance order. */
function requestTexts(spans: readonly NormalizedSpan[]): string[] {
  const byTrace = new Map<string, Set<string>>();
  for (const span of spans) {
    // The write batch's traceRows follow the same keys in the same order.
    const key = traceKey(span.project, span.traceId);
    let parts = byTrace.get(key);
    if (parts === undefined) byTrace.set(key, (parts = new Set()));
    collectSearchText(span, parts);
  }
  return [...byTrace.values()].map((parts) => joinSearchText(parts));
}

function requestError(failure: RequestFailure): Error {
  const error = failure.errorName === 'TypeError' ? new TypeError(failure.error) : new Error(failure.error);
  if (failure.errorName !== 'TypeError' && failure.errorName !== 'Error') error.name = failure.errorName;
  return error;
}

/**
 * The store's single writer, with group commit. `write()` checks and encodes a request on the
 * caller's turn, stages its rows with the {@link BatchCommitter} and queues it; one flush stores everything queued by then — from any number of
 * concurrent callers — as ONE batch through the {@link BatchCommitter}, then settles each caller
 * with its own result. While a batch commits (on the writer thread, for a file), the next
 * requests queue up, and the next flush takes them all.
 *
 * Contracts:
 * - A caller's promise resolves only after its spans are committed (durable under the
 *   connection's `synchronous` setting).
 * - A malformed request is rejected alone, before it is queued; one whose statements fail is
 *   rolled back alone (a savepoint) and the rest of the batch commits.
 * - Spans already stored (same project/traceId/spanId) are ignored and counted as duplicates;
 *   after the commit the search text of each request's traces that got new spans goes to the
 *   {@link SearchIndexer}.
 * - If the transaction itself fails, every caller in the batch is rejected and the database
 *   is unchanged (rollback).
 */
export class SqliteBatchWriter {
  private readonly queue: PendingWrite[] = [];
  private scheduled = false;
  /** Batches sent to the committer and not yet settled, oldest first. */
  private readonly inFlight: Promise<void>[] = [];
  private readonly maxBatchSpans: number;

  /**
   * @param committedRowid `spans.id` of the newest span already in the store: what a search must
   *   see (read-your-writes), raised by every commit.
   */
  constructor(
    private readonly committer: BatchCommitter,
    private readonly indexer: SearchIndexer,
    private committedRowid: number,
    options: SqliteWriterOptions = {},
  ) {
    this.maxBatchSpans = options.maxBatchSpans ?? 20_000;
  }

  /** Queues spans; resolves once they are committed. */
  write(spans: readonly NormalizedSpan[]): Promise<IngestResult> {
    if (!Array.isArray(spans)) return Promise.reject(new TypeError('ingest expects an array of spans'));
    if (spans.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
    let staged: number;
    let texts: string[];
    try {
      spans.forEach(checkSpan);
      texts = requestTexts(spans);
      // Staged at once, so the encoded rows die young here while an earlier batch commits.
      staged = this.committer.stage(spans.map(encodeSpan));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<IngestResult>((resolve, reject) => {
      this.queue.push({ staged, count: spans.length, texts, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every span committed so far is searchable (see {@link SearchIndexer.whenIndexed}). */
  searchable(maxWaitMs?: number): Promise<void> {
    return this.indexer.whenIndexed(this.committedRowid, maxWaitMs);
  }

  /** Requests queued and not yet committed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Commits everything queued, then closes the committer. */
  async close(): Promise<void> {
    for (;;) {
      if (this.inFlight.length > 0) await this.inFlight[0];
      else if (this.queue.length > 0) this.flushOnce();
      else break;
    }
    await this.committer.close();
  }

  /**
   * At most {@link MAX_BATCHES_IN_FLIGHT} batches in flight; requests arriving meanwhile wait for
   * the next flush, which takes them all.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight.length >= MAX_BATCHES_IN_FLIGHT) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight.length < MAX_BATCHES_IN_FLIGHT) this.flushOnce();
    });
  }

  private flushOnce(): void {
    let take = 0;
    let spans = 0;
    while (take < this.queue.length && (take === 0 || spans + this.queue[take]!.count <= this.maxBatchSpans)) {
      spans += this.queue[take]!.count;
      take += 1;
    }
    const batch = this.queue.splice(0, take);
    if (batch.length === 0) return;
    const done: Promise<void> = this.commit(batch).finally(() => {
      this.inFlight.splice(this.inFlight.indexOf(done), 1);
      if (this.queue.length > 0) this.schedule();
    });
    this.inFlight.push(done);
  }

  private async commit(batch: PendingWrite[]): Promise<void> {
    let result: WriteBatchResult;
    try {
      result = await this.committer.commit(batch.map((w) => w.staged));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    this.submitForSearch(batch, result);
    batch.forEach((w, i) => {
      const outcome = result.outcomes[i]!;
      if ('error' in outcome) w.reject(requestError(outcome));
      else w.resolve(outcome);
    });
  }

  /**
   * Hands a committed batch's text to the indexer. The spans are stored whatever happens here:
   * an indexing failure is reported, never turned into a failed ingest (the index is rebuilt
   * from the spans on the next open).
   */
  private submitForSearch(batch: readonly PendingWrite[], { traceRows, from, upTo }: WriteBatchResult): void {
    try {
      if (upTo <= from) return;
      this.committedRowid = Math.max(this.committedRowid, upTo);
      const entries: SearchEntry[] = [];
      batch.forEach((w, i) => {
        const rows = traceRows[i]!;
        rows.forEach((traceRowid, t) => {
          const text = w.texts[t]!;
          if (traceRowid > 0 && text !== '') entries.push({ traceRowid, text });
        });
      });
      this.indexer.submit(entries, from, upTo);
    } catch (error) {
      console.error(`loupe: could not index spans for search: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
