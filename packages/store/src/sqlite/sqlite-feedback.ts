import { FEEDBACK_FILTERS, isFeedbackFilter, isFeedbackLabel, type FeedbackFilter, type TraceFeedback } from '@loupe/core';
import type { SqlFragment } from './sqlite-filter-sql.js';

/**
 * Feedback ⇄ SQL. Feedback lives in `trace_feedback` (one row per project + trace id, see the
 * schema's version 2), apart from the ingest-maintained `traces` roll-up, so a verdict never
 * races an ingest batch and survives the trace's later spans.
 */

/**
 * Joins each trace row to its feedback, as `fb_label`, `fb_comment`, `fb_created_at`. A LEFT
 * JOIN on the feedback primary key keeps `traces` the outer loop, so the list query's index plan
 * (and its newest-first order) is the same with or without it.
 */
export const FEEDBACK_JOIN = 'LEFT JOIN trace_feedback tf ON tf.project = t.project AND tf.trace_id = t.trace_id';
export const FEEDBACK_SELECT_COLUMNS = 'tf.label AS fb_label, tf.comment AS fb_comment, tf.created_at AS fb_created_at';

export interface FeedbackColumns {
  fb_label: string | null;
  fb_comment: string | null;
  fb_created_at: string | null;
}

/** The joined feedback of a row; undefined when the trace has none. */
export function rowToFeedback(row: FeedbackColumns): TraceFeedback | undefined {
  if (row.fb_label === null || row.fb_created_at === null || !isFeedbackLabel(row.fb_label)) return undefined;
  const feedback: TraceFeedback = { label: row.fb_label, createdAt: row.fb_created_at };
  if (row.fb_comment !== null) feedback.comment = row.fb_comment;
  return feedback;
}

/** Rejects what the table's CHECK would, with a message naming the field. */
export function checkFeedback(feedback: TraceFeedback): void {
  if (typeof feedback !== 'object' || feedback === null) throw new TypeError('feedback must be an object');
  if (!isFeedbackLabel(feedback.label)) throw new RangeError(`feedback label must be 'correct' or 'incorrect', got ${String(feedback.label)}`);
  if (feedback.comment !== undefined && typeof feedback.comment !== 'string') throw new TypeError('feedback comment must be a string');
  if (typeof feedback.createdAt !== 'string' || feedback.createdAt === '') throw new TypeError('feedback createdAt must be an ISO 8601 string');
}

/**
 * The condition for `TraceFilter.feedback` over `traces` aliased `alias`: a primary-key probe
 * per candidate trace, so it narrows whatever index the rest of the filter chose rather than
 * replacing it. Throws RangeError on an unknown value.
 */
export function feedbackFilterSql(value: FeedbackFilter, alias: string): SqlFragment {
  if (!isFeedbackFilter(value)) {
    throw new RangeError(`feedback must be one of ${FEEDBACK_FILTERS.join(', ')}, got ${String(value)}`);
  }
  const exists = `EXISTS (SELECT 1 FROM trace_feedback fb WHERE fb.project = ${alias}.project AND fb.trace_id = ${alias}.trace_id`;
  if (value === 'any') return { sql: `${exists})`, params: [] };
  if (value === 'none') return { sql: `NOT ${exists})`, params: [] };
  return { sql: `${exists} AND fb.label = ?)`, params: [value] };
}
