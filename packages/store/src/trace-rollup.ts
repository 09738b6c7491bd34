import type { NormalizedSpan, TraceSummary } from '@loupe/core';

/** Longest root input/output kept on a trace summary; lists show a preview, getTrace has the rest. */
export const SUMMARY_TEXT_MAX_CHARS = 1000;

/**
 * Rank of the span a "root wins, else earliest span" field came from: lower wins. The root
 * outranks everything; other spans rank by start time, so the roll-up does not depend on the
 * order spans arrive in.
 */
const ROOT_RANK = Number.MIN_SAFE_INTEGER;

/**
 * A trace's roll-up as it is stored: every {@link TraceSummary} field plus the bookkeeping
 * needed to merge more spans in later (which root was chosen, where user/session/service came
 * from). Built incrementally with {@link applySpan}; each span must be applied exactly once.
 */
export interface TraceRollup {
  project: string;
  traceId: string;
  rootSpanId?: string;
  rootStartUs?: number;
  name: string;
  startUs: number;
  endUs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  llmCallCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd?: number;
  userId?: string;
  userRank?: number;
  sessionId?: string;
  sessionRank?: number;
  serviceName?: string;
  serviceRank?: number;
  input?: string;
  output?: string;
}

/**
 * The span fields a roll-up reads: what {@link applySpan} needs of a NormalizedSpan, so a writer
 * holding only a span's columns (the SQLite writer thread) can roll it up too.
 */
export type RollupSpan = Pick<
  NormalizedSpan,
  | 'project' | 'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'kind' | 'startUs' | 'endUs' | 'status'
  | 'usage' | 'costUsd' | 'userId' | 'sessionId' | 'serviceName' | 'input' | 'output'
>;

/** LM calls are the spans `listLLMCalls` returns. */
export function isLLMCall(span: Pick<NormalizedSpan, 'kind'>): boolean {
  return span.kind === 'LLM' || span.kind === 'EMBEDDING';
}

/** Truncates list previews without splitting a surrogate pair; marks the cut with an ellipsis. */
export function truncateForSummary(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= SUMMARY_TEXT_MAX_CHARS) return text;
  let end = SUMMARY_TEXT_MAX_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** An empty roll-up seeded from the trace's first known span (then apply that span). */
export function emptyRollup(span: RollupSpan): TraceRollup {
  return {
    project: span.project,
    traceId: span.traceId,
    name: span.name,
    startUs: span.startUs,
    endUs: span.endUs,
    durationMs: 0,
    spanCount: 0,
    errorCount: 0,
    llmCallCount: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
  };
}

/**
 * Merges one newly stored span into its trace's roll-up, in place. Order-independent: the
 * result is the same whatever order a trace's spans are applied in (ties on start time aside).
 * The root is the parent-less span (the earliest, should a broken trace have several).
 */
export function applySpan(r: TraceRollup, span: RollupSpan): void {
  const first = r.spanCount === 0;
  r.spanCount += 1;
  if (span.status === 'error') r.errorCount += 1;
  if (isLLMCall(span)) r.llmCallCount += 1;
  const usage = span.usage;
  if (usage) {
    const input = usage.input ?? 0;
    const output = usage.output ?? 0;
    r.inputTokens += input;
    r.outputTokens += output;
    r.totalTokens += usage.total ?? input + output;
  }
  if (span.costUsd !== undefined) r.costUsd = (r.costUsd ?? 0) + span.costUsd;

  const startsEarlier = first || span.startUs < r.startUs;
  if (first) {
    r.startUs = span.startUs;
    r.endUs = span.endUs;
  } else {
    r.startUs = Math.min(r.startUs, span.startUs);
    r.endUs = Math.max(r.endUs, span.endUs);
  }

  const isRoot =
    span.parentSpanId === undefined &&
    (r.rootSpanId === undefined ||
      span.startUs < r.rootStartUs! ||
      (span.startUs === r.rootStartUs && span.spanId < r.rootSpanId));
  if (isRoot) {
    r.rootSpanId = span.spanId;
    r.rootStartUs = span.startUs;
    r.name = span.name;
    r.durationMs = (span.endUs - span.startUs) / 1000;
    r.input = truncateForSummary(span.input);
    r.output = truncateForSummary(span.output);
  } else if (r.rootSpanId === undefined) {
    if (startsEarlier) r.name = span.name;
    r.durationMs = (r.endUs - r.startUs) / 1000;
  }

  const rank = isRoot ? ROOT_RANK : span.startUs;
  if (span.userId !== undefined && (r.userRank === undefined || rank < r.userRank)) {
    r.userId = span.userId;
    r.userRank = rank;
  }
  if (span.sessionId !== undefined && (r.sessionRank === undefined || rank < r.sessionRank)) {
    r.sessionId = span.sessionId;
    r.sessionRank = rank;
  }
  if (span.serviceName !== undefined && (r.serviceRank === undefined || rank < r.serviceRank)) {
    r.serviceName = span.serviceName;
    r.serviceRank = rank;
  }
}

/** The public summary of a roll-up: bookkeeping dropped, absent fields left out. */
export function rollupToSummary(r: TraceRollup): TraceSummary {
  const s: TraceSummary = {
    project: r.project,
    traceId: r.traceId,
    name: r.name,
    startUs: r.startUs,
    endUs: r.endUs,
    durationMs: r.durationMs,
    status: r.errorCount > 0 ? 'error' : 'ok',
    spanCount: r.spanCount,
    errorCount: r.errorCount,
    llmCallCount: r.llmCallCount,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    totalTokens: r.totalTokens,
  };
  if (r.rootSpanId !== undefined) s.rootSpanId = r.rootSpanId;
  if (r.costUsd !== undefined) s.costUsd = r.costUsd;
  if (r.userId !== undefined) s.userId = r.userId;
  if (r.sessionId !== undefined) s.sessionId = r.sessionId;
  if (r.serviceName !== undefined) s.serviceName = r.serviceName;
  if (r.input !== undefined) s.input = r.input;
  if (r.output !== undefined) s.output = r.output;
  return s;
}
