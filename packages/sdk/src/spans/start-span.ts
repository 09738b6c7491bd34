import type { Attributes, Context, Span, SpanKind, TimeInput } from '@opentelemetry/api';
import { runtime } from '../runtime.js';

/**
 * Starts a helper's span with its initial attributes. Given to `startSpan`, attributes are
 * copied and checked twice by the SDK (before and after the sampler) and then set one by one;
 * set on the started span, they are only set. The copy is there for samplers, which see only
 * what a span starts with, so attributes go in at the start unless the provider is Loupe's own,
 * whose sampler (parent-based, always on) does not read them.
 */
export function startHelperSpan(name: string, kind: SpanKind, attributes: Attributes | undefined, startTime: TimeInput, parent: Context): Span {
  if (!runtime.ownProvider) return runtime.tracer.startSpan(name, { kind, attributes, startTime }, parent);
  const span = runtime.tracer.startSpan(name, { kind, startTime }, parent);
  if (attributes !== undefined) span.setAttributes(attributes);
  return span;
}
