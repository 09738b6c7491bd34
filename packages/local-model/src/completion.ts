import type { ModelReply, ModelRequest } from './conversation.js';
import { generateReply } from './extractive-model.js';
import { countTokens, truncateToTokens } from './tokenizer.js';
import { promptTokens, reasoningTokensFor, type PromptCache, type TokenUsage } from './usage.js';

export type FinishReason = 'stop' | 'length' | 'tool_calls';

export interface CompletionChoice {
  reply: ModelReply;
  finishReason: FinishReason;
}

/** One model run with its accounting: what every dialect turns into its own response body. */
export interface Completion {
  choices: CompletionChoice[];
  usage: TokenUsage;
}

export interface CompletionOptions {
  /** Number of alternative replies (OpenAI `n`). */
  n?: number;
  /** Visible output budget per reply; text beyond it is cut and the finish reason is `length`. */
  maxTokens?: number;
}

/** Runs the model `n` times (variants 0…n-1) and counts tokens as {@link ./usage.js} documents. */
export function complete(req: ModelRequest, cache: PromptCache, options: CompletionOptions = {}): Completion {
  const n = Math.max(1, options.n ?? 1);
  const choices: CompletionChoice[] = [];
  let visible = 0;
  for (let variant = 0; variant < n; variant++) {
    let reply = generateReply({ ...req, variant });
    let finishReason: FinishReason = reply.kind === 'tool_calls' ? 'tool_calls' : 'stop';
    if (reply.kind === 'text' && options.maxTokens !== undefined && countTokens(reply.text) > options.maxTokens) {
      reply = { kind: 'text', text: truncateToTokens(reply.text, options.maxTokens) };
      finishReason = 'length';
    }
    visible += replyTokens(reply);
    choices.push({ reply, finishReason });
  }
  const prompt = promptTokens(req.turns, req.tools);
  const reasoning = reasoningTokensFor(req.model, visible);
  const completion = visible + reasoning;
  return {
    choices,
    usage: {
      promptTokens: prompt,
      completionTokens: completion,
      totalTokens: prompt + completion,
      cachedTokens: cache.cachedTokens(req.model, req.turns, req.tools),
      reasoningTokens: reasoning,
    },
  };
}

export function replyTokens(reply: ModelReply): number {
  if (reply.kind === 'text') return countTokens(reply.text);
  return reply.calls.reduce((n, c) => n + countTokens(c.name) + countTokens(c.arguments), 0);
}
