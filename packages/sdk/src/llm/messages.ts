import type { Message, ToolCall } from '@loupe/core';

/**
 * A chat message as apps hold them: OpenAI format (`role`, `content` string or parts,
 * `tool_calls`, `tool_call_id`), Anthropic content blocks (`text`, `tool_use`, `tool_result`),
 * or Loupe's own {@link Message} (`toolCalls`, `toolCallId`).
 */
export type InputMessage = Record<string, unknown> | Message;

/** Normalises messages to Loupe's model, keeping order (system and few-shot messages included). */
export function toMessages(messages: readonly unknown[] | undefined): Message[] {
  if (!Array.isArray(messages)) return [];
  const out: Message[] = [];
  for (const raw of messages) {
    const message = toMessage(raw);
    if (message !== undefined) out.push(message);
  }
  return out;
}

/** One message; `defaultRole` applies when it has none (plain strings included). */
export function toMessage(raw: unknown, defaultRole = 'user'): Message | undefined {
  if (typeof raw === 'string') return { role: defaultRole, content: raw };
  if (raw === null || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  const message: Message = { role: typeof m.role === 'string' ? m.role : defaultRole, content: '' };
  const toolCalls: ToolCall[] = [];
  message.content = contentOf(m.content, toolCalls, message);
  if (typeof m.refusal === 'string' && message.content === '') message.content = m.refusal;
  for (const call of asArray(m.tool_calls)) {
    const tc = openAIToolCall(call);
    if (tc !== undefined) toolCalls.push(tc);
  }
  for (const call of asArray(m.toolCalls)) {
    if (call !== null && typeof call === 'object' && typeof (call as ToolCall).name === 'string') {
      const tc = call as ToolCall;
      toolCalls.push({ ...(tc.id !== undefined ? { id: String(tc.id) } : {}), name: tc.name, arguments: argumentsText(tc.arguments) });
    }
  }
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (typeof m.tool_call_id === 'string') message.toolCallId = m.tool_call_id;
  else if (typeof m.toolCallId === 'string') message.toolCallId = m.toolCallId;
  if (typeof m.name === 'string') message.name = m.name;
  if (typeof m.finishReason === 'string') message.finishReason = m.finishReason;
  return message;
}

/** Text of string or part-list content; tool_use/tool_result blocks go to the message. */
function contentOf(content: unknown, toolCalls: ToolCall[], message: Message): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : safeJson(content);
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    if (part === null || typeof part !== 'object') continue;
    const p = part as Record<string, unknown>;
    switch (p.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        if (typeof p.text === 'string') texts.push(p.text);
        break;
      case 'tool_use':
        if (typeof p.name === 'string') {
          toolCalls.push({ ...(typeof p.id === 'string' ? { id: p.id } : {}), name: p.name, arguments: argumentsText(p.input) });
        }
        break;
      case 'tool_result':
        if (typeof p.tool_use_id === 'string') message.toolCallId = p.tool_use_id;
        texts.push(contentOf(p.content, toolCalls, message));
        break;
      case 'image_url':
      case 'image':
      case 'input_image':
        texts.push('[image]');
        break;
      case 'input_audio':
        texts.push('[audio]');
        break;
      case 'file':
      case 'document':
        texts.push('[file]');
        break;
      default:
        if (typeof p.text === 'string') texts.push(p.text);
    }
  }
  return texts.join('\n');
}

function openAIToolCall(call: unknown): ToolCall | undefined {
  if (call === null || typeof call !== 'object') return undefined;
  const c = call as { id?: unknown; function?: { name?: unknown; arguments?: unknown }; name?: unknown; arguments?: unknown };
  const fn = c.function ?? c;
  if (typeof fn.name !== 'string') return undefined;
  return { ...(typeof c.id === 'string' ? { id: c.id } : {}), name: fn.name, arguments: argumentsText(fn.arguments) };
}

/** Tool arguments as the model produced them: strings kept, objects as JSON. */
export function argumentsText(args: unknown): string {
  if (typeof args === 'string') return args;
  if (args === undefined || args === null) return '';
  return safeJson(args);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
