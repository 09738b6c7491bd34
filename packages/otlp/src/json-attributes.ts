import type { AttrValue, Attributes } from '@loupe/core';

type Json = Record<string, unknown>;

/** Reads `camel` or its snake_case spelling (protobuf-JSON mappers emit either). */
export function pick(obj: Json, camel: string, snake: string): unknown {
  const v = obj[camel];
  return v !== undefined ? v : obj[snake];
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    // OTLP/JSON writes doubles' special values as strings.
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    return v.trim() === '' || Number.isNaN(n) ? null : n;
  }
  return null;
}

function toBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

function listOf(container: unknown): unknown[] {
  if (!isObject(container)) return [];
  const values = container['values'];
  return Array.isArray(values) ? values : [];
}

/**
 * OTLP/JSON AnyValue → attribute value: int64 may be a string or a number, a key-value list
 * becomes the JSON text of the object, bytes stay base64 (as sent).
 */
export function jsonAnyToAttr(v: unknown): AttrValue {
  if (!isObject(v)) return null;
  let x = pick(v, 'stringValue', 'string_value');
  if (x !== undefined) return typeof x === 'string' ? x : String(x);
  x = pick(v, 'intValue', 'int_value');
  if (x !== undefined) return toNumber(x);
  x = pick(v, 'boolValue', 'bool_value');
  if (x !== undefined) return toBool(x);
  x = pick(v, 'doubleValue', 'double_value');
  if (x !== undefined) return toNumber(x);
  x = pick(v, 'arrayValue', 'array_value');
  if (x !== undefined) return listOf(x).map(jsonAnyToAttr);
  x = pick(v, 'kvlistValue', 'kvlist_value');
  if (x !== undefined) return JSON.stringify(kvlistToPlain(listOf(x)));
  x = pick(v, 'bytesValue', 'bytes_value');
  if (x !== undefined) return typeof x === 'string' ? x : null;
  return null;
}

function jsonAnyToPlain(v: unknown): unknown {
  if (!isObject(v)) return null;
  const arr = pick(v, 'arrayValue', 'array_value');
  if (arr !== undefined) return listOf(arr).map(jsonAnyToPlain);
  const kv = pick(v, 'kvlistValue', 'kvlist_value');
  if (kv !== undefined) return kvlistToPlain(listOf(kv));
  return jsonAnyToAttr(v);
}

function kvlistToPlain(values: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of values) {
    if (isObject(kv) && typeof kv['key'] === 'string') out[kv['key']] = jsonAnyToPlain(kv['value']);
  }
  return out;
}

/** `[{ key, value: AnyValue }]` → flat attributes; entries without a string key are skipped. */
export function jsonAttributes(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObject(kv) && typeof kv['key'] === 'string') out[kv['key']] = jsonAnyToAttr(kv['value']);
  }
  return out;
}
