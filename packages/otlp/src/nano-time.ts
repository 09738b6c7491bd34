/** protobufjs represents 64-bit fields as `Long` (when the `long` package is present) or as numbers. */
export interface LongBits {
  low: number;
  high: number;
}

/** 2^32 = 4294967 * 1000 + 296: lets µs be computed from the two halves without a lossy 64-bit double. */
const HIGH_US = 4294967;
const HIGH_REM_NS = 296;

/** Nanoseconds (unsigned 64-bit, as Long bits or a number) → whole microseconds, exact for any real timestamp. */
export function longNanosToMicros(value: LongBits | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value > 0 ? Math.floor(value / 1000) : 0;
  const high = value.high >>> 0;
  const low = value.low >>> 0;
  return high * HIGH_US + Math.floor((high * HIGH_REM_NS + low) / 1000);
}

const DIGITS_RE = /^\d+$/;

/**
 * OTLP/JSON nanoseconds (a decimal string per spec, or a number) → whole microseconds.
 * Strings are cut, not parsed as a double, so no precision is lost. Returns undefined when
 * the value is not a non-negative integer.
 */
export function jsonNanosToMicros(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return Math.floor(value / 1000);
  }
  if (typeof value === 'string') {
    if (value === '') return 0;
    if (!DIGITS_RE.test(value)) return undefined;
    return value.length <= 3 ? 0 : Number(value.slice(0, -3));
  }
  return undefined;
}
