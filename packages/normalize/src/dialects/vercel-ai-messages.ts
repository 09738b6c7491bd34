import type { Message, ToolCall } from '@loupe/core';
import { asText, isRecord } from '../attr-read.js';

/**
 * Messages in the Vercel AI SDK's prompt shape (`ai.prompt.messages`, and `messages` inside the
 * top-level `ai.prompt`): `[{ role, content }]` where content is a string or a list of parts —
 * `{ type: 'text', text }`, `{ type: 'tool-call', toolCallId, toolName, input | args }`,
 * `{ type: 'tool-result', toolCallId, toolName, output | result }`. Image, file and reasoning
 * parts are skipped (the raw JSON stays in the attributes). A tool message with several results
 * becomes one message per result, since a Loupe message answers one call.
 */
export function vercelMessages(value: unknown): Message[] {
  if (!Array.isArray(value)) return [];
  const out: Message[] = [];
  for (const m of value) {
    if (!isRecord(m)) continue;
    const role = typeof m['role'] === 'string' ? m['role'] : 'unknown';
    const content = m['content'];
    if (typeof content === 'string') {
      out.push({ role, content });
      continue;
    }
    if (!Array.isArray(content)) {
      out.push({ role, content: asText(content) ?? '' });
      continue;
    }
    const texts: string[] = [];
    const calls: ToolCall[] = [];
    const results: Message[] = [];
    for (const p of content) {
      if (!isRecord(p)) continue;
      const type = p['type'];
      if (type === 'text') {
        if (typeof p['text'] === 'string') texts.push(p['text']);
      } else if (type === 'tool-call') {
        calls.push(toolCall(p['toolCallId'], p['toolName'], p['input'] ?? p['args']));
      } else if (type === 'tool-result') {
        const result: Message = { role, content: toolOutputText(p['output'] ?? p['result']) };
        if (typeof p['toolCallId'] === 'string') result.toolCallId = p['toolCallId'];
        if (typeof p['toolName'] === 'string' && p['toolName'] !== '') result.name = p['toolName'];
        results.push(result);
      }
    }
    if (results.length > 0 && texts.length === 0 && calls.length === 0) {
      out.push(...results);
      continue;
    }
    const message: Message = { role, content: texts.join('\n') };
    if (calls.length > 0) message.toolCalls = calls;
    out.push(message, ...results);
  }
  return out;
}

/** `ai.response.toolCalls`: `[{ toolCallId, toolName, input | args }]` (input as JSON text or an object). */
export function vercelToolCalls(value: unknown): ToolCall[] {
  if (!Array.isArray(value)) return [];
  const out: ToolCall[] = [];
  for (const c of value) {
    if (isRecord(c)) out.push(toolCall(c['toolCallId'], c['toolName'], c['input'] ?? c['args']));
  }
  return out;
}

/**
 * The top-level `ai.prompt` JSON: `{ system?, prompt?, messages? }` where `prompt` is a string
 * or a message list. Returned as messages, system first.
 */
export function vercelTopLevelPrompt(value: unknown): Message[] {
  if (!isRecord(value)) return [];
  const out: Message[] = [];
  if (typeof value['system'] === 'string' && value['system'] !== '') out.push({ role: 'system', content: value['system'] });
  const prompt = value['prompt'];
  if (typeof prompt === 'string') out.push({ role: 'user', content: prompt });
  else out.push(...vercelMessages(prompt));
  out.push(...vercelMessages(value['messages']));
  return out;
}

function toolCall(id: unknown, name: unknown, args: unknown): ToolCall {
  const call: ToolCall = { name: typeof name === 'string' ? name : '', arguments: asText(args) ?? '' };
  if (typeof id === 'string') call.id = id;
  return call;
}

/** Tool output in 5.x+ is `{ type: 'json' | 'text' | 'error-text' | …, value }`; older versions put the result itself. */
function toolOutputText(output: unknown): string {
  if (isRecord(output) && typeof output['type'] === 'string' && 'value' in output) return asText(output['value']) ?? '';
  return asText(output) ?? '';
}
