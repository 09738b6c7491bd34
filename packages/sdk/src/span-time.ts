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
