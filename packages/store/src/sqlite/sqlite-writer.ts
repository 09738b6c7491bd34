import type { Database, Statement } from 'better-sqlite3';
import type { IngestResult, NormalizedSpan } from '@loupe/core';
import { collectSearchText } from '../search-text.js';
import { applySpan, emptyRollup, type TraceRollup } from '../trace-rollup.js';
import type { SearchEntry } from './sqlite-search-index.js';
import type { SearchIndexer } from './sqlite-search-indexer.js';
import {
  rollupParams,
  rowToRollup,
  SPAN_INSERT_COLUMNS,
  spanInsertParams,
  TRACE_COLUMNS,
  type StoredTraceRow,
} from './sqlite-row-mapping.js';

/** What a committed batch hands the search indexer: its text and the span ids it took, (from, upTo]. */
interface WrittenBatch {
  outcomes: (IngestResult | Error)[];
  texts: SearchEntry[];
  from: number;
  upTo: number;
}

interface PendingWrite {
  spans: readonly NormalizedSpan[];
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/** A trace touched by the batch being written. */
interface BatchTrace {
  /** `traces.id`: the stored row's, or the one this batch gives the new trace. */
  id: number;
  /** The trace has a stored row (update it) rather than a new one (insert it). */
  stored: boolean;
  rollup: TraceRollup;
  /** Spans this batch added to the trace: none, and the trace row is left as it is. */
  added: number;
  /** Searchable text of the spans this batch added, deduplicated across them. */
  text: Set<string>;
}

export interface SqliteWriterOptions {
  /**
   * Soft cap on spans per transaction: a flush takes whole requests until it reaches this many,
   * so one huge backlog does not block the event loop in a single commit. Default 20 000.
   */
  maxBatchSpans?: number;
}

/** NUL cannot occur in a project name or trace id, so the composite key is unambiguous. */
function traceKey(span: NormalizedSpan): string {
  return `${span.project}\u0000${span.traceId}`;
}

/** Spans the writer rejects before touching the database: their caller gets a TypeError. */
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

/**
 * The store's single writer, with group commit. `write()` queues a request; one flush, run on
 * the next turn of the event loop, stores everything queued by then — from any number of
 * concurrent callers — in ONE transaction, then settles each caller with its own result.
 *
 * Contracts:
 * - A caller's promise resolves only after its spans are committed (durable under the
 *   connection's `synchronous` setting).
 * - Each caller's spans go in under a savepoint: a malformed request is rejected alone and
 *   leaves no trace; the rest of the batch commits.
 * - Spans already stored (same project/traceId/spanId) are ignored and counted as duplicates;
 *   only newly inserted spans are rolled up, and after the commit their search text goes to the
 *   {@link SearchIndexer}, one entry per trace per batch.
 * - If the transaction itself fails, every caller in the batch is rejected and the database
 *   is unchanged (rollback).
 */
export class SqliteBatchWriter {
  private readonly queue: PendingWrite[] = [];
  private scheduled = false;
  private readonly maxBatchSpans: number;
  private readonly insertSpan: Statement;
  private readonly selectMaxRowid: Statement;
  private readonly insertModel: Statement;
  private readonly insertProject: Statement;
  private readonly takeWriteLock: Statement;
  private readonly selectTrace: Statement;
  private readonly selectMaxTraceId: Statement;
  private readonly insertTrace: Statement;
  private readonly updateTrace: Statement;
  private readonly runCaller: (spans: readonly NormalizedSpan[], traces: Map<string, BatchTrace>, inserted: NormalizedSpan[]) => void;
  private readonly runBatch: (batch: readonly PendingWrite[]) => WrittenBatch;
  /** `spans.id` of the newest committed span: what a search must see (read-your-writes). */
  private committedRowid: number;
  /**
   * The `traces.id` the next new trace gets. The writer hands ids out itself, in ingest order,
   * so spans can carry their trace's id before the trace row is written at the end of the batch.
   * Read again at the start of every batch, under the write lock: another process (a
   * `loupe import` into a served file) may have added traces since.
   */
  private nextTraceId = 0;

  constructor(
    private readonly db: Database,
    private readonly indexer: SearchIndexer,
    options: SqliteWriterOptions = {},
  ) {
    this.maxBatchSpans = options.maxBatchSpans ?? 20_000;
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (trace_row, ${SPAN_INSERT_COLUMNS.join(', ')})
       VALUES (?, ${SPAN_INSERT_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.selectMaxRowid = db.prepare(`SELECT coalesce(max(id), 0) FROM spans`).pluck();
    this.committedRowid = this.selectMaxRowid.get() as number;
    this.selectMaxTraceId = db.prepare(`SELECT coalesce(max(id), 0) FROM traces`).pluck();
    this.insertModel = db.prepare(`INSERT OR IGNORE INTO trace_models (model, project, trace_row) VALUES (?, ?, ?)`);
    this.insertProject = db.prepare(`INSERT OR IGNORE INTO projects (project) VALUES (?)`);
    this.selectTrace = db.prepare(`SELECT * FROM traces WHERE trace_id = ? AND project = ?`);
    this.insertTrace = db.prepare(
      `INSERT INTO traces (id, ${TRACE_COLUMNS.join(', ')}) VALUES (?, ${TRACE_COLUMNS.map(() => '?').join(', ')})`,
    );
    const updates = TRACE_COLUMNS.filter((c) => c !== 'project' && c !== 'trace_id').map((c) => `${c} = ?`);
    this.updateTrace = db.prepare(`UPDATE traces SET ${updates.join(', ')} WHERE id = ?`);
    // Nested better-sqlite3 transactions run as savepoints.
    this.runCaller = db.transaction((spans: readonly NormalizedSpan[], traces: Map<string, BatchTrace>, inserted: NormalizedSpan[]) => {
      spans.forEach(checkSpan);
      for (const span of spans) if (this.insertOne(span, this.traceFor(traces, span))) inserted.push(span);
    });
    this.runBatch = db.transaction((batch: readonly PendingWrite[]) => this.writeBatch(batch));
    // A write statement that changes nothing still takes the store's write lock, and only the
    // store's: BEGIN IMMEDIATE would also lock the attached index file, which the search worker
    // keeps writing, and stall ingest in the busy handler.
    this.takeWriteLock = db.prepare(`UPDATE main.projects SET project = project WHERE 0`);
  }

  /** Queues spans; resolves once they are committed. */
  write(spans: readonly NormalizedSpan[]): Promise<IngestResult> {
    if (!Array.isArray(spans)) return Promise.reject(new TypeError('ingest expects an array of spans'));
    if (spans.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
    return new Promise<IngestResult>((resolve, reject) => {
      this.queue.push({ spans, resolve, reject });
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

  /** Commits everything queued, synchronously (used on close). */
  flushAll(): void {
    while (this.queue.length > 0) this.flushOnce();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushOnce();
      if (this.queue.length > 0) this.schedule();
    });
  }

  private flushOnce(): void {
    let take = 0;
    let spans = 0;
    while (take < this.queue.length && (take === 0 || spans + this.queue[take]!.spans.length <= this.maxBatchSpans)) {
      spans += this.queue[take]!.spans.length;
      take += 1;
    }
    const batch = this.queue.splice(0, take);
    if (batch.length === 0) return;
    let written: WrittenBatch;
    try {
      written = this.runBatch(batch);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    this.submitForSearch(written);
    const { outcomes } = written;
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    });
  }

  /**
   * Hands a committed batch's text to the indexer. The spans are stored whatever happens here:
   * an indexing failure is reported, never turned into a failed ingest (the index is rebuilt
   * from the spans on the next open).
   */
  private submitForSearch({ texts, from, upTo }: WrittenBatch): void {
    try {
      if (upTo <= from) return;
      this.committedRowid = Math.max(this.committedRowid, upTo);
      this.indexer.submit(texts, from, upTo);
    } catch (error) {
      console.error(`loupe: could not index spans for search: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Runs inside the batch transaction; returns each caller's outcome, the new spans' search text
   * and the span ids they took. Those ids are read under the write lock, so they are this
   * batch's alone even when another process writes the file too: spans it added in between
   * show as a gap, which the indexer fills from the store.
   */
  private writeBatch(batch: readonly PendingWrite[]): WrittenBatch {
    // The write lock before any read: the ids and roll-ups read below are the latest even with
    // another writer on the file (a read snapshot could not be upgraded to a write after it).
    this.takeWriteLock.run();
    this.nextTraceId = (this.selectMaxTraceId.get() as number) + 1;
    const from = this.selectMaxRowid.get() as number;
    const traces = new Map<string, BatchTrace>();
    const outcomes = batch.map((w): IngestResult | Error => {
      const inserted: NormalizedSpan[] = [];
      try {
        this.runCaller(w.spans, traces, inserted);
      } catch (error) {
        // SQLite rolls back the whole transaction on some errors (disk full, I/O): fail the batch.
        if (!this.db.inTransaction) throw error;
        return error instanceof Error ? error : new Error(String(error));
      }
      for (const span of inserted) {
        const trace = traces.get(traceKey(span))!;
        applySpan(trace.rollup, span);
        trace.added += 1;
        collectSearchText(span, trace.text);
      }
      return { accepted: inserted.length, duplicates: w.spans.length - inserted.length };
    });
    const texts: SearchEntry[] = [];
    const projects = new Set<string>();
    for (const trace of traces.values()) if (trace.added > 0) projects.add(trace.rollup.project);
    for (const project of projects) this.insertProject.run(project);
    for (const trace of traces.values()) {
      // Only duplicates or rejected spans: a new trace has nothing to store, a stored one is unchanged.
      if (trace.added === 0) continue;
      const params = rollupParams(trace.rollup);
      if (trace.stored) this.updateTrace.run(...params.slice(2), trace.id);
      else this.insertTrace.run(trace.id, ...params);
      if (trace.text.size > 0) texts.push({ traceRowid: trace.id, text: [...trace.text].join('\n') });
    }
    return { outcomes, texts, from, upTo: this.selectMaxRowid.get() as number };
  }

  /** Inserts one span and its model index rows; false when it was already stored. */
  private insertOne(span: NormalizedSpan, trace: BatchTrace): boolean {
    if (this.insertSpan.run(trace.id, ...spanInsertParams(span)).changes === 0) return false;
    const llm = span.llm;
    if (llm?.model !== undefined) this.insertModel.run(llm.model, span.project, trace.id);
    if (llm?.responseModel !== undefined && llm.responseModel !== llm.model) {
      this.insertModel.run(llm.responseModel, span.project, trace.id);
    }
    return true;
  }

  /**
   * The batch's state for the span's trace: loaded once from the database, or new with the next
   * trace id. A new trace whose spans all roll back keeps its id unused: ids need only grow.
   */
  private traceFor(traces: Map<string, BatchTrace>, span: NormalizedSpan): BatchTrace {
    const key = traceKey(span);
    let trace = traces.get(key);
    if (trace === undefined) {
      const row = this.selectTrace.get(span.traceId, span.project) as StoredTraceRow | undefined;
      trace = row
        ? { id: row.id, stored: true, rollup: rowToRollup(row), added: 0, text: new Set() }
        : { id: this.nextTraceId++, stored: false, rollup: emptyRollup(span), added: 0, text: new Set() };
      traces.set(key, trace);
    }
    return trace;
  }
}
