import { invalidRequest } from './http-error.js';

/** Field readers that turn a malformed request into a 400 naming the parameter. */

export function requiredString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v.trim() === '') {
    throw invalidRequest(
      v === undefined ? `Missing required parameter: '${name}'.` : `Invalid type for '${name}': expected a non-empty string.`,
      name,
      v === undefined ? 'missing_required_parameter' : 'invalid_type',
    );
  }
  return v;
}

export function optionalInteger(body: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalidRequest(`Invalid value for '${name}': expected an integer from ${min} to ${max}.`, name, 'invalid_value');
  }
  return v;
}

export function optionalArray(body: Record<string, unknown>, name: string): unknown[] | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidRequest(`Invalid type for '${name}': expected an array.`, name, 'invalid_type');
  return v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Seconds since the epoch, as OpenAI's `created` fields. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
