import { toJsonText } from '@loupe/core';
import { jsonText } from './json-text.js';
import type { Span } from '@opentelemetry/api';
import { runtime } from '../runtime.js';

export const MIME_JSON = 'application/json';
export const MIME_TEXT = 'text/plain';

/**
 * Text of an app value for an attribute, bounded by `maxContentChars`. Strings stay plain text;
 * everything else becomes JSON. Cheap paths first: most step outputs are strings or numbers.
 */
export function contentText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length <= runtime.maxContentChars ? value : toJsonText(value, runtime.maxContentChars);
    case 'number':
    case 'boolean':
      return Number.isFinite(value as number) || typeof value === 'boolean' ? String(value) : 'null';
    default:
      return jsonText(value, runtime.maxContentChars);
  }
}

/**
 * The attribute keys as literals: a key built with a template is a new string on every call,
 * which the span's attribute object then has to hash and intern again.
 */
const VALUE_KEYS = {
  input: { value: 'input.value', mimeType: 'input.mime_type' },
  output: { value: 'output.value', mimeType: 'output.mime_type' },
} as const;

/** Sets `<prefix>.value` and `<prefix>.mime_type` (OpenInference) when content capture is on. */
export function setValueAttributes(span: Span, prefix: 'input' | 'output', value: unknown): void {
  if (!runtime.captureContent || value === undefined) return;
  const keys = VALUE_KEYS[prefix];
  span.setAttribute(keys.value, contentText(value));
  span.setAttribute(keys.mimeType, typeof value === 'string' ? MIME_TEXT : MIME_JSON);
}
