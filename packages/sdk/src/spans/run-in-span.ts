import { context, INVALID_SPAN_CONTEXT, trace, SpanStatusCode, type Attributes, type Span, type SpanKind } from '@opentelemetry/api';
import { preciseNow } from '../span-time.js';
import { SpanHandle } from './span-handle.js';
import { withSpan } from './span-frame.js';
import { startHelperSpan } from './start-span.js';

/**
 * What a helper adds around the shared span lifecycle. Hooks run guarded: an exception in a
 * hook is swallowed, never reaching the app.
 */
export interface SpanHooks<H extends SpanHandle> {
  /** Creates the handle (helpers with extra per-call state subclass SpanHandle). */
  handle(span: Span): H;
  /** After the callback returned (or its promise resolved), before the span ends. */
  onSuccess?(handle: H, result: unknown): void;
  /** After the callback threw (or its promise rejected), before the span ends. */
  onError?(handle: H, error: unknown): void;
  /** After the span ended. */
  onEnded?(handle: H): void;
}

/**
 * Runs `fn` inside a new span made current for its (sync or async) duration and ends the span
 * when `fn` returns or settles. Returns exactly what `fn` returns; a promise result is chained,
 * so the caller gets a promise that settles the same way. Exceptions from `fn` are recorded
 * (`recordException`, ERROR status) and rethrown unchanged; Loupe's own failures are swallowed
 * and, if span creation itself failed, `fn` simply runs untraced.
 */
export function runInSpan<T, H extends SpanHandle>(
  name: string,
  kind: SpanKind,
  attributes: Attributes | undefined,
  hooks: SpanHooks<H>,
  fn: (span: H) => T,
  prepare?: (handle: H) => void,
): T {
  let handle: H;
  let ctx;
  let span: Span | undefined;
  try {
    const parent = context.active();
    // Explicit sub-millisecond times (see preciseNow).
    span = startHelperSpan(name, kind, attributes, preciseNow(), parent);
    ctx = withSpan(parent, span);
    handle = hooks.handle(span);
    if (prepare !== undefined) prepare(handle);
  } catch {
    try {
      span?.end();
    } catch {
      // already failing; run untraced
    }
    return fn(new SpanHandle(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)) as H);
  }
  let result: T;
  try {
    result = context.with(ctx, fn, undefined, handle);
  } catch (error) {
    settle(hooks, handle, false, error);
    throw error;
  }
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    return (result as unknown as PromiseLike<unknown>).then(
      (value) => {
        settle(hooks, handle, true, value);
        return value;
      },
      (error: unknown) => {
        settle(hooks, handle, false, error);
        throw error;
      },
    ) as T;
  }
  settle(hooks, handle, true, result);
  return result;
}

/** The SDK copies the status it is given, so one object serves every span. */
const STATUS_OK = Object.freeze({ code: SpanStatusCode.OK });

function settle<H extends SpanHandle>(hooks: SpanHooks<H>, handle: H, ok: boolean, value: unknown): void {
  const span = handle.span;
  try {
    if (ok) {
      if (hooks.onSuccess !== undefined) hooks.onSuccess(handle, value);
      span.setStatus(STATUS_OK);
    } else {
      recordError(span, value);
      if (hooks.onError !== undefined) hooks.onError(handle, value);
    }
  } catch {
    // recording never breaks the app
  }
  try {
    span.end(preciseNow());
    if (hooks.onEnded !== undefined) hooks.onEnded(handle);
  } catch {
    // recording never breaks the app
  }
}

/** `recordException` + ERROR status with the error's message. */
export function recordError(span: Span, error: unknown): void {
  try {
    if (error instanceof Error) span.recordException(error);
    else span.recordException(String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
  } catch {
    // recording never breaks the app
  }
}

export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
    return String(error);
  } catch {
    return 'unknown error';
  }
}
