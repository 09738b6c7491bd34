import { toJsonText } from '@loupe/core';

/** Thrown by the replacer to leave a value to the careful serializer. */
const NOT_PLAIN = new Error('not plain JSON data');

/**
 * Holder-aware replacer: accepts only what `JSON.stringify` renders the same way `toJsonText`
 * does — plain objects, arrays, primitives, Dates. Class instances, Maps, Sets, buffers and
 * BigInts make it bail out.
 */
function plainOnly(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = key === '' ? value : this[key];
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const proto = Object.getPrototypeOf(raw) as unknown;
    if (proto !== Object.prototype && proto !== null && !(raw instanceof Date)) throw NOT_PLAIN;
  } else if (typeof raw === 'bigint' || typeof raw === 'function' || typeof raw === 'symbol') throw NOT_PLAIN;
  return value;
}

/**
 * `toJsonText` with a fast path for the common case, plain JSON data (request bodies, parsed
 * provider responses) that fits the limit: one native `JSON.stringify`. Anything else, or too
 * long, or cyclic, goes through `toJsonText`, which renders plain data the same way.
 */
export function jsonText(value: unknown, maxChars: number): string {
  if (typeof value !== 'string' && value !== undefined) {
    try {
      const text = JSON.stringify(value, plainOnly);
      if (text !== undefined && text.length <= maxChars) return text;
    } catch {
      // not plain data: the careful path below
    }
  }
  return toJsonText(value, maxChars);
}
