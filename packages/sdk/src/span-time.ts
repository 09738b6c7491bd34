import { SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { SpanStatus } from '@loupe/core';

export function hrTimeToMicros(time: HrTime): number {
  return time[0] * 1_000_000 + Math.floor(time[1] / 1000);
}

/** Nanoseconds since the epoch as a decimal string (too large for a JS number). */
export function hrTimeToNanoString(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

export function statusOf(code: SpanStatusCode): SpanStatus {
  return code === SpanStatusCode.ERROR ? 'error' : code === SpanStatusCode.OK ? 'ok' : 'unset';
}

/** `performance.timeOrigin` is fixed for the process; read once rather than through its getter per span. */
const TIME_ORIGIN = performance.timeOrigin;

/**
 * Now, as epoch milliseconds with sub-millisecond digits, for explicit span start and end
 * times. The SDK's default start time is `Date.now()`, so sibling spans started within one
 * millisecond would tie and sort arbitrarily; this is the same clock as `hrTime()` from
 * `@opentelemetry/core` (time origin + monotonic offset) without its array arithmetic, which
 * the SDK converts with `millisToHrTime` (a double keeps about 0.25 µs here).
 */
export function preciseNowMs(): number {
  return TIME_ORIGIN + performance.now();
}
