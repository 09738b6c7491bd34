import type { TraceFilter } from '@loupe/core';
import { feedbackFilterSql } from './sqlite-feedback.js';
import type { SqlValue } from './sqlite-row-mapping.js';
import { SEARCH_SCHEMA_NAME } from './sqlite-search-index.js';

/** A piece of SQL and the values of its `?` placeholders, in order. */
export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

/** Trigram FTS needs at least three characters to use the index. */
const MIN_TRIGRAM_CHARS = 3;

/**
 * SQL selecting the `traces.id` of every trace with a span whose searchable text contains
 * `text`, case-insensitively (ASCII case folding, as SQLite's LIKE and lower()).
 *
 * The text is a literal, never a pattern or FTS syntax. Plain text of three characters or more
 * is a trigram-indexed `LIKE '%text%'`. When the text holds `%` or `_`, those stay wildcards in
 * the LIKE (ESCAPE would make FTS5 skip its index) and an exact `instr` check drops the extra
 * matches; shorter text is that `instr` check alone, over every stored text.
 */
export function containsTracesSql(text: string): SqlFragment {
  const hasWildcards = /[%_]/.test(text);
  const indexed = [...text].length >= MIN_TRIGRAM_CHARS;
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  if (indexed) {
    conditions.push('text LIKE ?');
    params.push(`%${text}%`);
  }
  if (hasWildcards || !indexed) {
    conditions.push('instr(lower(text), lower(?)) > 0');
    params.push(text);
  }
  return {
    sql: `SELECT trace_rowid FROM ${SEARCH_SCHEMA_NAME}.trace_text WHERE ${conditions.join(' AND ')}`,
    params,
  };
}

function checkNumber(name: string, value: number | undefined): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
}

function checkString(name: string, value: string | undefined): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new TypeError(`${name} must be a string, got ${typeof value}`);
  }
}

/**
 * Translates a TraceFilter into the conditions of a query over `traces` aliased `alias`
 * (AND-joined, without the WHERE keyword; `1` when nothing filters). Validates the filter:
 * RangeError/TypeError on non-finite numbers, wrong types, an unknown status or feedback value.
 */
export function traceFilterSql(filter: TraceFilter, alias = 't'): SqlFragment {
  const t = alias;
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  checkNumber('minLatencyMs', filter.minLatencyMs);
  checkNumber('maxLatencyMs', filter.maxLatencyMs);
  checkNumber('afterUs', filter.afterUs);
  checkNumber('beforeUs', filter.beforeUs);
  for (const key of ['project', 'contains', 'userId', 'sessionId', 'name', 'model'] as const) {
    checkString(key, filter[key]);
  }
  if (filter.status !== undefined && filter.status !== 'ok' && filter.status !== 'error') {
    throw new RangeError(`status must be 'ok' or 'error', got ${String(filter.status)}`);
  }

  const equal = (column: string, value: SqlValue | undefined): void => {
    if (value === undefined) return;
    conditions.push(`${t}.${column} = ?`);
    params.push(value);
  };
  equal('project', filter.project);
  equal('status', filter.status);
  equal('user_id', filter.userId);
  equal('session_id', filter.sessionId);
  equal('name', filter.name);
  // traces_by_start covers duration_ms: latency bounds are checked on the index while it is
  // walked newest first.
  if (filter.minLatencyMs !== undefined) {
    conditions.push(`${t}.duration_ms >= ?`);
    params.push(filter.minLatencyMs);
  }
  if (filter.maxLatencyMs !== undefined) {
    conditions.push(`${t}.duration_ms <= ?`);
    params.push(filter.maxLatencyMs);
  }
  if (filter.afterUs !== undefined) {
    conditions.push(`${t}.start_us >= ?`);
    params.push(filter.afterUs);
  }
  if (filter.beforeUs !== undefined) {
    conditions.push(`${t}.start_us <= ?`);
    params.push(filter.beforeUs);
  }
  if (filter.model !== undefined) {
    // trace_models is keyed (model, project, trace_row): both shapes seek its prefix.
    if (filter.project !== undefined) {
      conditions.push(`${t}.id IN (SELECT trace_row FROM trace_models WHERE model = ? AND project = ?)`);
      params.push(filter.model, filter.project);
    } else {
      conditions.push(`${t}.id IN (SELECT trace_row FROM trace_models WHERE model = ?)`);
      params.push(filter.model);
    }
  }
  if (filter.contains !== undefined && filter.contains !== '') {
    const inner = containsTracesSql(filter.contains);
    conditions.push(`${t}.id IN (${inner.sql})`);
    params.push(...inner.params);
  }
  if (filter.feedback !== undefined) {
    const feedback = feedbackFilterSql(filter.feedback, t);
    conditions.push(feedback.sql);
    params.push(...feedback.params);
  }
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : '1', params };
}
