import type { RawSpan } from '@loupe/core';

/** What a decoder made of one export request. */
export interface OtlpDecodeResult {
  /** Spans that passed validation, in request order. */
  spans: RawSpan[];
  /** Spans dropped because they cannot be stored (bad ids). */
  rejectedSpans: number;
  /** Empty when nothing was rejected; otherwise a one-line summary for `partial_success.error_message`. */
  errorMessage: string;
  /**
   * Parallel to `spans`, when the decoder was asked for them: each span as a record of its own
   * request bytes (see span-record.ts). Binary requests only.
   */
  records?: Uint8Array[];
}

/** Reasons kept verbatim in the summary; the rest are only counted, so a bad batch cannot bloat the response. */
const MAX_REASONS = 5;

/** Collects rejections while a request is decoded. */
export class RejectionTally {
  count = 0;
  private readonly reasons: string[] = [];

  reject(reason: string): void {
    this.count++;
    if (this.reasons.length < MAX_REASONS && !this.reasons.includes(reason)) this.reasons.push(reason);
  }

  result(spans: RawSpan[]): OtlpDecodeResult {
    if (this.count === 0) return { spans, rejectedSpans: 0, errorMessage: '' };
    const noun = this.count === 1 ? 'span' : 'spans';
    return { spans, rejectedSpans: this.count, errorMessage: `rejected ${this.count} ${noun}: ${this.reasons.join('; ')}` };
  }
}
