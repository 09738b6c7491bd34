import type { AttrValue, Attributes } from '@loupe/core';
import type protobuf from 'protobufjs/minimal.js';

/**
 * Reads OTLP `KeyValue` / `AnyValue` straight off the wire into attribute values, without the
 * intermediate message objects protobufjs's generated decoder builds (two per attribute, most
 * of the decoder's time and garbage). Field numbers are those of
 * opentelemetry/proto/common/v1/common.proto.
 */

/** Wire types (protobuf encoding). */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

/** A field's key on the wire: field number and wire type. */
export function tagOf(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

const KV_KEY = tagOf(1, WIRE_LEN);
const KV_VALUE = tagOf(2, WIRE_LEN);
const ANY_STRING = tagOf(1, WIRE_LEN);
const ANY_BOOL = tagOf(2, WIRE_VARINT);
const ANY_INT = tagOf(3, WIRE_VARINT);
const ANY_DOUBLE = tagOf(4, WIRE_FIXED64);
const ANY_ARRAY = tagOf(5, WIRE_LEN);
const ANY_KVLIST = tagOf(6, WIRE_LEN);
const ANY_BYTES = tagOf(7, WIRE_LEN);
/** `ArrayValue.values` and `KeyValueList.values`. */
const LIST_VALUES = tagOf(1, WIRE_LEN);

/**
 * The end offset of the length-delimited field whose length is next, checked against the
 * enclosing message: a nested message that claims to run past its parent is corrupt.
 */
export function fieldEnd(r: protobuf.Reader, parentEnd: number): number {
  const length = r.uint32();
  const end = r.pos + length;
  if (end > parentEnd) throw new RangeError(`a field of ${length} bytes runs past its enclosing message`);
  return end;
}

/** Throws when the fields read ran past the end of their message (a corrupt length inside it). */
export function checkEnd(r: protobuf.Reader, end: number): void {
  if (r.pos !== end) throw new RangeError(`a field runs ${r.pos - end} bytes past the end of its message`);
}

/** Signed int64 as protobufjs returns it (`Long` when the `long` package is present, else a number). */
function int64ToNumber(v: { low: number; high: number } | number): number {
  if (typeof v === 'number') return v;
  // high carries the sign. Beyond 2^53 the result is approximate, as AttrValue documents.
  return v.high * 4294967296 + (v.low >>> 0);
}

function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/**
 * One `AnyValue` ending at `end`. `plain` is the mode inside key-value lists, where nesting stays
 * nested (objects, arrays); outside them an attribute value has no map type, so a key-value list
 * becomes the JSON text of the equivalent object. Arrays stay arrays, bytes become base64, a
 * value with no member set is null; of several members on the wire the last wins (protobuf's
 * rule for a oneof).
 */
function readAnyValue(r: protobuf.Reader, end: number, plain: boolean): unknown {
  let value: unknown = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case ANY_STRING:
        value = r.string();
        break;
      case ANY_BOOL:
        value = r.bool();
        break;
      case ANY_INT:
        value = int64ToNumber(r.int64() as unknown as { low: number; high: number } | number);
        break;
      case ANY_DOUBLE:
        value = r.double();
        break;
      case ANY_ARRAY:
        value = readArrayValue(r, fieldEnd(r, end), plain);
        break;
      case ANY_KVLIST: {
        const object = readKeyValueList(r, fieldEnd(r, end));
        value = plain ? object : JSON.stringify(object);
        break;
      }
      case ANY_BYTES:
        value = bytesToBase64(r.bytes());
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  checkEnd(r, end);
  return value;
}

function readArrayValue(r: protobuf.Reader, end: number, plain: boolean): unknown[] {
  const out: unknown[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === LIST_VALUES) out.push(readAnyValue(r, fieldEnd(r, end), plain));
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  return out;
}

function readKeyValueList(r: protobuf.Reader, end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === LIST_VALUES) readKeyValueInto(r, fieldEnd(r, end), out, true);
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  return out;
}

/** Attribute keys remembered by their bytes; beyond this many distinct keys new ones are not kept. */
const MAX_CACHED_KEYS = 4096;
/** Longer keys are decoded each time (real attribute keys are short). */
const MAX_CACHED_KEY_BYTES = 96;
const keyCache = new Map<number, { bytes: Uint8Array; key: string }>();
const utf8 = new TextDecoder();

/**
 * An attribute key. Apps send the same few dozen keys in every span; each freshly decoded copy
 * had to be hashed and interned again when stored as a property, the largest single cost of
 * decoding. Known keys are recognised by their bytes and returned as the string already interned.
 */
function readKey(r: protobuf.Reader): string {
  const length = r.uint32();
  const start = r.pos;
  const end = start + length;
  if (end > r.len) throw new RangeError(`a key of ${length} bytes runs past the end of the body`);
  r.pos = end;
  const buf = r.buf;
  if (length > MAX_CACHED_KEY_BYTES) return utf8.decode(buf.subarray(start, end));
  let hash = length;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + buf[i]!) | 0;
  const hit = keyCache.get(hash);
  if (hit !== undefined && hit.bytes.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (hit.bytes[i] !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return hit.key;
  }
  const decoded = utf8.decode(buf.subarray(start, end));
  // A property name comes back interned: later stores of it skip the string table.
  const key = Object.keys({ [decoded]: 0 })[0] ?? decoded;
  // A copy: a Buffer slice would be a view that keeps the whole request body alive.
  if (hit === undefined && keyCache.size < MAX_CACHED_KEYS) keyCache.set(hash, { bytes: new Uint8Array(buf.subarray(start, end)), key });
  return key;
}

/** One `KeyValue` ending at `end`, stored into `out`: a repeated key keeps its last value. */
function readKeyValueInto(r: protobuf.Reader, end: number, out: Record<string, unknown>, plain: boolean): void {
  let key = '';
  let value: unknown = null;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === KV_KEY) key = readKey(r);
    else if (tag === KV_VALUE) value = readAnyValue(r, fieldEnd(r, end), plain);
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  // An own property even for "__proto__", which plain assignment would take as the prototype.
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** One repeated `KeyValue` entry (the length comes next) into flat attributes. */
export function readAttribute(r: protobuf.Reader, parentEnd: number, out: Attributes): void {
  readKeyValueInto(r, fieldEnd(r, parentEnd), out as Record<string, AttrValue>, false);
}
