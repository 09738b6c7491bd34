import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { runtime } from '../runtime.js';
import type { TraceEndInfo } from '../summary/trace-end.js';
import { contentText, setValueAttributes } from './content.js';
import { runInSpan, type SpanHooks } from './run-in-span.js';
import { SpanHandle, type LoupeSpan } from './span-handle.js';

export interface TraceOptions {
  /** The request's inputs (`input.value`). */
  inputs?: unknown;
  userId?: string;
  sessionId?: string;
  /** Free-form metadata, recorded as JSON under `metadata`. */
  metadata?: Record<string, unknown>;
  tags?: string[];
  /** Print the step summary (`Trace <id>: …`) to stdout when the request ends. */
  printSummary?: boolean;
}

class TraceHandle extends SpanHandle {
  printSummary = false;
}

const TRACE_ATTRIBUTES: Attributes = Object.freeze({ 'openinference.span.kind': 'CHAIN' });

const hooks: SpanHooks<TraceHandle> = {
  handle: (span: Span) => new TraceHandle(span),
  onSuccess(handle, result) {
    setValueAttributes(handle.span, 'output', handle.hasOutput ? handle.output : result);
  },
  onEnded(handle) {
    const steps = runtime.steps;
    if (steps === undefined) return;
    const info = steps.finish(handle.span as unknown as ReadableSpan);
    if (info === undefined) return;
    finishTrace(info, handle.printSummary);
  },
};

function finishTrace(info: TraceEndInfo, print: boolean): void {
  runtime.lastTrace = info;
  if (print) console.log(info.text);
  const callback = runtime.onTraceEnd;
  if (callback !== undefined) {
    try {
      callback(info);
    } catch {
      // the app's callback must not break the traced request
    }
  }
}

/**
 * Runs one request as a span (OpenInference CHAIN) that the spans of its steps nest under.
 * Returns what `fn` returns; a thrown error is recorded and rethrown unchanged.
 */
export function traceRequest<T>(name: string, fn: (span: LoupeSpan) => T, options?: TraceOptions): T {
  return runInSpan(name, SpanKind.INTERNAL, TRACE_ATTRIBUTES, hooks, fn, options === undefined && runtime.steps === undefined ? undefined : (handle) => prepareTrace(handle, options));
}

function prepareTrace(handle: TraceHandle, options: TraceOptions | undefined): void {
  const span = handle.span;
  if (runtime.steps !== undefined && span.isRecording()) runtime.steps.track(span.spanContext().spanId);
  if (options === undefined) return;
  handle.printSummary = options.printSummary === true;
  if (options.userId !== undefined) span.setAttribute('user.id', String(options.userId));
  if (options.sessionId !== undefined) span.setAttribute('session.id', String(options.sessionId));
  if (options.tags !== undefined && Array.isArray(options.tags)) span.setAttribute('tag.tags', options.tags.map(String));
  if (options.metadata !== undefined) span.setAttribute('metadata', contentText(options.metadata));
  setValueAttributes(span, 'input', options.inputs);
}
