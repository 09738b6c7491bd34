/** Byte lengths of OTLP ids. */
export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

const HEX_CHARS: string[] = [];
for (let i = 0; i < 256; i++) HEX_CHARS.push(i.toString(16).padStart(2, '0'));

/** Lowercase hex of a byte array (ids are 8 or 16 bytes; a table beats Buffer allocation here). */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_CHARS[bytes[i]!];
  return out;
}

export function isAllZeroHex(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48 /* '0' */) return false;
  return true;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!ok) return false;
  }
  return true;
}

const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Outcome of reading an id: the lowercase hex id, or why it is unusable. `absent` is separate
 * from `invalid` because an absent parent id is normal while an absent trace id is not.
 */
export type IdCheck = { ok: true; hex: string } | { ok: false; absent: boolean; reason: string };

/** Validates id bytes from protobuf: exact length, not all zero. */
export function checkIdBytes(bytes: Uint8Array | undefined | null, byteLength: number): IdCheck {
  if (!bytes || bytes.length === 0) return { ok: false, absent: true, reason: 'missing' };
  if (bytes.length !== byteLength) {
    return { ok: false, absent: false, reason: `${bytes.length} bytes instead of ${byteLength}` };
  }
  const hex = bytesToHex(bytes);
  if (isAllZeroHex(hex)) return { ok: false, absent: false, reason: 'all zero' };
  return { ok: true, hex };
}

/**
 * Validates an id from OTLP/JSON. The spec says hex, but some senders (protobuf-JSON mappers)
 * send base64; the two cannot be confused because their lengths differ for the same byte count.
 */
export function checkIdString(value: unknown, byteLength: number): IdCheck {
  if (value === undefined || value === null || value === '') return { ok: false, absent: true, reason: 'missing' };
  if (typeof value !== 'string') return { ok: false, absent: false, reason: `not a string (${typeof value})` };
  let hex: string;
  if (value.length === byteLength * 2 && isHex(value)) {
    hex = value.toLowerCase();
  } else if (BASE64_RE.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length !== byteLength) {
      return { ok: false, absent: false, reason: `"${clip(value)}" is neither ${byteLength * 2} hex digits nor base64 of ${byteLength} bytes` };
    }
    hex = bytesToHex(bytes);
  } else {
    return { ok: false, absent: false, reason: `"${clip(value)}" is neither ${byteLength * 2} hex digits nor base64 of ${byteLength} bytes` };
  }
  if (isAllZeroHex(hex)) return { ok: false, absent: false, reason: 'all zero' };
  return { ok: true, hex };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
