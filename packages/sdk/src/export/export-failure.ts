/** Network error codes that mean the endpoint could not be reached at all. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * One human sentence for why an export failed, from the OTLP exporter's error:
 * `cannot reach <url> (ECONNREFUSED)`, `<url> answered HTTP 500`, `<url> did not answer in time`.
 */
export function describeExportFailure(error: unknown, url: string): string {
  const code = errorCode(error);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return `cannot reach ${url} (${code})`;
  const status = (error as { code?: unknown } | undefined)?.code;
  if (typeof status === 'number') return `${url} answered HTTP ${status}`;
  const message = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  if (/timed? ?out/i.test(message)) return `${url} did not answer in time`;
  return `export to ${url} failed${message ? ` (${message})` : ''}`;
}

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node reports a failed multi-address connect as an AggregateError of per-address errors.
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner)) for (const e of inner) {
    const c = errorCode(e);
    if (c !== undefined) return c;
  }
  return undefined;
}
