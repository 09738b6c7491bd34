import type { Message, ToolCall } from '@loupe/core';
import { asText, isRecord } from '../attr-read.js';

/**
 * Messages in the current OTel GenAI JSON shape (`gen_ai.input.messages`,
 * `gen_ai.output.messages`): `[{ role, name?, parts: [{ type: 'text', content } |
 * { type: 'tool_call', id, name, arguments } | { type: 'tool_call_response', id, response }],
 * finish_reason? }]`. Part types Loupe does not model (reasoning, blobs, uris) are skipped; the
 * raw JSON stays in the span's attributes.
 */
export function genAiMessages(value: unknown): Message[] {
  if (!Array.isArray(value)) return [];
  const out: Message[] = [];
  for (const m of value) {
    if (!isRecord(m)) continue;
    const message: Message = { role: typeof m['role'] === 'string' ? m['role'] : 'unknown', content: '' };
    const texts: string[] = [];
    const calls: ToolCall[] = [];
    const parts = Array.isArray(m['parts']) ? m['parts'] : [];
    for (const p of parts) {
      if (!isRecord(p)) continue;
      const type = p['type'];
      if (type === 'text') {
        const t = asText(p['content']);
        if (t !== undefined) texts.push(t);
      } else if (type === 'tool_call') {
        const call: ToolCall = { name: typeof p['name'] === 'string' ? p['name'] : '', arguments: asText(p['arguments']) ?? '' };
        if (typeof p['id'] === 'string') call.id = p['id'];
        calls.push(call);
      } else if (type === 'tool_call_response') {
        if (typeof p['id'] === 'string') message.toolCallId = p['id'];
        const t = asText(p['response'] ?? p['result']);
        if (t !== undefined) texts.push(t);
      }
    }
    // Lenient: some emitters put a plain `content` string on the message instead of parts.
    if (parts.length === 0 && m['content'] !== undefined) {
      const t = asText(m['content']);
      if (t !== undefined) texts.push(t);
    }
    message.content = texts.join('\n');
    if (typeof m['name'] === 'string' && m['name'] !== '') message.name = m['name'];
    if (calls.length > 0) message.toolCalls = calls;
    if (typeof m['finish_reason'] === 'string') message.finishReason = m['finish_reason'];
    out.push(message);
  }
  return out;
}

/** `gen_ai.system_instructions`: an array of parts (or a plain string) → one leading system message. */
export function systemInstructions(value: unknown): Message | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { role: 'system', content: value };
  if (!Array.isArray(value)) return undefined;
  const texts: string[] = [];
  for (const p of value) {
    if (typeof p === 'string') texts.push(p);
    else if (isRecord(p) && (p['type'] === 'text' || p['type'] === undefined)) {
      const t = asText(p['content']);
      if (t !== undefined) texts.push(t);
    }
  }
  return texts.length > 0 ? { role: 'system', content: texts.join('\n') } : undefined;
}

/**
 * Messages in the OpenAI chat shape (`{ role, content, tool_calls: [{ id, function: { name,
 * arguments } }], tool_call_id, name }`), used by the legacy GenAI events and content attributes.
 */
export function openAiMessage(value: unknown, defaultRole: string): Message | undefined {
  if (!isRecord(value)) return undefined;
  const message: Message = { role: typeof value['role'] === 'string' ? value['role'] : defaultRole, content: contentText(value['content']) };
  const calls = toolCalls(value['tool_calls']);
  if (calls.length > 0) message.toolCalls = calls;
  const id = value['tool_call_id'] ?? value['id'];
  if (typeof id === 'string' && message.role === 'tool') message.toolCallId = id;
  if (typeof value['name'] === 'string' && value['name'] !== '') message.name = value['name'];
  return message;
}

/** Content that is a string, or an array of `{ type: 'text', text }` parts. */
export function contentText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const texts: string[] = [];
    for (const p of value) {
      if (typeof p === 'string') texts.push(p);
      else if (isRecord(p) && typeof (p['text'] ?? p['content']) === 'string') texts.push((p['text'] ?? p['content']) as string);
    }
    return texts.join('\n');
  }
  return JSON.stringify(value);
}

export function toolCalls(value: unknown): ToolCall[] {
  if (!Array.isArray(value)) return [];
  const out: ToolCall[] = [];
  for (const c of value) {
    if (!isRecord(c)) continue;
    const fn = isRecord(c['function']) ? c['function'] : c;
    const call: ToolCall = { name: typeof fn['name'] === 'string' ? fn['name'] : '', arguments: asText(fn['arguments']) ?? '' };
    if (typeof c['id'] === 'string') call.id = c['id'];
    out.push(call);
  }
  return out;
}
