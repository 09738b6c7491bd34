import type { NormalizedSpan } from '@loupe/core';

/**
 * Spans the default normalizer produced. Their derived content is exactly what
 * `deriveContent` (derived-content.ts) rebuilds from their raw parts. A WeakSet, not a flag on the span: the
 * span's shape (and deep equality with any other span) stays as it is.
 *
 * Contract for whoever holds such a span: changing its raw parts or its derived content breaks
 * the guarantee, so build a new object instead (no part of Loupe changes a normalized span).
 */
const derivable = new WeakSet<NormalizedSpan>();

/** Marks a span the default dialects just produced (see normalize-span.ts). */
export function markContentDerivable(span: NormalizedSpan): void {
  derivable.add(span);
}

/** Whether `deriveContent(span)` gives back exactly the span's derived content fields. */
export function isContentDerivable(span: NormalizedSpan): boolean {
  return derivable.has(span);
}
