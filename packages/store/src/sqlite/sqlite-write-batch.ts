import type { Database, Statement } from 'better-sqlite3';
import type { IngestResult, NormalizedSpan, SpanKind, SpanStatus, TokenUsage } from '@loupe/core';
import { applySpan, emptyRollup, type RollupSpan, type TraceRollup } from '../trace-rollup.js';
import {
  rollupParams,
  rowToRollup,
  SPAN_INSERT_COLUMNS,
  spanInsertParams,
  TRACE_COLUMNS,
  type SqlValue,
  type StoredTraceRow,
} from './sqlite-row-mapping.js';

/**
 * One span as the write transaction takes it: the `spans` insert values in
 * {@link SPAN_INSERT_COLUMNS} order, then the span's input and output when it is a root span
 * (null otherwise: only a root's reach the trace roll-up). Plain values only, so a batch of them
 * crosses to the writer thread as a cheap structured clone (see sqlite-writer-worker.ts).
 */
export type EncodedSpan = SqlValue[];

/** Where each insert column sits in an {@link EncodedSpan}. */
const C = Object.fromEntries(SPAN_INSERT_COLUMNS.map((c, i) => [c, i])) as Record<(typeof SPAN_INSERT_COLUMNS)[number], number>;
export const ENCODED_ROOT_INPUT = SPAN_INSERT_COLUMNS.length;
export const ENCODED_ROOT_OUTPUT = SPAN_INSERT_COLUMNS.length + 1;

/** The span as the write transaction takes it. */
export function encodeSpan(span: NormalizedSpan): EncodedSpan {
  const encoded = spanInsertParams(span);
  const root = span.parentSpanId === undefined;
  encoded.push(root ? (span.input ?? null) : null, root ? (span.output ?? null) : null);
  return encoded;
}

/** A request the transaction rejected alone (its savepoint rolled back): what its caller is told. */
export interface RequestFailure {
  error: string;
  /** The thrown error's class name (`TypeError`, `SqliteError`…), to rebuild a like error. */
  errorName: string;
}

/** What one committed batch did. */
export interface WriteBatchResult {
  /** Per request, in order. */
  outcomes: (IngestResult | RequestFailure)[];
  /**
   * Per request: for each distinct trace among its spans, in order of first appearance, the
   * `traces.id` its newly stored spans went to — 0 when the request added none to it.
   */
  traceRows: number[][];
  /** The span ids this batch took: (from, upTo]. */
  from: number;
  upTo: number;
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
}

/** A trace's key within a batch. NUL cannot occur in a project name or trace id, so it is unambiguous. */
export function traceKey(project: string, traceId: string): string {
  return `${project}\u0000${traceId}`;
}

function encodedTraceKey(span: EncodedSpan): string {
  return traceKey(span[C.project] as string, span[C.trace_id] as string);
}

const text = (v: SqlValue | undefined): string | undefined => (v === null || v === undefined ? undefined : (v as string));
const num = (v: SqlValue | undefined): number | undefined => (v === null || v === undefined ? undefined : (v as number));

/** The fields of an encoded span the trace roll-up reads. */
function rollupSpan(s: EncodedSpan): RollupSpan {
  const input = num(s[C.input_tokens]);
  const output = num(s[C.output_tokens]);
  const total = num(s[C.total_tokens]);
  let usage: TokenUsage | undefined;
  if (input !== undefined || output !== undefined || total !== undefined) {
    usage = {};
    if (input !== undefined) usage.input = input;
    if (output !== undefined) usage.output = output;
    if (total !== undefined) usage.total = total;
  }
  return {
    project: s[C.project] as string,
    traceId: s[C.trace_id] as string,
    spanId: s[C.span_id] as string,
    parentSpanId: text(s[C.parent_span_id]),
    name: s[C.name] as string,
    kind: s[C.kind] as SpanKind,
    startUs: s[C.start_us] as number,
    endUs: s[C.end_us] as number,
    status: s[C.status] as SpanStatus,
    usage,
    costUsd: num(s[C.cost_usd]),
    userId: text(s[C.user_id]),
    sessionId: text(s[C.session_id]),
    serviceName: text(s[C.service_name]),
    input: text(s[ENCODED_ROOT_INPUT]),
    output: text(s[ENCODED_ROOT_OUTPUT]),
  };
}

/**
 * One group-commit batch on the connection that owns the store's writes: every request's
 * spans under its own savepoint, then each touched trace's roll-up, in ONE transaction.
 * Runs wherever that connection lives (the writer thread for a file, the store's own
 * connection for `:memory:`).
 *
 * Contracts:
 * - Spans already stored (same project/traceId/spanId) are ignored and counted as duplicates;
 *   only newly inserted spans are rolled up.
 * - A request whose statements fail is rolled back alone and reported as a {@link RequestFailure}.
 * - If the transaction itself fails, {@link run} throws and the database is unchanged.
 */
export class SqliteWriteBatch {
  private readonly insertSpan: Statement;
  private readonly selectMaxRowid: Statement;
  private readonly insertModel: Statement;
  private readonly insertProject: Statement;
  private readonly takeWriteLock: Statement;
  private readonly selectTrace: Statement;
  private readonly selectMaxTraceId: Statement;
  private readonly insertTrace: Statement;
  private readonly updateTrace: Statement;
  private readonly runRequest: (spans: readonly EncodedSpan[], traces: Map<string, BatchTrace>, inserted: EncodedSpan[]) => void;
  private readonly runBatch: (requests: readonly (readonly EncodedSpan[])[]) => WriteBatchResult;
  /**
   * The `traces.id` the next new trace gets. Handed out here, in ingest order, so spans can carry
   * their trace's id before the trace row is written at the end of the batch. Read again at the
   * start of every batch, under the write lock: another process (a `loupe import` into a served
   * file) may have added traces since.
   */
  private nextTraceId = 0;

  constructor(private readonly db: Database) {
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (trace_row, ${SPAN_INSERT_COLUMNS.join(', ')})
       VALUES (?, ${SPAN_INSERT_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.selectMaxRowid = db.prepare(`SELECT coalesce(max(id), 0) FROM spans`).pluck();
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
    this.runRequest = db.transaction((spans: readonly EncodedSpan[], traces: Map<string, BatchTrace>, inserted: EncodedSpan[]) => {
      for (const span of spans) if (this.insertOne(span, this.traceFor(traces, span))) inserted.push(span);
    });
    this.runBatch = db.transaction((requests: readonly (readonly EncodedSpan[])[]) => this.writeBatch(requests));
    // A write statement that changes nothing still takes the store's write lock, and only the
    // store's: BEGIN IMMEDIATE would also lock an attached index file.
    this.takeWriteLock = db.prepare(`UPDATE main.projects SET project = project WHERE 0`);
  }

  /** Writes the batch in one transaction; throws (nothing stored) when the transaction fails. */
  run(requests: readonly (readonly EncodedSpan[])[]): WriteBatchResult {
    return this.runBatch(requests);
  }

  /**
   * Inside the batch transaction. The span ids are read under the write lock, so they are this
   * batch's alone even when another process writes the file too: spans it added in between
   * show as a gap, which the search indexer fills from the store.
   */
  private writeBatch(requests: readonly (readonly EncodedSpan[])[]): WriteBatchResult {
    // The write lock before any read: the ids and roll-ups read below are the latest even with
    // another writer on the file (a read snapshot could not be upgraded to a write after it).
    this.takeWriteLock.run();
    this.nextTraceId = (this.selectMaxTraceId.get() as number) + 1;
    const from = this.selectMaxRowid.get() as number;
    const traces = new Map<string, BatchTrace>();
    const traceRows: number[][] = [];
    const outcomes = requests.map((spans): IngestResult | RequestFailure => {
      const inserted: EncodedSpan[] = [];
      try {
        this.runRequest(spans, traces, inserted);
      } catch (error) {
        // SQLite rolls back the whole transaction on some errors (disk full, I/O): fail the batch.
        if (!this.db.inTransaction) throw error;
        traceRows.push([]);
        return {
          error: error instanceof Error ? error.message : String(error),
          errorName: error instanceof Error ? error.name : 'Error',
        };
      }
      const added = new Map<string, number>();
      for (const span of spans) {
        const key = encodedTraceKey(span);
        if (!added.has(key)) added.set(key, 0);
      }
      for (const span of inserted) {
        const key = encodedTraceKey(span);
        const trace = traces.get(key)!;
        applySpan(trace.rollup, rollupSpan(span));
        trace.added += 1;
        added.set(key, trace.id);
      }
      traceRows.push([...added.values()]);
      return { accepted: inserted.length, duplicates: spans.length - inserted.length };
    });
    const projects = new Set<string>();
    for (const trace of traces.values()) if (trace.added > 0) projects.add(trace.rollup.project);
    for (const project of projects) this.insertProject.run(project);
    for (const trace of traces.values()) {
      // Only duplicates or rejected spans: a new trace has nothing to store, a stored one is unchanged.
      if (trace.added === 0) continue;
      const params = rollupParams(trace.rollup);
      if (trace.stored) this.updateTrace.run(...params.slice(2), trace.id);
      else this.insertTrace.run(trace.id, ...params);
    }
    return { outcomes, traceRows, from, upTo: this.selectMaxRowid.get() as number };
  }

  /** Inserts one span and its model index rows; false when it was already stored. */
  private insertOne(span: EncodedSpan, trace: BatchTrace): boolean {
    // Exactly the insert columns: the root input/output after them are not bound.
    if (this.insertSpan.run(trace.id, ...span.slice(0, ENCODED_ROOT_INPUT)).changes === 0) return false;
    const project = span[C.project] as string;
    const model = span[C.model];
    const responseModel = span[C.response_model];
    if (model !== null) this.insertModel.run(model, project, trace.id);
    if (responseModel !== null && responseModel !== model) this.insertModel.run(responseModel, project, trace.id);
    return true;
  }

  /**
   * The batch's state for the span's trace: loaded once from the database, or new with the next
   * trace id. A new trace whose spans all roll back keeps its id unused: ids need only grow.
   */
  private traceFor(traces: Map<string, BatchTrace>, span: EncodedSpan): BatchTrace {
    const key = encodedTraceKey(span);
    let trace = traces.get(key);
    if (trace === undefined) {
      const row = this.selectTrace.get(span[C.trace_id], span[C.project]) as StoredTraceRow | undefined;
      trace = row
        ? { id: row.id, stored: true, rollup: rowToRollup(row), added: 0 }
        : { id: this.nextTraceId++, stored: false, rollup: emptyRollup(rollupSpan(span)), added: 0 };
      traces.set(key, trace);
    }
    return trace;
  }
}
