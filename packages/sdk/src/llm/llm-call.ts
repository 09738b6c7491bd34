import type { Message, TokenUsage } from '@loupe/core';

/** Everything known about one LM call; the single source for its attributes and history entry. */
export interface LLMCall {
  /** `chat`, `text_completion`, `embeddings`, … */
  operation: string;
  model: string;
  provider?: string;
  parameters?: Record<string, unknown>;
  /** The messages as the app sent them (for `input.value`). */
  requestMessages?: readonly unknown[];
  inputMessages: Message[];
  outputMessages: Message[];
  responseModel?: string;
  responseId?: string;
  finishReasons?: string[];
  usage?: TokenUsage;
  costUsd?: number;
  /** The provider's response object or text, as returned. */
  rawResponse?: unknown;
  parsed?: unknown;
}

/** Span name per the GenAI conventions: `{operation} {model}`. */
export function llmSpanName(call: Pick<LLMCall, 'operation' | 'model'>): string {
  return call.model ? `${call.operation} ${call.model}` : call.operation;
}
