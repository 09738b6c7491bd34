import type { NormalizedSpan, SpanStatus } from './span-model.js';

/** The fields of a span a step summary needs. */
export type StepSummarySpan = Pick<NormalizedSpan, 'spanId' | 'parentSpanId' | 'name' | 'startUs' | 'endUs' | 'status'> & {
  traceId?: string;
};

export interface StepTiming {
  name: string;
  /** Duration rounded to whole milliseconds. */
  latencyMs: number;
  /** Share of the root's duration, rounded to a whole percent (0 when the root took 0 ms). */
  percent: number;
  status: SpanStatus;
}

/** Per-step latency of one request: the seed's `StepTracer.summary()`, computed from spans. */
export interface StepSummary {
  traceId?: string;
  rootName: string;
  /** Root duration rounded to whole milliseconds. */
  totalMs: number;
  /** The root's direct children in start order. */
  steps: StepTiming[];
}

/**
 * Summarises a request from its spans. The root is the first span without a parent, or whose
 * parent is not in the set. Steps are the root's direct children ordered by start time;
 * percentages are of the root's duration (the seed divided by the sum of steps, which hides
 * time spent between steps). Rounding follows the seed's Python: `round(ms)` for milliseconds
 * and `f"{pct:.0f}"` for percentages, both of which round halves to even.
 */
export function summarizeSteps(spans: readonly StepSummarySpan[]): StepSummary {
  const ids = new Set<string>();
  for (const span of spans) ids.add(span.spanId);
  const root = spans.find((s) => s.parentSpanId === undefined || s.parentSpanId === '' || !ids.has(s.parentSpanId));
  if (root === undefined) return { rootName: '', totalMs: 0, steps: [] };
  const rootUs = Math.max(0, root.endUs - root.startUs);
  const children = spans
    .filter((s) => s !== root && s.parentSpanId === root.spanId)
    .sort((a, b) => a.startUs - b.startUs);
  const steps = children.map((s): StepTiming => {
    const us = Math.max(0, s.endUs - s.startUs);
    return {
      name: s.name,
      latencyMs: roundHalfEven(us / 1000),
      percent: rootUs > 0 ? roundHalfEven((us / rootUs) * 100) : 0,
      status: s.status,
    };
  });
  const summary: StepSummary = { rootName: root.name, totalMs: roundHalfEven(rootUs / 1000), steps };
  if (root.traceId !== undefined) summary.traceId = root.traceId;
  return summary;
}

/**
 * The seed's summary text: `Trace <id>:`, one `  name: 120ms (15%)` line per step, `  Total: 800ms`.
 * Lines are joined with `\n`, no trailing newline. Failed steps get an ` ERROR` suffix.
 */
export function formatStepSummary(summary: StepSummary): string {
  const lines = [`Trace ${summary.traceId ?? summary.rootName}:`];
  for (const step of summary.steps) {
    lines.push(`  ${step.name}: ${step.latencyMs}ms (${step.percent}%)${step.status === 'error' ? ' ERROR' : ''}`);
  }
  lines.push(`  Total: ${summary.totalMs}ms`);
  return lines.join('\n');
}

/** Rounds to the nearest integer, halves to even, like Python's `round` and `%.0f`. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
