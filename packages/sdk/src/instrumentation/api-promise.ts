import type { CallSpan } from './call-span.js';

/** The parts of a Stainless `APIPromise` (OpenAI, Anthropic) Loupe hooks into. */
interface ApiPromiseLike {
  responsePromise: Promise<unknown>;
  parseResponse: (client: unknown, props: unknown) => unknown;
  asResponse: () => Promise<unknown>;
  parsedPromise?: unknown;
}

function isApiPromise(value: unknown): value is ApiPromiseLike {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<ApiPromiseLike>;
  return typeof v.parseResponse === 'function' && typeof v.asResponse === 'function' && typeof (v.responsePromise as { then?: unknown } | undefined)?.then === 'function';
}

/**
 * Observes a client method's result without replacing it: for an `APIPromise` the very same
 * object is returned (so `.withResponse()`, `.asResponse()`, `_thenUnwrap` and `instanceof`
 * keep working) with its `parseResponse` step wrapped; `onData` sees the parsed value (a
 * response, or a `Stream` it may trace in place) and must return it. Request failures end the
 * span even when the app never parses the body. Anything else thenable is chained.
 */
export function observeResult<T>(result: T, call: CallSpan, onData: (data: unknown) => unknown): T {
  if (isApiPromise(result)) {
    const parse = result.parseResponse;
    result.parseResponse = async function tracedParse(this: unknown, client: unknown, props: unknown): Promise<unknown> {
      let data: unknown;
      try {
        data = await parse.call(this, client, props);
      } catch (error) {
        call.fail(error);
        throw error;
      }
      return onData(data);
    };
    const asResponse = result.asResponse;
    result.asResponse = function tracedAsResponse(this: ApiPromiseLike): Promise<unknown> {
      // withResponse() parses first; only a bare asResponse() leaves the body to the app.
      const bodyUnread = this.parsedPromise === undefined;
      const response = asResponse.call(this);
      if (bodyUnread) response.then(() => call.endUnread(), () => undefined);
      return response;
    };
    // Handled here so a failure is recorded even if the app never awaits; the app's own chain
    // (through parse) still sees the rejection.
    result.responsePromise.then(undefined, (error: unknown) => call.fail(error));
    return result;
  }
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    return (result as unknown as PromiseLike<unknown>).then(onData, (error: unknown) => {
      call.fail(error);
      throw error;
    }) as T;
  }
  return onData(result) as T;
}
