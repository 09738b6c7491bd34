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

/** `performance.timeOrigin` split once into whole seconds and nanoseconds (it is fixed for the process). */
const ORIGIN_MS = performance.timeOrigin;
const ORIGIN_SEC = Math.trunc(ORIGIN_MS / 1000);
const ORIGIN_NS = Math.round((ORIGIN_MS - ORIGIN_SEC * 1000) * 1e6);

/**
 * Now, as an HrTime, for explicit span start and end times. The SDK's default start time is
 * `Date.now()`, so sibling spans started within one millisecond would tie and sort arbitrarily.
 * This is the clock of `hrTime()` from `@opentelemetry/core` (time origin + monotonic offset).
 * An HrTime is taken as is, where a number would cost the SDK another `performance.now()` (to
 * tell epoch from monotonic milliseconds) and a conversion, on both start and end; and adding
 * the monotonic offset to the origin's parts keeps nanoseconds an epoch-ms double would round off.
 */
export function preciseNow(): HrTime {
  const ms = performance.now();
  const sec = Math.trunc(ms / 1000);
  let ns = ORIGIN_NS + Math.round((ms - sec * 1000) * 1e6);
  let s = ORIGIN_SEC + sec;
  if (ns >= 1e9) {
    ns -= 1e9;
    s += 1;
  }
  return [s, ns];
}
