import type { StepSummary } from '@loupe/core';

/** What the SDK knows when a `trace()` finishes. */
export interface TraceEndInfo {
  traceId: string;
  summary: StepSummary;
  /** `formatStepSummary(summary)`: `Trace <id>:\n  retrieve: 120ms (15%)\n…\n  Total: 800ms`. */
  text: string;
}
