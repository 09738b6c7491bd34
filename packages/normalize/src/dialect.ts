import type { RawSpan } from '@loupe/core';
import type { AttributeIndex } from './attribute-index.js';
import type { SpanDraft } from './span-draft.js';

/**
 * One instrumentation dialect (OpenInference, OTel GenAI, …): recognizes its attributes and
 * maps them onto a draft. Dialects run in priority order; each offers values through the
 * `offer*` functions of span-draft.ts, which settle conflicts, so a dialect never needs to know
 * which others ran. To add a dialect, write one of these and list it in dialect-registry.ts.
 */
export interface Dialect {
  readonly name: string;
  /** Cheap check on the already-built index (namespaces present, event names). */
  detect(index: AttributeIndex, raw: RawSpan): boolean;
  /** Offers everything the dialect knows about the span. Must not throw on malformed values. */
  apply(raw: RawSpan, draft: SpanDraft, index: AttributeIndex): void;
}
