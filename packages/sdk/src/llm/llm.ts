import { context, INVALID_SPAN_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { LLMCallRecord, LLMDetails, Message, SpanStatus, TokenUsage, ToolCall } from '@loupe/core';
import { recordHistory } from '../history/inspect-history.js';
import { runtime } from '../runtime.js';
import { errorMessage, recordError, runInSpan, type SpanHooks } from '../spans/run-in-span.js';
import { SpanHandle, type LoupeSpan } from '../spans/span-handle.js';
import { startHelperSpan } from '../spans/start-span.js';
import { requestAttributes, responseAttributes, rawResponseText, setProvider } from './llm-attributes.js';
import { llmSpanName, type LLMCall } from './llm-call.js';
import { toMessage, toMessages } from './messages.js';
import { extractResponse } from './response.js';

export interface LLMOptions {
  model: string;
  /** GenAI provider name (`openai`, `anthropic`, …); inferred from the response shape when omitted. */
  provider?: string;
  /** GenAI operation; default `chat`. */
  operation?: string;
  /** Messages sent (OpenAI format; Anthropic blocks and Loupe messages also accepted). */
  messages?: readonly unknown[];
  /** Request parameters: temperature, max_tokens, top_p, stop, … */
  parameters?: Record<string, unknown>;
  /** Span name; default `{operation} {model}`. */
  name?: string;
}

/** The handle `llm()` passes to its callback: a span handle plus LM-specific setters. */
export interface LLMSpan extends LoupeSpan {
  /** Fields the app parsed out of the response (recorded as `loupe.llm.parsed`). */
  setParsed(parsed: unknown): this;
  setUsage(usage: TokenUsage): this;
  setCost(costUsd: number): this;
}

class LLMHandle extends SpanHandle implements LLMSpan {
  call!: LLMCall;
  startUs = 0;
  /** Set when the call failed: the error message for the history entry. */
  failure: string | undefined = undefined;

  setParsed(parsed: unknown): this {
    this.call.parsed = parsed;
    return this;
  }

  setUsage(usage: TokenUsage): this {
    this.call.usage = { ...this.call.usage, ...usage };
    return this;
  }

  setCost(costUsd: number): this {
    this.call.costUsd = costUsd;
    return this;
  }
}

const hooks: SpanHooks<LLMHandle> = {
  handle: (span: Span) => new LLMHandle(span),
  onSuccess(handle, result) {
    const call = handle.call;
    const response = extractResponse(result);
    // Not given with the request: known from the response shape, and recorded with it.
    const learnedProvider = call.provider === undefined ? response?.provider : undefined;
    if (response !== undefined) {
      call.provider ??= response.provider;
      if (response.responseModel !== undefined) call.responseModel = response.responseModel;
      if (response.responseId !== undefined) call.responseId = response.responseId;
      call.outputMessages = response.outputMessages;
      call.finishReasons = response.finishReasons;
      if (response.usage !== undefined) call.usage = { ...response.usage, ...call.usage };
      call.rawResponse = result;
    } else if (typeof result === 'string') {
      call.outputMessages = [{ role: 'assistant', content: result }];
      call.rawResponse = result;
    }
    if (handle.hasOutput) call.outputMessages = outputMessagesOf(handle.output);
    if (!runtime.captureContent) call.outputMessages = [];
    const attrs = responseAttributes(call);
    if (learnedProvider) setProvider(attrs, learnedProvider);
    handle.span.setAttributes(attrs);
  },
  onError(handle, error) {
    handle.failure = errorMessage(error);
    handle.span.setAttribute('error.type', errorType(error));
  },
  onEnded(handle) {
    const failed = handle.failure !== undefined;
    recordHistory(historyRecord(handle.span, handle.call, handle.startUs, nowUs(), failed ? 'error' : 'ok', handle.failure));
  },
};

/**
 * Runs `fn` (which performs the real client call) inside an LLM span named `{operation} {model}`
 * (kind CLIENT). When `fn` returns an OpenAI chat completion or an Anthropic message, its output
 * messages, tool calls, usage, ids and finish reasons are recorded; the LM call also lands in the
 * `inspectHistory` buffer. Returns what `fn` returns; its errors are recorded and rethrown.
 */
export function llm<T>(fn: (span: LLMSpan) => T, options: LLMOptions): T {
  let call: LLMCall;
  try {
    call = newCall(options);
  } catch {
    return fn(new LLMHandle(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)));
  }
  return runInSpan(options.name ?? llmSpanName(call), SpanKind.CLIENT, requestAttributes(call), hooks, fn, (handle) => {
    handle.call = call;
    handle.startUs = nowUs();
  });
}

function newCall(options: LLMOptions): LLMCall {
  const call: LLMCall = {
    operation: options.operation ?? 'chat',
    model: options.model ?? '',
    inputMessages: runtime.captureContent ? toMessages(options.messages) : [],
    outputMessages: [],
  };
  if (options.provider !== undefined) call.provider = options.provider;
  if (options.parameters !== undefined) call.parameters = options.parameters;
  if (options.messages !== undefined) call.requestMessages = options.messages;
  return call;
}

export interface RecordLLMCallInput {
  model: string;
  provider?: string;
  operation?: string;
  messages: readonly unknown[];
  /** The provider's response object (OpenAI or Anthropic shape is read for output, usage, ids). */
  response?: unknown;
  /** The output when there is no response object: text, or messages. */
  output?: string | readonly Message[];
  toolCalls?: readonly ToolCall[];
  usage?: { input?: number; output?: number; cached?: number; reasoning?: number; total?: number };
  costUsd?: number;
  parameters?: Record<string, unknown>;
  parsed?: unknown;
  /** Call start/end (Date or epoch milliseconds); default: both now. */
  startTime?: Date | number;
  endTime?: Date | number;
  /** The call failed with this error. */
  error?: unknown;
  /** Span name; default `{operation} {model}`. */
  name?: string;
}

/**
 * Records an LM call that already happened (any client) as an LLM span under the current span,
 * and adds it to the history. Returns the history record, or undefined if recording failed.
 */
export function recordLLMCall(input: RecordLLMCallInput): LLMCallRecord | undefined {
  try {
    const call = newCall(input);
    const response = input.response !== undefined ? extractResponse(input.response) : undefined;
    if (response !== undefined) {
      call.provider ??= response.provider;
      if (response.responseModel !== undefined) call.responseModel = response.responseModel;
      if (response.responseId !== undefined) call.responseId = response.responseId;
      call.outputMessages = response.outputMessages;
      call.finishReasons = response.finishReasons;
      if (response.usage !== undefined) call.usage = response.usage;
    }
    if (input.response !== undefined) call.rawResponse = input.response;
    if (input.output !== undefined) call.outputMessages = outputMessagesOf(input.output);
    if (input.toolCalls !== undefined && input.toolCalls.length > 0) {
      if (call.outputMessages.length === 0) call.outputMessages.push({ role: 'assistant', content: '' });
      call.outputMessages[0]!.toolCalls = input.toolCalls.map((c) => ({ ...c }));
    }
    if (!runtime.captureContent) call.outputMessages = [];
    if (input.usage !== undefined) {
      const u: TokenUsage = { ...call.usage };
      if (input.usage.input !== undefined) u.input = input.usage.input;
      if (input.usage.output !== undefined) u.output = input.usage.output;
      if (input.usage.cached !== undefined) u.cacheRead = input.usage.cached;
      if (input.usage.reasoning !== undefined) u.reasoning = input.usage.reasoning;
      if (input.usage.total !== undefined) u.total = input.usage.total;
      call.usage = u;
    }
    if (input.costUsd !== undefined) call.costUsd = input.costUsd;
    if (input.parsed !== undefined) call.parsed = input.parsed;

    const endMs = toEpochMs(input.endTime) ?? Date.now();
    const startMs = toEpochMs(input.startTime) ?? endMs;
    const span = startHelperSpan(input.name ?? llmSpanName(call), SpanKind.CLIENT, requestAttributes(call), startMs, context.active());
    span.setAttributes(responseAttributes(call));
    let status: SpanStatus = 'ok';
    let message: string | undefined;
    if (input.error !== undefined) {
      recordError(span, input.error);
      span.setAttribute('error.type', errorType(input.error));
      status = 'error';
      message = errorMessage(input.error);
    } else {
      span.setStatus({ code: SpanStatusCode.OK });
    }
    span.end(Math.max(endMs, startMs));
    const record = historyRecord(span, call, Math.round(startMs * 1000), Math.round(Math.max(endMs, startMs) * 1000), status, message);
    recordHistory(record);
    return record;
  } catch {
    return undefined;
  }
}

function outputMessagesOf(output: unknown): Message[] {
  if (typeof output === 'string') return [{ role: 'assistant', content: output }];
  if (Array.isArray(output)) {
    // Outputs without a role are the model's.
    return output.map((item) => toMessage(item, 'assistant')).filter((m): m is Message => m !== undefined);
  }
  const single = toMessage(output, 'assistant');
  return single === undefined ? [] : [single];
}

/** The history entry of a finished LM call (also used by the provider auto-instrumentations). */
export function historyRecord(span: Span, call: LLMCall, startUs: number, endUs: number, status: SpanStatus, statusMessage: string | undefined): LLMCallRecord {
  const ctx = span.spanContext();
  const details: LLMDetails = {
    operation: call.operation,
    model: call.model,
    inputMessages: call.inputMessages,
    outputMessages: call.outputMessages,
  };
  if (call.responseModel !== undefined) details.responseModel = call.responseModel;
  if (call.provider !== undefined) details.provider = call.provider;
  if (call.parameters !== undefined) details.parameters = call.parameters;
  if (call.finishReasons !== undefined && call.finishReasons.length > 0) details.finishReasons = call.finishReasons;
  if (call.responseId !== undefined) details.responseId = call.responseId;
  if (runtime.captureContent) {
    if (call.rawResponse !== undefined) details.rawResponse = rawResponseText(call.rawResponse);
    if (call.parsed !== undefined) details.parsed = call.parsed;
  }
  const record: LLMCallRecord = {
    project: runtime.project,
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    name: llmSpanName(call),
    startUs,
    durationMs: Math.max(0, (endUs - startUs) / 1000),
    status,
    llm: details,
  };
  if (statusMessage !== undefined) record.statusMessage = statusMessage;
  if (call.usage !== undefined) record.usage = call.usage;
  if (call.costUsd !== undefined) record.costUsd = call.costUsd;
  return record;
}

/** `error.type`: the error's class name. */
export function errorType(error: unknown): string {
  if (error instanceof Error) return error.constructor?.name || error.name || 'Error';
  return typeof error;
}

function toEpochMs(time: Date | number | undefined): number | undefined {
  if (time instanceof Date) return Number.isNaN(time.getTime()) ? undefined : time.getTime();
  return typeof time === 'number' && Number.isFinite(time) ? time : undefined;
}

/** Epoch microseconds, high resolution. */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
