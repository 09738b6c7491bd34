import type { NormalizedSpan, RawSpan } from '@loupe/core';
import { DIALECTS } from './dialect-registry.js';
import { normalizeSpan } from './normalize-span.js';

/**
 * The fields of a NormalizedSpan that the dialects compute from its raw parts (attributes,
 * events, resource, name, ids, times, status) and nothing else: no price table, no column of
 * their own. On the bench workload they are ~40% of a span's JSON, every byte of it a copy of
 * text the raw attributes hold, so a store may keep only the raw parts and call
 * {@link deriveContent} when it reads the span back.
 */
export const DERIVED_CONTENT_FIELDS = ['input', 'output', 'llm', 'documents', 'query', 'tool', 'metadata', 'tags'] as const;

export type DerivedContentField = (typeof DERIVED_CONTENT_FIELDS)[number];

/** The raw span a normalized one was made from, as far as the dialects read it. */
function rawOf(span: NormalizedSpan): RawSpan {
  const raw: RawSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: span.otelKind,
    startUs: span.startUs,
    endUs: span.endUs,
    attributes: span.attributes,
    events: span.events,
    links: span.links,
    statusCode: span.status === 'error' ? 2 : span.status === 'ok' ? 1 : 0,
    resource: span.resource,
  };
  if (span.parentSpanId !== undefined) raw.parentSpanId = span.parentSpanId;
  if (span.statusMessage !== undefined) raw.statusMessage = span.statusMessage;
  if (span.scopeName !== undefined) raw.scopeName = span.scopeName;
  return raw;
}

/**
 * Sets the {@link DERIVED_CONTENT_FIELDS} of `span` (which has its raw parts and none of
 * those) to what the default dialects make of its raw parts: for a span that was
 * `isContentDerivable` when stored, the content it had then.
 */
export function deriveContent(span: NormalizedSpan): void {
  const full = normalizeSpan(rawOf(span), DIALECTS);
  for (const field of DERIVED_CONTENT_FIELDS) {
    const value = full[field];
    if (value !== undefined) (span as unknown as Record<string, unknown>)[field] = value;
  }
}
