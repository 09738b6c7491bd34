import { extractResponse, type ResponseDetails } from '../llm/response.js';
import { ChunkKind, type StreamAccumulator } from './stream-accumulator.js';

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Responses API streaming events: the final `response.completed` (or `incomplete`/`failed`)
 * event carries the whole response, usage included. Until then (a stream abandoned early), the
 * text deltas and the `response.created` snapshot describe what arrived.
 */
export class ResponsesEventAccumulator implements StreamAccumulator {
  private snapshot: Record<string, unknown> | undefined;
  private final: Record<string, unknown> | undefined;
  private text = '';

  add(event: unknown): ChunkKind {
    if (event === null || typeof event !== 'object') return ChunkKind.Meta;
    const e = event as { type?: unknown; delta?: unknown; response?: unknown };
    const type = typeof e.type === 'string' ? e.type : '';
    if (e.response !== null && typeof e.response === 'object') {
      if (FINAL_EVENTS.has(type)) this.final = e.response as Record<string, unknown>;
      else this.snapshot = e.response as Record<string, unknown>;
    }
    if (type === 'response.output_text.delta' && typeof e.delta === 'string') {
      this.text += e.delta;
      return ChunkKind.Content;
    }
    if (type === 'response.function_call_arguments.delta' || type === 'response.refusal.delta') return ChunkKind.Content;
    return ChunkKind.Meta;
  }

  raw(): unknown {
    if (this.final !== undefined) return this.final;
    return {
      ...(this.snapshot ?? {}),
      object: 'response',
      status: 'in_progress',
      output: this.text === '' ? [] : [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: this.text }] }],
    };
  }

  details(): ResponseDetails | undefined {
    return extractResponse(this.raw());
  }
}
