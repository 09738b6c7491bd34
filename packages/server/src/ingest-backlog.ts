import type { IngestResult, NormalizedSpan, TraceStore } from '@loupe/core';

/** Spans waiting for the store by default, per receiver, before new requests are refused. */
export const DEFAULT_MAX_PENDING_SPANS = 200_000;

/** The backlog is full: the receiver answers with its retryable "busy" status (HTTP 503, gRPC UNAVAILABLE). */
export class BacklogFullError extends Error {
  override name = 'BacklogFullError';
}

/**
 * Bounds the spans a receiver has handed to the store but not yet seen committed, so a flood of
 * exports waits at the exporters (which retry with backoff) instead of growing this process's
 * memory without limit. Nothing is dropped once accepted: refusal happens before `ingest`.
 */
export class IngestBacklog {
  private pending = 0;

  constructor(
    private readonly store: TraceStore,
    private readonly maxPendingSpans = DEFAULT_MAX_PENDING_SPANS,
  ) {}

  /**
   * Not an async function on purpose: its frame would keep `spans` (the request's whole
   * normalized object graph) alive until the commit, so every in-flight request's spans would
   * outlive young-generation collections; only the store holds what it still needs.
   */
  ingest(spans: NormalizedSpan[]): Promise<IngestResult> {
    const count = spans.length;
    // A lone request larger than the limit still goes through: refusing it could never succeed.
    if (this.pending > 0 && this.pending + count > this.maxPendingSpans) {
      return Promise.reject(new BacklogFullError(`server busy: ${this.pending} spans are waiting to be stored; retry later`));
    }
    this.pending += count;
    let stored: Promise<IngestResult>;
    try {
      stored = this.store.ingest(spans);
    } catch (error) {
      stored = Promise.reject(error);
    }
    return stored.finally(() => {
      this.pending -= count;
    });
  }
}
