/* eslint-disable @typescript-eslint/no-explicit-any */
import { context } from '@opentelemetry/api';
import type { ResponseDetails } from '../llm/response.js';
import { observeResult } from './api-promise.js';
import { CallSpan, currentCallSpan, type CallRequest } from './call-span.js';
import type { StreamAccumulator } from './stream-accumulator.js';
import { isProviderStream, traceStream } from './traced-stream.js';

/** How an instrumentation reads one client method's request and response. */
export interface CallPlan {
  /** The body actually sent (a copy when Loupe adds `stream_options`). */
  body: unknown;
  request: CallRequest;
  /** For a streamed result: folds its events. */
  accumulator(): StreamAccumulator;
  /** For a plain result: what it says. */
  read(data: unknown): { details: ResponseDetails | undefined; raw: unknown; attributes?: Record<string, number | string | boolean> };
}

/**
 * Wraps a resource method `create(body, options?)` of a Stainless client (OpenAI, Anthropic):
 * one CLIENT span per logical call, current while the client works (so its retries and HTTP
 * spans nest under it), ended when the response is parsed, the stream ends or is abandoned, or
 * the request fails. The caller gets exactly what the original returns.
 */
export function tracedCreate(describe: (body: unknown) => CallPlan | undefined) {
  return (original: (this: any, ...args: any[]) => any, enabled: () => boolean) =>
    function tracedCreateMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
      if (!enabled()) return original.call(this, body, ...rest);
      let plan: CallPlan | undefined;
      try {
        plan = describe(body);
      } catch {
        plan = undefined;
      }
      const call = plan === undefined ? undefined : CallSpan.start(plan.request);
      if (plan === undefined || call === undefined) return original.call(this, body, ...rest);
      let result: unknown;
      try {
        result = context.with(call.ctx, () => original.call(this, plan.body, ...rest));
      } catch (error) {
        call.fail(error);
        throw error;
      }
      return observeResult(result, call, (data) => {
        try {
          if (isProviderStream(data)) traceStream(data, call, plan.accumulator());
          else {
            const read = plan.read(data);
            call.succeed(read.details, read.raw, read.attributes);
          }
        } catch {
          call.succeed(undefined);
        }
        return data;
      });
    };
}

/** Wraps a client's `retryRequest`: notes the retry on the call it belongs to (found in the context). */
export function countedRetry(original: (this: any, ...args: any[]) => any, enabled: () => boolean) {
  return function countedRetryRequest(this: unknown, ...args: unknown[]): unknown {
    if (enabled()) currentCallSpan()?.noteRetry();
    return original.apply(this, args);
  };
}

/** `body` without the given keys (the request parameters besides the messages). */
export function parametersOf(body: Record<string, unknown>, omit: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(body)) if (!omit.includes(key) && body[key] !== undefined) out[key] = body[key];
  return out;
}
