import type { AttrValue } from '@loupe/core';

/** Typed reads of attribute values; senders are loose about types (numbers as strings, objects as JSON). */

export function str(v: AttrValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Non-empty string or undefined. */
export function text(v: AttrValue | undefined): string | undefined {
  const s = str(v);
  return s === '' ? undefined : s;
}

export function num(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function strList(v: AttrValue | undefined): string[] | undefined {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  if (typeof v === 'string') {
    // Some SDKs serialize string arrays as JSON text.
    if (v.startsWith('[')) {
      const parsed = parseJson(v);
      if (Array.isArray(parsed)) return parsed.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
    }
    return [v];
  }
  return undefined;
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** An attribute that holds JSON text (or, rarely, an already structured value). */
export function jsonValue(v: AttrValue | undefined): unknown {
  if (typeof v === 'string') return parseJson(v);
  return v ?? undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Plain text of an unknown value: strings as is, everything else as JSON. */
export function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
