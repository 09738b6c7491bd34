import { toJsonText } from '@loupe/core';

/**
 * True when `JSON.stringify(value)` renders the value the same way `toJsonText` does: plain
 * objects, arrays, primitives and Dates only. Class instances, Maps, Sets, buffers, BigInts,
 * functions and own `toJSON` methods make it false. `budget.left` counts values visited; every
 * value adds at least one character of JSON, so a value with more values than the character
 * limit is too long anyway, and a cycle or a huge shared graph stops the walk early.
 * A JS walk plus a replacer-free `JSON.stringify` is about a third cheaper than a replacer
 * called back from native code for every key.
 */
function isPlainJson(value: unknown, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], budget)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return value instanceof Date;
      const record = value as Record<string, unknown>;
      for (const key in record) if (!isPlainJson(record[key], budget)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * `toJsonText` with a fast path for the common case, plain JSON data (request bodies, parsed
 * provider responses) that fits the limit: one native `JSON.stringify`. Anything else, or too
 * long, or cyclic, goes through `toJsonText`, which renders plain data the same way.
 */
export function jsonText(value: unknown, maxChars: number): string {
  if (typeof value !== 'string' && value !== undefined && isPlainJson(value, { left: maxChars })) {
    try {
      const text = JSON.stringify(value);
      if (text !== undefined && text.length <= maxChars) return text;
    } catch {
      // a getter threw: the careful path below
    }
  }
  return toJsonText(value, maxChars);
}
