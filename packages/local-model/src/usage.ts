import type { ToolSpec, Turn } from './conversation.js';
import { countTokens } from './tokenizer.js';
import { fnv1a } from './text.js';

/**
 * Token accounting, on top of {@link countTokens}:
 * - each message costs its text (content, tool-call names and arguments) plus
 *   {@link MESSAGE_OVERHEAD_TOKENS} for role and framing; the reply is primed with
 *   {@link REPLY_PRIMING_TOKENS}; offered tools cost the tokens of their JSON definitions;
 * - completion tokens are the tokens of the generated text (or of the tool calls' names and
 *   arguments), plus reasoning tokens;
 * - reasoning tokens are 0 unless the model name contains `reason`, then twice the visible
 *   completion plus 16 (a stand-in for hidden thinking, counted in completion tokens as OpenAI does).
 */
export const MESSAGE_OVERHEAD_TOKENS = 4;
export const REPLY_PRIMING_TOKENS = 3;

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Prompt tokens served from the prompt cache (see {@link PromptCache}). */
  cachedTokens: number;
  reasoningTokens: number;
}

export function turnTokens(turn: Turn): number {
  let n = MESSAGE_OVERHEAD_TOKENS + countTokens(turn.content);
  for (const c of turn.toolCalls ?? []) n += countTokens(c.name) + countTokens(c.arguments);
  return n;
}

export function promptTokens(turns: Turn[], tools: ToolSpec[] = []): number {
  let n = REPLY_PRIMING_TOKENS;
  for (const t of turns) n += turnTokens(t);
  if (tools.length) n += countTokens(JSON.stringify(tools));
  return n;
}

export function reasoningTokensFor(model: string, visibleCompletionTokens: number): number {
  return /reason/i.test(model) ? 2 * visibleCompletionTokens + 16 : 0;
}

/**
 * A prompt-prefix cache like OpenAI's automatic one, so repeated long system prompts show
 * cached tokens deterministically. The cacheable prefix is every turn before the last user
 * turn (system prompt and few-shot examples), plus the tool definitions. A prefix of at least
 * {@link PromptCache.MIN_TOKENS} tokens seen before by this server reports its tokens, rounded
 * down to {@link PromptCache.BLOCK_TOKENS}, as cached; the first sight reports 0.
 */
export class PromptCache {
  static readonly MIN_TOKENS = 128;
  static readonly BLOCK_TOKENS = 64;
  private readonly seen = new Map<number, true>();

  constructor(private readonly capacity = 2048) {}

  cachedTokens(model: string, turns: Turn[], tools: ToolSpec[] = []): number {
    let lastUser = -1;
    for (let i = turns.length - 1; i >= 0; i--) if (turns[i]!.role === 'user') { lastUser = i; break; }
    const prefix = lastUser >= 0 ? turns.slice(0, lastUser) : [];
    let tokens = prefix.reduce((n, t) => n + turnTokens(t), 0);
    if (tools.length) tokens += countTokens(JSON.stringify(tools));
    if (tokens < PromptCache.MIN_TOKENS) return 0;

    const key = fnv1a(JSON.stringify([model, prefix, tools]));
    if (this.seen.has(key)) {
      // Refresh recency: Map keeps insertion order, so delete + set moves the key to the end.
      this.seen.delete(key);
      this.seen.set(key, true);
      return Math.floor(tokens / PromptCache.BLOCK_TOKENS) * PromptCache.BLOCK_TOKENS;
    }
    this.seen.set(key, true);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
    return 0;
  }
}
