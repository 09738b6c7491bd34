/** The verdicts a person can give a trace's answer. */
export const FEEDBACK_LABELS = ['correct', 'incorrect'] as const;
export type FeedbackLabel = (typeof FEEDBACK_LABELS)[number];

/** A person's verdict on one trace's answer. One per (project, traceId); setting again replaces it. */
export interface TraceFeedback {
  label: FeedbackLabel;
  comment?: string;
  /** ISO 8601, set by whoever stores it (the server, or the CLI writing to a database). */
  createdAt: string;
}

/**
 * `TraceFilter.feedback` values: a label keeps traces with that label; `any` keeps traces with
 * feedback, `none` traces without.
 */
export const FEEDBACK_FILTERS = [...FEEDBACK_LABELS, 'any', 'none'] as const;
export type FeedbackFilter = (typeof FEEDBACK_FILTERS)[number];

export function isFeedbackLabel(value: unknown): value is FeedbackLabel {
  return typeof value === 'string' && (FEEDBACK_LABELS as readonly string[]).includes(value);
}

export function isFeedbackFilter(value: unknown): value is FeedbackFilter {
  return typeof value === 'string' && (FEEDBACK_FILTERS as readonly string[]).includes(value);
}
