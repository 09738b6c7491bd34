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

/** Sets `<prefix>.value` and `<prefix>.mime_type` (OpenInference) when content capture is on. */
export function setValueAttributes(span: Span, prefix: 'input' | 'output', value: unknown): void {
  if (!runtime.captureContent || value === undefined) return;
  span.setAttribute(`${prefix}.value`, contentText(value));
  span.setAttribute(`${prefix}.mime_type`, typeof value === 'string' ? MIME_TEXT : MIME_JSON);
}
