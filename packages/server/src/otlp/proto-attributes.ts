import type { AttrValue, Attributes } from '@loupe/core';
import type { LongBits } from './nano-time.js';

/** `opentelemetry.proto.common.v1.AnyValue` as protobufjs decodes it: only the set member is an own property. */
export interface PbAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: LongBits | number;
  doubleValue?: number;
  arrayValue?: { values?: PbAnyValue[] };
  kvlistValue?: { values?: PbKeyValue[] };
  bytesValue?: Uint8Array;
}

export interface PbKeyValue {
  key?: string;
  value?: PbAnyValue | null;
}

const hasOwn = Object.hasOwn;

function longToNumber(v: LongBits | number): number {
  if (typeof v === 'number') return v;
  // Signed int64: high carries the sign. Beyond 2^53 the result is approximate, as AttrValue documents.
  return v.high * 4294967296 + (v.low >>> 0);
}

function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/**
 * AnyValue → attribute value. Arrays stay arrays; a key-value list becomes the JSON text of the
 * equivalent object (AttrValue has no map type); bytes become base64.
 */
export function pbAnyToAttr(v: PbAnyValue | null | undefined): AttrValue {
  if (!v) return null;
  if (hasOwn(v, 'stringValue')) return v.stringValue!;
  if (hasOwn(v, 'intValue')) return longToNumber(v.intValue!);
  if (hasOwn(v, 'boolValue')) return v.boolValue!;
  if (hasOwn(v, 'doubleValue')) return v.doubleValue!;
  if (hasOwn(v, 'arrayValue')) return (v.arrayValue!.values ?? []).map(pbAnyToAttr);
  if (hasOwn(v, 'kvlistValue')) return JSON.stringify(pbKvlistToPlain(v.kvlistValue!.values ?? []));
  if (hasOwn(v, 'bytesValue')) return bytesToBase64(v.bytesValue!);
  return null;
}

/** AnyValue → plain JS, used inside key-value lists where nesting is kept as objects. */
function pbAnyToPlain(v: PbAnyValue | null | undefined): unknown {
  if (!v) return null;
  if (hasOwn(v, 'arrayValue')) return (v.arrayValue!.values ?? []).map(pbAnyToPlain);
  if (hasOwn(v, 'kvlistValue')) return pbKvlistToPlain(v.kvlistValue!.values ?? []);
  return pbAnyToAttr(v);
}

function pbKvlistToPlain(values: PbKeyValue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of values) out[kv.key ?? ''] = pbAnyToPlain(kv.value);
  return out;
}

/** Repeated KeyValue → flat attributes; a repeated key keeps its last value. */
export function pbAttributes(list: PbKeyValue[] | undefined | null): Attributes {
  const out: Attributes = {};
  if (!list) return out;
  for (let i = 0; i < list.length; i++) {
    const kv = list[i]!;
    out[kv.key ?? ''] = pbAnyToAttr(kv.value);
  }
  return out;
}
