import type { NormalizedSpan, TraceStore } from '@loupe/core';
import { IngestBacklog } from './ingest-backlog.js';
import { createNormalizer, priceBookFromEnv, type Normalizer, type PriceBook } from '@loupe/normalize';
import { attachSpanRecord, type OtlpDecodeResult } from '@loupe/otlp';

export interface OtlpIngesterOptions {
  store: TraceStore;
  /** Default: the built-in table plus the `LOUPE_PRICES` file, if set. */
  prices?: PriceBook;
  /** See {@link IngestBacklog}. */
  maxPendingSpans?: number;
}

/**
 * What every receiver (OTLP/HTTP, OTLP/gRPC) does with a decoded export request: normalize its
 * spans and store them behind the backlog bound. Built at receiver startup, so a bad
 * `LOUPE_PRICES` file fails there, naming the problem, and not on the first export.
 */
export class OtlpIngester {
  private readonly normalizer: Normalizer;
  private readonly backlog: IngestBacklog;

  constructor(options: OtlpIngesterOptions) {
    this.normalizer = createNormalizer({ prices: options.prices ?? priceBookFromEnv() });
    this.backlog = new IngestBacklog(options.store, options.maxPendingSpans);
  }

  /**
   * Resolves once the spans are committed; rejects with `BacklogFullError` when the backlog is
   * full. Holds nothing of the request while the commit runs (see {@link IngestBacklog.ingest}).
   */
  ingest(decoded: OtlpDecodeResult): Promise<void> {
    let spans: NormalizedSpan[];
    try {
      spans = this.normalizer.normalizeSpans(decoded.spans);
    } catch (error) {
      return Promise.reject(error);
    }
    // One normalized span per raw span, in order: each gets the record of the bytes it came from,
    // which a store may keep instead of encoding the span's raw parts again.
    const records = decoded.records;
    if (records !== undefined) for (let i = 0; i < spans.length; i++) attachSpanRecord(spans[i]!, records[i]!);
    if (spans.length === 0) return Promise.resolve();
    return this.backlog.ingest(spans).then(() => undefined);
  }
}
