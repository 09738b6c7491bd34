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
