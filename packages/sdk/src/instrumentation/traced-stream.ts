import { context } from '@opentelemetry/api';
import type { CallSpan } from './call-span.js';
import { ChunkKind, type StreamAccumulator } from './stream-accumulator.js';

/** The shape shared by the OpenAI and Anthropic `Stream` classes (Stainless SDKs). */
interface ProviderStream {
  iterator: () => AsyncIterator<unknown>;
  controller?: AbortController;
}

export function isProviderStream(value: unknown): value is ProviderStream {
  return value !== null && typeof value === 'object' && typeof (value as { iterator?: unknown }).iterator === 'function';
}

/**
 * Traces a provider `Stream` in place: the caller keeps the very same object (`controller`,
 * `tee()`, `toReadableStream()` all go through its `iterator` function, which is the one thing
 * replaced). The span ends when the stream is exhausted, fails, is aborted (`controller.abort()`:
 * the SDK then ends the stream quietly; marked `loupe.llm.stream.aborted`), or the consumer stops
 * early (`break` → `return()`, marked `loupe.llm.stream.stopped_early`).
 */
export function traceStream(stream: ProviderStream, call: CallSpan, accumulator: StreamAccumulator): void {
  const makeIterator = stream.iterator;
  stream.iterator = function tracedIterator(this: unknown): AsyncIterator<unknown> {
    return new TracedIterator(makeIterator.call(this), call, accumulator, stream.controller?.signal);
  };
}

/**
 * Async generators do not keep the context they were created in: each step runs in its
 * caller's. So every step re-enters the call's context explicitly, and spans the client opens
 * while reading (HTTP, retries) nest under the LM span.
 */
class TracedIterator implements AsyncIterableIterator<unknown> {
  constructor(
    private readonly inner: AsyncIterator<unknown>,
    private readonly call: CallSpan,
    private readonly accumulator: StreamAccumulator,
    private readonly signal: AbortSignal | undefined,
  ) {}

  next(): Promise<IteratorResult<unknown>> {
    const step = context.with(this.call.ctx, () => this.inner.next());
    return step.then(
      (result) => {
        if (result.done === true) {
          // The SDKs end an aborted stream quietly; the span says so.
          const aborted = this.signal?.aborted === true ? { 'loupe.llm.stream.aborted': true } : undefined;
          this.call.succeed(this.accumulator.details(), this.accumulator.raw(), aborted);
          return result;
        }
        let kind = ChunkKind.Meta;
        try {
          kind = this.accumulator.add(result.value);
          if (kind === ChunkKind.Content) this.call.markFirstChunk();
        } catch {
          // recording never breaks the stream
        }
        return kind === ChunkKind.Hidden ? this.next() : result;
      },
      (error: unknown) => {
        this.call.fail(error, this.accumulator.details(), this.accumulator.raw());
        throw error;
      },
    );
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.call.stopEarly(this.accumulator.details(), this.accumulator.raw());
    const inner = this.inner;
    if (typeof inner.return !== 'function') return Promise.resolve({ done: true, value });
    return context.with(this.call.ctx, () => inner.return!(value));
  }

  throw(error?: unknown): Promise<IteratorResult<unknown>> {
    this.call.fail(error, this.accumulator.details(), this.accumulator.raw());
    const inner = this.inner;
    if (typeof inner.throw !== 'function') return Promise.reject(error);
    return context.with(this.call.ctx, () => inner.throw!(error));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
