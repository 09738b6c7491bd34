import type { ResponseDetails } from '../llm/response.js';

/** What one stream event means to the span. */
export const enum ChunkKind {
  /** Metadata only (ids, role, usage): passed on. */
  Meta = 0,
  /** Carries generated content (text, tool call arguments): the first one sets time to first chunk. */
  Content = 1,
  /** An event Loupe itself asked for (the injected usage chunk): not shown to the caller. */
  Hidden = 2,
}

/**
 * Folds a provider's stream events into the response they add up to. `add` is called for every
 * event in order and must never throw (callers guard it anyway); `details` may be called at any
 * point (stream finished, failed or abandoned) and describes what arrived so far.
 */
export interface StreamAccumulator {
  add(event: unknown): ChunkKind;
  /** What the events so far say, in the `extractResponse` form. */
  details(): ResponseDetails | undefined;
  /** The response object the events add up to (recorded as the raw response). */
  raw(): unknown;
}
