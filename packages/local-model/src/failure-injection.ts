import type { Turn } from './conversation.js';
import type { HandlerContext } from './handler-context.js';
import { HttpError } from './http-error.js';
import { lastUserTurn } from './prompt-reading.js';

/** Header that makes a request fail on purpose. */
export const FAIL_HEADER = 'x-local-model-fail';

/** `500` and `429` answer with that status; `timeout` never answers until the client gives up. */
export type FailureMode = '500' | '429' | 'timeout';

const MODES: ReadonlySet<string> = new Set(['500', '429', 'timeout']);

/**
 * The failure a request asks for: the `x-local-model-fail` header, else a `[[fail:MODE]]`
 * marker in the last user message (only the last, so a session's later turns are not
 * poisoned by an earlier failed one).
 */
export function requestedFailure(header: string | string[] | undefined, turns: Turn[]): FailureMode | undefined {
  const h = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  if (h && MODES.has(h)) return h as FailureMode;
  const m = /\[\[\s*fail:([a-z0-9]+)\s*\]\]/i.exec(lastUserTurn(turns)?.content ?? '');
  const mode = m?.[1]?.toLowerCase();
  return mode && MODES.has(mode) ? (mode as FailureMode) : undefined;
}

/** The error a `500` or `429` failure answers with. */
export function injectedError(mode: '500' | '429'): HttpError {
  return mode === '429'
    ? new HttpError(429, 'Rate limit reached for requests (injected by the local model).', 'requests', 'rate_limit_exceeded')
    : new HttpError(500, 'The server had an error while processing your request (injected by the local model).', 'server_error', 'internal_error');
}

/**
 * Carries out a requested failure for a handler: throws the injected error (after a short,
 * realistic delay) or hangs until the client gives up. Returns `true` when the request was
 * consumed by a `timeout`, `false` when no failure was requested and the handler goes on.
 */
export async function applyRequestedFailure(ctx: HandlerContext, turns: Turn[], model: string, endpoint: string): Promise<boolean> {
  const mode = requestedFailure(ctx.req.headers[FAIL_HEADER], turns);
  if (!mode) return false;
  if (mode === 'timeout') {
    await ctx.hang();
    return true;
  }
  if (!(await ctx.wait(ctx.latency({ endpoint, model, promptTokens: 0, completionTokens: 0 })))) return true;
  throw injectedError(mode);
}
