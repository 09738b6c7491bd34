import { extractResponse, type ResponseDetails } from '../llm/response.js';
import { ChunkKind, type StreamAccumulator } from './stream-accumulator.js';

type Block = { type: string; text?: string; id?: string; name?: string; input?: unknown; partialJson?: string } & Record<string, unknown>;

/**
 * Anthropic message stream events folded into the `message` they add up to: `message_start`
 * (id, model, input usage), content blocks with their text / `input_json_delta` deltas,
 * `message_delta` (stop reason, output usage).
 */
export class AnthropicEventAccumulator implements StreamAccumulator {
  private message: Record<string, unknown> = { type: 'message', role: 'assistant' };
  private usage: Record<string, unknown> = {};
  private readonly blocks: Block[] = [];

  add(event: unknown): ChunkKind {
    if (event === null || typeof event !== 'object') return ChunkKind.Meta;
    const e = event as Record<string, unknown>;
    switch (e.type) {
      case 'message_start': {
        const m = e.message as Record<string, unknown> | undefined;
        if (m !== null && typeof m === 'object') {
          this.message = { ...m, type: 'message' };
          if (m.usage !== null && typeof m.usage === 'object') this.usage = { ...(m.usage as Record<string, unknown>) };
        }
        return ChunkKind.Meta;
      }
      case 'content_block_start': {
        const block = e.content_block as Block | undefined;
        if (block !== null && typeof block === 'object' && typeof e.index === 'number') this.blocks[e.index] = { ...block };
        return block?.type === 'tool_use' ? ChunkKind.Content : ChunkKind.Meta;
      }
      case 'content_block_delta': {
        const block = typeof e.index === 'number' ? this.blocks[e.index] : undefined;
        const delta = e.delta as Record<string, unknown> | undefined;
        if (block === undefined || delta === null || typeof delta !== 'object') return ChunkKind.Meta;
        if (delta.type === 'text_delta' && typeof delta.text === 'string') block.text = (block.text ?? '') + delta.text;
        else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') block.partialJson = (block.partialJson ?? '') + delta.partial_json;
        else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') block.thinking = String(block.thinking ?? '') + delta.thinking;
        return ChunkKind.Content;
      }
      case 'message_delta': {
        const delta = e.delta as Record<string, unknown> | undefined;
        if (delta !== null && typeof delta === 'object') {
          if (typeof delta.stop_reason === 'string') this.message.stop_reason = delta.stop_reason;
          if (typeof delta.stop_sequence === 'string') this.message.stop_sequence = delta.stop_sequence;
        }
        // message_delta usage is cumulative: its counts replace message_start's.
        if (e.usage !== null && typeof e.usage === 'object') {
          for (const [k, v] of Object.entries(e.usage as Record<string, unknown>)) if (v !== null && v !== undefined) this.usage[k] = v;
        }
        return ChunkKind.Meta;
      }
      default:
        return ChunkKind.Meta;
    }
  }

  raw(): unknown {
    const content = this.blocks.filter((b) => b !== undefined).map((b) => {
      const { partialJson, ...block } = b;
      if (block.type === 'tool_use' && partialJson !== undefined) block.input = parseJson(partialJson);
      return block;
    });
    return { ...this.message, content, usage: this.usage };
  }

  details(): ResponseDetails | undefined {
    return extractResponse(this.raw());
  }
}

function parseJson(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
