import type { Database, Statement } from 'better-sqlite3';
import {
  nearestRankIndex,
  type IngestResult,
  type LLMCallQuery,
  type LLMCallRecord,
  type NormalizedSpan,
  type SearchIndexStatus,
  type TraceDetail,
  type TraceOutline,
  type TraceFeedback,
  type TraceFilter,
  type TracePage,
  type TraceQuery,
  type TraceStats,
  type TraceStore,
  type TraceSummary,
} from '@loupe/core';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { rollupToSummary } from '../trace-rollup.js';
import {
  checkFeedback,
  FEEDBACK_JOIN,
  FEEDBACK_SELECT_COLUMNS,
  rowToFeedback,
  type FeedbackColumns,
} from './sqlite-feedback.js';
import { traceFilterSql } from './sqlite-filter-sql.js';
import {
  LLM_CALL_SELECT_COLUMNS,
  rowToLLMCall,
  rowToRollup,
  rowToSpan,
  SPAN_SELECT_COLUMNS,
  type LLMCallRow,
  type SpanRow,
  type SqlValue,
  type StoredTraceRow,
  type TraceRow,
} from './sqlite-row-mapping.js';
import { OUTLINE_JSON_EXPR } from './sqlite-outline-json.js';
import { SEARCH_SCHEMA_NAME } from './sqlite-search-index.js';
import type { SearchIndexer } from './sqlite-search-indexer.js';
import type { BatchCommitter } from './sqlite-batch-committer.js';
import { InlineBatchCommitter } from './sqlite-inline-batch-committer.js';
import { SqliteBatchWriter, type SqliteWriterOptions } from './sqlite-writer.js';

const DEFAULT_TRACE_LIMIT = 50;
const DEFAULT_LLM_CALL_LIMIT = 20;
const MAX_LIMIT = 1000;
/** Distinct filter shapes give distinct SQL; keep the prepared ones, within reason. */
const MAX_CACHED_STATEMENTS = 256;

/** Validates a page size: an integer within 1..1000, or the default when absent. */
function pageLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(limit)}`);
  }
  return limit;
}

function rowToSummary(row: TraceRow & FeedbackColumns): TraceSummary {
  const summary = rollupToSummary(rowToRollup(row));
  const feedback = rowToFeedback(row);
  if (feedback !== undefined) summary.feedback = feedback;
  return summary;
}

/** The list query: trace rows with their feedback, newest first. Shared with explainListTraces. */
function listTracesSql(where: string): string {
  return `SELECT t.*, ${FEEDBACK_SELECT_COLUMNS} FROM traces t ${FEEDBACK_JOIN} WHERE ${where}
       ORDER BY t.start_us DESC, t.trace_id DESC, t.project DESC LIMIT ?`;
}

/**
 * The LM-call query of one project (or trace): its `?`s are `params`, a limit, `params` again
 * and two more limits. Shared with explainListLLMCalls.
 */
function llmCallsSql(query: LLMCallQuery): { sql: string; params: SqlValue[] } {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  if (query.project !== undefined) {
    conditions.push('s.project = ?');
    params.push(query.project);
  }
  if (query.traceId !== undefined) {
    // Spans are keyed by their trace's row id: find it (them, without a project) first.
    if (query.project !== undefined) {
      conditions.push('s.trace_row IN (SELECT id FROM traces WHERE trace_id = ? AND project = ?)');
      params.push(query.traceId, query.project);
    } else {
      conditions.push('s.trace_row IN (SELECT id FROM traces WHERE trace_id = ?)');
      params.push(query.traceId);
    }
  }
  if (query.model !== undefined) {
    conditions.push('(s.model = ? OR s.response_model = ?)');
    params.push(query.model, query.model);
  }
  const where = conditions.length > 0 ? ` AND ${conditions.join(' AND ')}` : '';
  // One ordered index range per kind, merged: cheaper than sorting every LM call. The IN term
  // repeats the partial index's WHERE, which is how SQLite knows it may use it.
  const perKind = (kind: string): string =>
    `SELECT * FROM (SELECT ${LLM_CALL_SELECT_COLUMNS} FROM spans s
     WHERE s.kind IN ('LLM', 'EMBEDDING') AND s.kind = '${kind}'${where}
     ORDER BY s.start_us DESC, s.span_id DESC LIMIT ?)`;
  return { sql: `${perKind('LLM')} UNION ALL ${perKind('EMBEDDING')} ORDER BY start_us DESC, span_id DESC LIMIT ?`, params };
}

/**
 * A trace's span order: start time, then span id. Sorted here rather than by SQLite's ORDER BY,
 * which copied every row of a 10,000-span trace into a temporary B-tree first: a fifth of the
 * outline's time.
 */
function byStart(a: { startUs: number; spanId: string }, b: { startUs: number; spanId: string }): number {
  return a.startUs - b.startUs || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

function checkKey(project: string, traceId: string): void {
  if (typeof project !== 'string') throw new TypeError('project must be a string');
  if (typeof traceId !== 'string' || traceId === '') throw new TypeError('traceId must be a non-empty string');
}

export interface SqliteTraceStoreOptions extends SqliteWriterOptions {
  /** No writer: `ingest` rejects. The connection itself should be read-only too. */
  readonly?: boolean;
  /** Keeps the full-text index (attached as `search`) in step with ingest; required unless readonly. */
  indexer?: SearchIndexer;
  /** Set when the full-text index is not attached: `contains` then fails with this message. */
  searchUnavailable?: string;
  /** Where the writes run; default: on this connection, on the calling thread. */
  committer?: BatchCommitter;
}

/**
 * TraceStore on one better-sqlite3 connection. Open it with `openSqliteStore`, which sets the
 * pragmas and schema this class relies on; the constructor takes an already-prepared database.
 * Reads run synchronously on the calling turn; writes go through one {@link SqliteBatchWriter},
 * committed by the options' {@link BatchCommitter} (a writer thread with its own connection,
 * for a file).
 */
export class SqliteTraceStore implements TraceStore {
  private readonly writer: SqliteBatchWriter | undefined;
  private readonly indexer: SearchIndexer | undefined;
  private readonly searchUnavailable: string | undefined;
  private readonly statements = new Map<string, Statement>();
  private closed = false;

  constructor(private readonly db: Database, options: SqliteTraceStoreOptions = {}) {
    this.searchUnavailable = options.searchUnavailable;
    if (options.readonly) return;
    if (options.indexer === undefined) throw new TypeError('a writable SqliteTraceStore needs a search indexer');
    this.indexer = options.indexer;
    const committer = options.committer ?? new InlineBatchCommitter(db);
    const newest = db.prepare(`SELECT coalesce(max(id), 0) FROM spans`).pluck().get() as number;
    this.writer = new SqliteBatchWriter(committer, options.indexer, newest, options);
  }

  async ingest(spans: NormalizedSpan[]): Promise<IngestResult> {
    this.checkOpen();
    if (this.writer === undefined) throw new Error('store was opened read-only; ingest is not allowed');
    return this.writer.write(spans);
  }

  async listTraces(query: TraceQuery): Promise<TracePage> {
    this.checkOpen();
    const limit = pageLimit(query.limit, DEFAULT_TRACE_LIMIT);
    const where = traceFilterSql(query);
    await this.searchReady(query);
    const params: SqlValue[] = [...where.params];
    let keyset = '';
    if (query.cursor !== undefined) {
      const [startUs, traceId, project] = decodeCursor(query.cursor, ['number', 'string', 'string']);
      // With the project fixed by the filter, (start_us, trace_id) alone seeks the project index.
      if (query.project !== undefined) {
        keyset = ' AND (t.start_us, t.trace_id) < (?, ?)';
        params.push(startUs!, traceId!);
      } else {
        keyset = ' AND (t.start_us, t.trace_id, t.project) < (?, ?, ?)';
        params.push(startUs!, traceId!, project!);
      }
    }
    params.push(limit + 1);
    const rows = this.statement(listTracesSql(`${where.sql}${keyset}`)).all(params) as (TraceRow & FeedbackColumns)[];
    const more = rows.length > limit;
    const traces = (more ? rows.slice(0, limit) : rows).map(rowToSummary);
    const page: TracePage = { traces };
    if (more) {
      const last = traces[traces.length - 1]!;
      page.nextCursor = encodeCursor([last.startUs, last.traceId, last.project]);
    }
    return page;
  }

  async getTrace(traceId: string, project?: string): Promise<TraceDetail | undefined> {
    this.checkOpen();
    const row = this.traceRow(traceId, project);
    if (row === undefined) return undefined;
    const spans = (this.statement(`SELECT ${SPAN_SELECT_COLUMNS} FROM spans WHERE trace_row = ?`).all(row.id) as SpanRow[]).map(rowToSpan);
    return { summary: rowToSummary(row), spans: spans.sort(byStart) };
  }

  /**
   * The outline as {@link getTraceOutlineJson} writes it: one mapping of the light columns,
   * and parsing that text costs less than reading 20 JS values per span.
   */
  async getTraceOutline(traceId: string, project?: string): Promise<TraceOutline | undefined> {
    const text = await this.getTraceOutlineJson(traceId, project);
    return text === undefined ? undefined : (JSON.parse(text) as TraceOutline);
  }

  /**
   * The trace's outline as JSON text, written by SQLite from the light columns, no `data`
   * (see sqlite-outline-json.ts). Ordered by start, then span id in byte order: getTrace's
   * order for the ASCII ids OTLP has.
   */
  async getTraceOutlineJson(traceId: string, project?: string): Promise<string | undefined> {
    this.checkOpen();
    const row = this.traceRow(traceId, project);
    if (row === undefined) return undefined;
    const spans = this.statement(
      `SELECT ${OUTLINE_JSON_EXPR} FROM spans WHERE trace_row = ? ORDER BY start_us, span_id`,
      { pluck: true },
    ).all(row.id) as string[];
    return `{"summary":${JSON.stringify(rowToSummary(row))},"spans":[${spans.join(',')}]}`;
  }

  async getSpan(project: string, traceId: string, spanId: string): Promise<NormalizedSpan | undefined> {
    this.checkOpen();
    const row = this.statement(
      `SELECT ${SPAN_SELECT_COLUMNS} FROM spans
       WHERE trace_row = (SELECT id FROM traces WHERE trace_id = ? AND project = ?) AND span_id = ?`,
    ).get(traceId, project, spanId) as SpanRow | undefined;
    return row === undefined ? undefined : rowToSpan(row);
  }

  /** The trace's roll-up row with its feedback; without a project, the first project holding the id. */
  private traceRow(traceId: string, project: string | undefined): (StoredTraceRow & FeedbackColumns) | undefined {
    const select = `SELECT t.*, ${FEEDBACK_SELECT_COLUMNS} FROM traces t ${FEEDBACK_JOIN}`;
    return (
      project === undefined
        ? this.statement(`${select} WHERE t.trace_id = ? ORDER BY t.project LIMIT 1`).get(traceId)
        : this.statement(`${select} WHERE t.trace_id = ? AND t.project = ?`).get(traceId, project)
    ) as (StoredTraceRow & FeedbackColumns) | undefined;
  }

  async listLLMCalls(query: LLMCallQuery): Promise<LLMCallRecord[]> {
    this.checkOpen();
    const limit = pageLimit(query.limit, DEFAULT_LLM_CALL_LIMIT);
    if (query.project !== undefined || query.traceId !== undefined) return this.llmCalls(query, limit);
    // spans_llm_calls leads with project: one ordered index range per project, merged, beats
    // sorting every LM call of every project.
    const perProject = (await this.listProjects()).flatMap((project) => this.llmCalls({ ...query, project }, limit));
    return perProject
      .sort((a, b) => b.startUs - a.startUs || (a.spanId < b.spanId ? 1 : a.spanId > b.spanId ? -1 : 0))
      .slice(0, limit);
  }

  private llmCalls(query: LLMCallQuery, limit: number): LLMCallRecord[] {
    const { sql, params } = llmCallsSql(query);
    const rows = this.statement(sql).all([...params, limit, ...params, limit, limit]) as LLMCallRow[];
    return rows.map(rowToLLMCall);
  }

  async stats(filter: TraceFilter): Promise<TraceStats> {
    this.checkOpen();
    const where = traceFilterSql(filter);
    await this.searchReady(filter);
    const totals = this.statement(
      `SELECT count(*) AS count, max(t.duration_ms) AS max_ms,
              coalesce(sum(t.status = 'error'), 0) AS error_count,
              coalesce(sum(t.input_tokens), 0) AS input_tokens,
              coalesce(sum(t.output_tokens), 0) AS output_tokens,
              coalesce(sum(t.total_tokens), 0) AS total_tokens,
              total(t.cost_usd) AS cost_usd
       FROM traces t WHERE ${where.sql}`,
    ).get(where.params) as {
      count: number;
      max_ms: number | null;
      error_count: number;
      input_tokens: number;
      output_tokens: number;
      total_tokens: number;
      cost_usd: number;
    };
    const n = totals.count;
    // One pass over the matching durations, sorted here: no index orders traces by duration
    // (its random-order inserts cost ingest more than this sort costs stats).
    const durations = n === 0 ? new Float64Array(0) : Float64Array.from(
      this.statement(`SELECT t.duration_ms FROM traces t WHERE ${where.sql}`, { pluck: true }).all(where.params) as number[],
    ).sort();
    const percentile = (q: number): number | null =>
      durations.length === 0 ? null : durations[nearestRankIndex(durations.length, q)]!;
    return {
      count: n,
      p50_ms: percentile(0.5),
      p95_ms: percentile(0.95),
      p99_ms: percentile(0.99),
      max_ms: totals.max_ms,
      errorCount: totals.error_count,
      inputTokens: totals.input_tokens,
      outputTokens: totals.output_tokens,
      totalTokens: totals.total_tokens,
      costUsd: totals.cost_usd,
    };
  }

  async listProjects(): Promise<string[]> {
    this.checkOpen();
    // The writer keeps `projects` in step with `traces`, in the same transaction.
    const rows = this.statement(`SELECT project FROM projects ORDER BY project`).all() as { project: string }[];
    return rows.map((r) => r.project);
  }

  /**
   * A direct autocommit upsert rather than a trip through the span writer: one row, no roll-up
   * to merge, and under `synchronous=FULL` the commit is fsynced before this resolves.
   */
  async setFeedback(project: string, traceId: string, feedback: TraceFeedback): Promise<void> {
    this.checkWritable();
    checkKey(project, traceId);
    checkFeedback(feedback);
    this.statement(
      `INSERT INTO trace_feedback (project, trace_id, label, comment, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project, trace_id) DO UPDATE SET
         label = excluded.label, comment = excluded.comment, created_at = excluded.created_at`,
    ).run(project, traceId, feedback.label, feedback.comment ?? null, feedback.createdAt);
  }

  async getFeedback(project: string, traceId: string): Promise<TraceFeedback | undefined> {
    this.checkOpen();
    const row = this.statement(
      `SELECT label AS fb_label, comment AS fb_comment, created_at AS fb_created_at
       FROM trace_feedback WHERE project = ? AND trace_id = ?`,
    ).get(project, traceId) as FeedbackColumns | undefined;
    return row === undefined ? undefined : rowToFeedback(row);
  }

  async deleteFeedback(project: string, traceId: string): Promise<boolean> {
    this.checkWritable();
    return this.statement(`DELETE FROM trace_feedback WHERE project = ? AND trace_id = ?`).run(project, traceId).changes > 0;
  }

  /**
   * Resolves once every span this store has committed is in the full-text index, however long
   * that takes (searches themselves wait a bounded time). For tools that build a store and
   * hand it on; a read-only store resolves at once.
   */
  async waitForSearchIndex(): Promise<void> {
    this.checkOpen();
    await this.writer?.searchable(Infinity);
  }

  /**
   * Spans committed but not yet in the full-text index, read from the store and the index
   * themselves (span ids are dense), so a read-only store reports its writer's lag too.
   */
  searchIndexStatus(): SearchIndexStatus {
    this.checkOpen();
    const newest = this.statement(`SELECT coalesce(max(id), 0) FROM spans`, { pluck: true }).get() as number;
    if (this.searchUnavailable !== undefined) return { state: 'unavailable', lagSpans: newest, message: this.searchUnavailable };
    const indexed = this.statement(`SELECT indexed_rowid FROM ${SEARCH_SCHEMA_NAME}.search_state`, { pluck: true }).get() as
      | number
      | undefined;
    const lagSpans = Math.max(0, newest - (indexed ?? 0));
    const failure = this.indexer?.failure;
    if (failure !== undefined) return { state: 'stopped', lagSpans, message: failure };
    return { state: lagSpans > 0 ? 'catching-up' : 'current', lagSpans };
  }

  /**
   * Commits queued writes, lets the search index take what was submitted (bounded wait; the
   * rest is indexed on the next open), then closes the connection. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.writer?.close();
      await this.indexer?.close();
    } finally {
      this.statements.clear();
      this.db.close();
    }
  }

  /** `EXPLAIN QUERY PLAN` of the LM-call query of one project or trace, one detail line per step. */
  explainListLLMCalls(query: LLMCallQuery): string[] {
    this.checkOpen();
    const { sql, params } = llmCallsSql(query);
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all([...params, 20, ...params, 20, 20]) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  /** `EXPLAIN QUERY PLAN` of the list query for a filter, one detail line per step (for tests and tuning). */
  explainListTraces(query: TraceQuery): string[] {
    this.checkOpen();
    const where = traceFilterSql(query);
    const rows = this.db
      .prepare(`EXPLAIN QUERY PLAN ${listTracesSql(where.sql)}`)
      .all([...where.params, 50]) as { detail: string }[];
    return rows.map((r) => r.detail);
  }

  /**
   * A `contains` filter sees every span this store committed before the call: the index is
   * written after the commit, on another thread, so the query waits for it to catch up.
   */
  private async searchReady(filter: TraceFilter): Promise<void> {
    if (filter.contains === undefined) return;
    if (this.searchUnavailable !== undefined) throw new Error(this.searchUnavailable);
    await this.writer?.searchable();
    this.checkOpen();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  private checkWritable(): void {
    this.checkOpen();
    if (this.writer === undefined) throw new Error('store was opened read-only; writing feedback is not allowed');
  }

  /** A cached prepared statement; `raw` ones return rows as arrays of values in column order, `pluck` ones the first column. */
  private statement(sql: string, options: { raw?: boolean; pluck?: boolean } = {}): Statement {
    const key = options.raw ? `raw:${sql}` : options.pluck ? `pluck:${sql}` : sql;
    let stmt = this.statements.get(key);
    if (stmt === undefined) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      stmt = this.db.prepare(sql);
      if (options.raw) stmt.raw(true);
      if (options.pluck) stmt.pluck(true);
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}
