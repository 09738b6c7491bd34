import type { Attributes } from './attributes.js';
import type { TraceFeedback } from './feedback.js';
import type { OtelSpanKind, RawSpanEvent, RawSpanLink } from './raw-span.js';

/** What a span does in an AI app; the OpenInference span kinds, which every dialect maps onto. */
export const SPAN_KINDS = [
  'LLM', 'EMBEDDING', 'RETRIEVER', 'RERANKER', 'TOOL', 'AGENT', 'CHAIN', 'GUARDRAIL', 'EVALUATOR', 'UNKNOWN',
] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export type SpanStatus = 'ok' | 'error' | 'unset';

export interface ToolCall {
  id?: string;
  name: string;
  /** Arguments as the model produced them (usually a JSON string). */
  arguments: string;
}

/** One chat message. `content` is the text of all text parts joined; tool calls are kept apart. */
export interface Message {
  role: string;
  content: string;
  name?: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  finishReason?: string;
}

export interface RetrievedDocument {
  id?: string;
  content?: string;
  score?: number;
  metadata?: unknown;
}

export interface TokenUsage {
  input?: number;
  output?: number;
  total?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** The LM-call part of a span (kind LLM or EMBEDDING). */
export interface LLMDetails {
  /** `chat`, `text_completion`, `embeddings`, … */
  operation?: string;
  model?: string;
  responseModel?: string;
  provider?: string;
  /** Request parameters: temperature, max_tokens, top_p, … */
  parameters?: Record<string, unknown>;
  /** Everything sent, system and few-shot messages included, in order. */
  inputMessages: Message[];
  /** One message per completion/choice. */
  outputMessages: Message[];
  finishReasons?: string[];
  /** The provider's raw response body, when the instrumentation captured it. */
  rawResponse?: string;
  /** Fields the app parsed out of the response (DSPy-style output fields). */
  parsed?: unknown;
  timeToFirstTokenMs?: number;
  responseId?: string;
}

export interface ToolDetails {
  name: string;
  id?: string;
  description?: string;
  arguments?: string;
  result?: string;
}

/**
 * Loupe's one model of a span, whatever dialect it arrived in. `attributes` keeps every raw
 * attribute so nothing a mapper did not claim is lost.
 */
export interface NormalizedSpan {
  project: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  otelKind: OtelSpanKind;
  serviceName?: string;
  startUs: number;
  endUs: number;
  status: SpanStatus;
  statusMessage?: string;
  /** Input and output as text (JSON text when structured). */
  input?: string;
  output?: string;
  llm?: LLMDetails;
  usage?: TokenUsage;
  /** USD. Undefined when unknown, never guessed. */
  costUsd?: number;
  documents?: RetrievedDocument[];
  /** Query text for retrievals/rerankers. */
  query?: string;
  tool?: ToolDetails;
  userId?: string;
  sessionId?: string;
  metadata?: Record<string, unknown>;
  tags?: string[];
  attributes: Attributes;
  resource: Attributes;
  events: RawSpanEvent[];
  links: RawSpanLink[];
  scopeName?: string;
}

/** Per-trace roll-up, maintained at ingest so lists and stats never scan spans. */
export interface TraceSummary {
  project: string;
  traceId: string;
  rootSpanId?: string;
  /** Root span name; the earliest span's name until the root arrives. */
  name: string;
  startUs: number;
  endUs: number;
  /** Root span duration when the root is known, else last end − first start. */
  durationMs: number;
  /** `error` when any span in the trace has error status. */
  status: 'ok' | 'error';
  spanCount: number;
  errorCount: number;
  llmCallCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd?: number;
  userId?: string;
  sessionId?: string;
  serviceName?: string;
  /** Root input/output, truncated for lists. */
  input?: string;
  output?: string;
  /** A person's verdict on this trace, when one was given (see TraceStore.setFeedback). */
  feedback?: TraceFeedback;
}

/** One LM call as `inspect_history` shows it. */
export interface LLMCallRecord {
  project: string;
  traceId: string;
  spanId: string;
  name: string;
  startUs: number;
  durationMs: number;
  status: SpanStatus;
  statusMessage?: string;
  llm: LLMDetails;
  usage?: TokenUsage;
  costUsd?: number;
}

/**
 * The light part of a span: what a trace's tree, waterfall and step breakdown need, without
 * messages, attributes, documents or input/output. Viewers load these for the whole trace and
 * fetch a span's full payload ({@link NormalizedSpan}) only when it is opened.
 *
 * Contract: for any stored span, the outline a store returns equals {@link spanOutline} of the
 * NormalizedSpan the same store returns for it (so engines can keep these fields as columns).
 */
export interface SpanOutline {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  otelKind: OtelSpanKind;
  startUs: number;
  endUs: number;
  status: SpanStatus;
  statusMessage?: string;
  serviceName?: string;
  /** The requested model, else the model the provider answered with. */
  model?: string;
  /** Present when the span has at least one token count. */
  usage?: TokenUsage;
  costUsd?: number;
  /** The first `exception` event's message, cut to {@link OUTLINE_ERROR_MAX_CHARS} code points. */
  errorMessage?: string;
}

/** Longest `SpanOutline.errorMessage`, in code points: enough for a tooltip, never a stack trace. */
export const OUTLINE_ERROR_MAX_CHARS = 200;

const USAGE_FIELDS = ['input', 'output', 'total', 'cacheRead', 'cacheWrite', 'reasoning'] as const;

/**
 * The canonical light projection of a span. Optional fields are absent (never
 * `undefined`-valued) when the span lacks them, so outlines compare with deep equality.
 */
export function spanOutline(span: NormalizedSpan): SpanOutline {
  const outline: SpanOutline = {
    spanId: span.spanId,
    name: span.name,
    kind: span.kind,
    otelKind: span.otelKind,
    startUs: span.startUs,
    endUs: span.endUs,
    status: span.status,
  };
  if (span.parentSpanId !== undefined) outline.parentSpanId = span.parentSpanId;
  if (span.statusMessage !== undefined) outline.statusMessage = span.statusMessage;
  if (span.serviceName !== undefined) outline.serviceName = span.serviceName;
  const model = span.llm?.model ?? span.llm?.responseModel;
  if (model !== undefined) outline.model = model;
  if (span.usage !== undefined) {
    const usage: TokenUsage = {};
    for (const field of USAGE_FIELDS) {
      const value = span.usage[field];
      if (value !== undefined) usage[field] = value;
    }
    if (Object.keys(usage).length > 0) outline.usage = usage;
  }
  if (span.costUsd !== undefined) outline.costUsd = span.costUsd;
  const errorMessage = exceptionMessage(span.events);
  if (errorMessage !== undefined) outline.errorMessage = errorMessage;
  return outline;
}

/** The first `exception` event's `exception.message`, shortened; undefined when there is none. */
export function exceptionMessage(events: readonly RawSpanEvent[]): string | undefined {
  for (const event of events) {
    if (event.name !== 'exception') continue;
    const message = event.attributes?.['exception.message'];
    if (typeof message !== 'string') continue;
    const points = Array.from(message);
    return points.length > OUTLINE_ERROR_MAX_CHARS ? points.slice(0, OUTLINE_ERROR_MAX_CHARS).join('') : message;
  }
  return undefined;
}
