import { context, createContextKey, SpanKind, SpanStatusCode, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { recordHistory } from '../history/inspect-history.js';
import { requestAttributes, responseAttributes } from '../llm/llm-attributes.js';
import { llmSpanName, type LLMCall } from '../llm/llm-call.js';
import { errorType, historyRecord, nowUs } from '../llm/llm.js';
import { toMessages } from '../llm/messages.js';
import type { ResponseDetails } from '../llm/response.js';
import { runtime } from '../runtime.js';
import { preciseNow } from '../span-time.js';
import { jsonText } from '../spans/json-text.js';
import { errorMessage, recordError } from '../spans/run-in-span.js';
import { withSpan } from '../spans/span-frame.js';
import { startHelperSpan } from '../spans/start-span.js';

/** Context entry naming the auto-instrumented call a provider client is working for (retries read it). */
const CALL_KEY = createContextKey('loupe.instrumented-call');

/** The auto-instrumented call the current context belongs to, if any. */
export function currentCallSpan(ctx: Context = context.active()): CallSpan | undefined {
  return ctx.getValue(CALL_KEY) as CallSpan | undefined;
}

/** What an instrumentation knows about a request before sending it. */
export interface CallRequest {
  operation: string;
  provider: string;
  model: unknown;
  /** The messages normalised by `toMessages` (OpenAI, Anthropic or Loupe shapes). */
  messages: readonly unknown[];
  /** The messages as the app sent them, for `input.value`. */
  requestMessages?: unknown;
  /** Request parameters without the messages. */
  parameters: Record<string, unknown>;
  /** Tool definitions offered to the model. */
  tools?: unknown;
  /** Extra request attributes (e.g. the embedding ones), set over the standard ones. */
  attributes?: Attributes;
}

/**
 * One auto-instrumented LM call: its CLIENT span (current in {@link CallSpan.ctx}), the call
 * description the attribute builders read, and the bookkeeping for streams and retries. It ends
 * exactly once — whichever of succeed / fail / stopEarly / endUnread comes first — and then adds
 * the call to the history.
 */
export class CallSpan {
  readonly ctx: Context;
  /** History start time (epoch µs). */
  private readonly startUs = nowUs();
  private firstChunkUs: number | undefined = undefined;
  retries = 0;
  private ended = false;

  private constructor(readonly span: Span, readonly call: LLMCall, parent: Context) {
    this.ctx = withSpan(parent, span).setValue(CALL_KEY, this);
  }

  /** Starts the span under the active context; undefined if Loupe could not (the call then runs untraced). */
  static start(request: CallRequest): CallSpan | undefined {
    try {
      const call: LLMCall = {
        operation: request.operation,
        model: typeof request.model === 'string' ? request.model : '',
        provider: request.provider,
        parameters: request.parameters,
        inputMessages: runtime.captureContent ? toMessages(request.messages) : [],
        outputMessages: [],
      };
      if (request.requestMessages !== undefined) call.requestMessages = Array.isArray(request.requestMessages) ? request.requestMessages : [request.requestMessages];
      const attributes = requestAttributes(call);
      if (runtime.captureContent && Array.isArray(request.tools) && request.tools.length > 0) {
        attributes['gen_ai.tool.definitions'] = jsonText(request.tools, runtime.maxContentChars);
      }
      if (request.attributes !== undefined) Object.assign(attributes, request.attributes);
      const parent = context.active();
      // High-resolution start: Date.now() would tie sibling spans started in the same millisecond.
      const span = startHelperSpan(llmSpanName(call), SpanKind.CLIENT, attributes, preciseNow(), parent);
      return new CallSpan(span, call, parent);
    } catch {
      return undefined;
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** A stream delivered its first content chunk: records time to first chunk once. */
  markFirstChunk(): void {
    if (this.firstChunkUs === undefined) this.firstChunkUs = nowUs();
  }

  /** The provider client is about to retry the request. */
  noteRetry(): void {
    this.retries++;
    try {
      this.span.addEvent('gen_ai.request.retry', { 'http.request.resend_count': this.retries });
    } catch {
      // recording never breaks the app
    }
  }

  /** The call completed; `details` is what the response says (undefined when nothing was read). */
  succeed(details: ResponseDetails | undefined, raw?: unknown, extra?: Attributes): void {
    if (this.ended) return;
    try {
      this.apply(details, raw, extra);
      this.span.setStatus({ code: SpanStatusCode.OK });
    } catch {
      // recording never breaks the app
    }
    this.finish(undefined);
  }

  /** The call (or its stream) failed; whatever arrived before is kept. */
  fail(error: unknown, partial?: ResponseDetails, raw?: unknown): void {
    if (this.ended) return;
    try {
      this.apply(partial, raw, undefined);
      recordError(this.span, error);
      this.span.setAttribute('error.type', errorType(error));
    } catch {
      // recording never breaks the app
    }
    this.finish(errorMessage(error));
  }

  /** The consumer stopped reading the stream before its end (`break`, `return()`): OK, marked partial. */
  stopEarly(partial: ResponseDetails | undefined, raw?: unknown): void {
    this.succeed(partial, raw, { 'loupe.llm.stream.stopped_early': true });
  }

  /** The app took the raw HTTP response (`asResponse()`) and reads the body itself. */
  endUnread(): void {
    this.succeed(undefined, undefined, { 'loupe.llm.body_unread': true });
  }

  private apply(details: ResponseDetails | undefined, raw: unknown, extra: Attributes | undefined): void {
    const call = this.call;
    if (details !== undefined) {
      if (details.responseModel !== undefined) call.responseModel = details.responseModel;
      if (details.responseId !== undefined) call.responseId = details.responseId;
      call.outputMessages = runtime.captureContent ? details.outputMessages : [];
      call.finishReasons = details.finishReasons;
      if (details.usage !== undefined) call.usage = details.usage;
    }
    if (raw !== undefined) call.rawResponse = raw;
    const attrs = responseAttributes(call);
    if (this.firstChunkUs !== undefined) attrs['gen_ai.response.time_to_first_chunk'] = (this.firstChunkUs - this.startUs) / 1e6;
    if (this.retries > 0) attrs['http.request.resend_count'] = this.retries;
    if (extra !== undefined) Object.assign(attrs, extra);
    this.span.setAttributes(attrs);
    // The history entry needs the same text: keep it rather than serialising the response twice.
    const rawText = attrs['loupe.llm.raw_response'];
    if (typeof rawText === 'string') call.rawResponse = rawText;
  }

  private finish(failure: string | undefined): void {
    this.ended = true;
    try {
      this.span.end(preciseNow());
      recordHistory(historyRecord(this.span, this.call, this.startUs, nowUs(), failure === undefined ? 'ok' : 'error', failure));
    } catch {
      // recording never breaks the app
    }
  }
}
