import { extractResponse, type ResponseDetails } from '../llm/response.js';
import { ChunkKind, type StreamAccumulator } from './stream-accumulator.js';

interface ChoiceState {
  index: number;
  role: string;
  content: string;
  refusal: string;
  toolCalls: { id?: string; type: string; function: { name: string; arguments: string } }[];
  finishReason: string | null;
}

/**
 * Folds `chat.completion.chunk`s into the `chat.completion` they add up to: content and tool call
 * argument deltas concatenated per choice, ids, model, finish reasons, and the usage of the final
 * (empty-choices) chunk. When Loupe injected `include_usage`, that usage-only chunk is hidden.
 */
export class ChatChunkAccumulator implements StreamAccumulator {
  private id: string | undefined;
  private model: string | undefined;
  private usage: unknown;
  private readonly choices: ChoiceState[] = [];

  constructor(private readonly hideUsageChunk: boolean) {}

  add(event: unknown): ChunkKind {
    if (event === null || typeof event !== 'object') return ChunkKind.Meta;
    const chunk = event as { id?: unknown; model?: unknown; usage?: unknown; choices?: unknown };
    if (typeof chunk.id === 'string') this.id ??= chunk.id;
    if (typeof chunk.model === 'string') this.model ??= chunk.model;
    if (chunk.usage !== null && typeof chunk.usage === 'object') this.usage = chunk.usage;
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    if (choices.length === 0 && chunk.usage !== null && typeof chunk.usage === 'object') {
      return this.hideUsageChunk ? ChunkKind.Hidden : ChunkKind.Meta;
    }
    let kind = ChunkKind.Meta;
    for (const raw of choices) {
      if (raw === null || typeof raw !== 'object') continue;
      const c = raw as { index?: unknown; delta?: Record<string, unknown> | null; finish_reason?: unknown };
      const state = this.choice(typeof c.index === 'number' ? c.index : 0);
      if (typeof c.finish_reason === 'string') state.finishReason = c.finish_reason;
      const delta = c.delta;
      if (delta === null || delta === undefined || typeof delta !== 'object') continue;
      if (typeof delta.role === 'string') state.role = delta.role;
      if (typeof delta.content === 'string' && delta.content !== '') {
        state.content += delta.content;
        kind = ChunkKind.Content;
      }
      if (typeof delta.refusal === 'string' && delta.refusal !== '') {
        state.refusal += delta.refusal;
        kind = ChunkKind.Content;
      }
      if (Array.isArray(delta.tool_calls)) {
        kind = ChunkKind.Content;
        for (const tc of delta.tool_calls as Record<string, unknown>[]) this.addToolCall(state, tc);
      }
    }
    return kind;
  }

  raw(): unknown {
    return {
      ...(this.id !== undefined ? { id: this.id } : {}),
      object: 'chat.completion',
      ...(this.model !== undefined ? { model: this.model } : {}),
      choices: this.choices.map((s) => ({
        index: s.index,
        message: {
          role: s.role,
          content: s.content === '' && s.toolCalls.length > 0 ? null : s.content,
          ...(s.refusal !== '' ? { refusal: s.refusal } : {}),
          ...(s.toolCalls.length > 0 ? { tool_calls: s.toolCalls } : {}),
        },
        finish_reason: s.finishReason,
      })),
      ...(this.usage !== undefined ? { usage: this.usage } : {}),
    };
  }

  details(): ResponseDetails | undefined {
    return extractResponse(this.raw());
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.find((s) => s.index === index);
    if (state === undefined) {
      state = { index, role: 'assistant', content: '', refusal: '', toolCalls: [], finishReason: null };
      this.choices.push(state);
      this.choices.sort((a, b) => a.index - b.index);
    }
    return state;
  }

  private addToolCall(state: ChoiceState, delta: Record<string, unknown>): void {
    if (delta === null || typeof delta !== 'object') return;
    const index = typeof delta.index === 'number' ? delta.index : state.toolCalls.length;
    const call = (state.toolCalls[index] ??= { type: 'function', function: { name: '', arguments: '' } });
    if (typeof delta.id === 'string') call.id = delta.id;
    const fn = delta.function as Record<string, unknown> | undefined;
    if (fn !== null && typeof fn === 'object') {
      if (typeof fn.name === 'string') call.function.name += fn.name;
      if (typeof fn.arguments === 'string') call.function.arguments += fn.arguments;
    }
  }
}
