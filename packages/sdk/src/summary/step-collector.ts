import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { formatStepSummary, summarizeSteps, type StepSummarySpan } from '@loupe/core';
import { hrTimeToMicros, statusOf } from '../span-time.js';
import type { TraceEndInfo } from './trace-end.js';

/** Most `trace()` calls open at once; beyond it new ones get no summary (the app is unaffected). */
const MAX_OPEN_ROOTS = 10_000;
/** Most direct children remembered per `trace()`. */
const MAX_STEPS_PER_ROOT = 1_000;

/**
 * Collects the direct children of spans opened by `trace()` as they end, so the step summary
 * is ready the moment the root ends. Only roots registered with {@link open} are tracked; for
 * every other span the cost is one Map lookup.
 */
export class StepCollector implements SpanProcessor {
  private readonly open = new Map<string, StepSummarySpan[]>();

  /** Starts collecting children of this span. */
  track(spanId: string): void {
    if (this.open.size < MAX_OPEN_ROOTS) this.open.set(spanId, []);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId === undefined) return;
    const steps = this.open.get(parentId);
    if (steps === undefined || steps.length >= MAX_STEPS_PER_ROOT) return;
    steps.push({
      spanId: span.spanContext().spanId,
      parentSpanId: parentId,
      name: span.name,
      startUs: hrTimeToMicros(span.startTime),
      endUs: hrTimeToMicros(span.endTime),
      status: statusOf(span.status.code),
    });
  }

  /** Summary of an ended root registered with {@link track}; forgets it. */
  finish(root: ReadableSpan): TraceEndInfo | undefined {
    const ctx = root.spanContext();
    const steps = this.open.get(ctx.spanId);
    if (steps === undefined) return undefined;
    this.open.delete(ctx.spanId);
    const summary = summarizeSteps([
      {
        traceId: ctx.traceId,
        spanId: ctx.spanId,
        name: root.name,
        startUs: hrTimeToMicros(root.startTime),
        endUs: hrTimeToMicros(root.endTime),
        status: statusOf(root.status.code),
      },
      ...steps,
    ]);
    return { traceId: ctx.traceId, summary, text: formatStepSummary(summary) };
  }

  /** Forgets a root without summarising it (its span was not recorded). */
  discard(spanId: string): void {
    this.open.delete(spanId);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.open.clear();
    return Promise.resolve();
  }
}
