/**
 * The API-neutral conversation the model reads. Each HTTP dialect (OpenAI chat, OpenAI
 * Responses, Anthropic Messages) converts its request into this shape and the model's
 * {@link ModelReply} back into its own.
 */

export type TurnRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCallRequest {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export interface Turn {
  role: TurnRole;
  /** All text parts joined with newlines. */
  content: string;
  /** Calls an assistant turn made. */
  toolCalls?: ToolCallRequest[];
  /** For `tool` turns: the call this is the result of. */
  toolCallId?: string;
  /** For `tool` turns: the tool's name, when the dialect gives it. */
  name?: string;
}

/** A JSON schema, as far as the model reads one (object properties, types, enums). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  [key: string]: unknown;
}

export interface ToolSpec {
  name: string;
  description?: string;
  parameters?: JsonSchema;
}

/** `auto` lets the model decide; `required` forces some tool; `{ name }` forces that tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface ModelRequest {
  model: string;
  /** System instructions first (dialects with a separate `system` field put it here as a turn). */
  turns: Turn[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  /** Which of several alternative answers to give (choice index when `n > 1`). */
  variant?: number;
}

export type ModelReply =
  | { kind: 'text'; text: string }
  | { kind: 'tool_calls'; calls: { name: string; arguments: string }[] };

/** Text of a content value that is a string or an array of typed parts (`text`, `input_text`, …). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const part of content) {
      if (typeof part === 'string') parts.push(part);
      else if (part && typeof part === 'object') {
        const p = part as Record<string, unknown>;
        if (typeof p.text === 'string') parts.push(p.text);
        else if (p.type === 'tool_result' || p.type === 'function_call_output') parts.push(contentText(p.content ?? p.output));
      }
    }
    return parts.join('\n');
  }
  if (content == null) return '';
  return typeof content === 'object' ? JSON.stringify(content) : String(content);
}
