import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { setValueAttributes } from './content.js';
import { runInSpan, type SpanHooks } from './run-in-span.js';
import { SpanHandle, type LoupeSpan } from './span-handle.js';
import { setDocumentAttributes } from './documents.js';

export interface StepOptions {
  /** The step's inputs (`input.value`). */
  inputs?: unknown;
}

const STEP_ATTRIBUTES: Attributes = Object.freeze({ 'openinference.span.kind': 'CHAIN' });

const hooks: SpanHooks<SpanHandle> = {
  handle: (span: Span) => new SpanHandle(span),
  onSuccess(handle, result) {
    if (handle.documents !== undefined) setDocumentAttributes(handle.span, handle.documents);
    setValueAttributes(handle.span, 'output', handle.hasOutput ? handle.output : result);
  },
};

/** Runs one step of a request (OpenInference CHAIN) as a span nested under the current one. */
export function step<T>(name: string, fn: (span: LoupeSpan) => T, options?: StepOptions): T {
  return runInSpan(name, SpanKind.INTERNAL, STEP_ATTRIBUTES, hooks, fn, options?.inputs === undefined ? undefined : (handle) => setValueAttributes(handle.span, 'input', options.inputs));
}
