import type { Attributes, Message, RawSpan, ToolCall } from '@loupe/core';
import { subList, type ListEntry } from '../attribute-index.js';
import { isRecord, jsonValue, num, str, text } from '../attr-read.js';
import type { Dialect } from '../dialect.js';
import { llmOf, offerFirst, offerKind, offerMessages, offerUsage } from '../span-draft.js';
import { openAiMessage } from './genai-messages.js';

/** Per-message events of GenAI semconv ≤ 1.36, role implied by the event name. */
const MESSAGE_EVENT_ROLES: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/**
 * Older OTel GenAI names still emitted by many instrumentations: `gen_ai.system`,
 * `gen_ai.usage.prompt_tokens`/`completion_tokens`, flattened `gen_ai.prompt.{i}.*` /
 * `gen_ai.completion.{i}.*`, per-message span events, and the `gen_ai.content.prompt` /
 * `gen_ai.content.completion` events carrying the messages as JSON.
 */
export const genAiLegacy: Dialect = {
  name: 'gen_ai_legacy',

  detect(index, raw) {
    return index.has('gen_ai') || hasGenAiEvent(raw);
  },

  apply(raw, d, index) {
    const a = index.attrs;
    const prompts = index.list('gen_ai.prompt.');
    const completions = index.list('gen_ai.completion.');
    const fromEvents = eventMessages(raw);
    const legacyUsage = a['gen_ai.usage.prompt_tokens'] !== undefined || a['gen_ai.usage.completion_tokens'] !== undefined;
    const isModelCall =
      prompts.length > 0 || completions.length > 0 || fromEvents.input.length > 0 || fromEvents.output.length > 0 || legacyUsage ||
      (a['gen_ai.system'] !== undefined && a['gen_ai.request.model'] !== undefined);
    if (!isModelCall) return;

    // Legacy spans carry no operation name; a model call with messages or usage is an LM call.
    offerKind(d, 'LLM');
    const llm = llmOf(d);
    offerFirst(llm, 'provider', text(a['gen_ai.system']));
    offerFirst(llm, 'model', text(a['gen_ai.request.model']));
    offerFirst(llm, 'responseModel', text(a['gen_ai.response.model']));

    offerMessages(d, 'inputMessages', prompts.map((e) => flatMessage(e, 'user')));
    offerMessages(d, 'outputMessages', completions.map((e) => flatMessage(e, 'assistant')));
    offerMessages(d, 'inputMessages', fromEvents.input);
    offerMessages(d, 'outputMessages', fromEvents.output);
    if (!llm.finishReasons) {
      const reasons = llm.outputMessages.map((m) => m.finishReason).filter((r): r is string => r !== undefined);
      if (reasons.length > 0) llm.finishReasons = reasons;
    }

    offerUsage(d, 'input', num(a['gen_ai.usage.prompt_tokens']));
    offerUsage(d, 'output', num(a['gen_ai.usage.completion_tokens']));
    offerUsage(d, 'total', num(a['gen_ai.usage.total_tokens']));
  },
};

function hasGenAiEvent(raw: RawSpan): boolean {
  for (const e of raw.events) if (e.name.startsWith('gen_ai.')) return true;
  return false;
}

/** `gen_ai.prompt.{i}.*` / `gen_ai.completion.{i}.*` entry → Message. */
function flatMessage(e: ListEntry, defaultRole: string): Message {
  const m: Message = { role: text(e['role']) ?? defaultRole, content: str(e['content']) ?? '' };
  const calls: ToolCall[] = [];
  for (const c of subList(e, 'tool_calls.')) {
    const call: ToolCall = { name: text(c['name']) ?? '', arguments: str(c['arguments']) ?? '' };
    const id = text(c['id']);
    if (id) call.id = id;
    calls.push(call);
  }
  if (calls.length > 0) m.toolCalls = calls;
  const toolCallId = text(e['tool_call_id']);
  if (toolCallId) m.toolCallId = toolCallId;
  const finish = text(e['finish_reason']);
  if (finish) m.finishReason = finish;
  return m;
}

/** The body of a message event: a `body`/`gen_ai.event.content` JSON attribute, or flat attributes. */
function eventBody(attrs: Attributes): Record<string, unknown> {
  const body = jsonValue(attrs['body'] ?? attrs['gen_ai.event.content']);
  if (isRecord(body)) return body;
  const flat: Record<string, unknown> = {};
  for (const key in attrs) {
    const v = attrs[key];
    // Structured members arrive as JSON text when flattened into attributes.
    flat[key] = (key === 'tool_calls' || key === 'message') && typeof v === 'string' ? jsonValue(v) : v;
  }
  return flat;
}

function eventMessages(raw: RawSpan): { input: Message[]; output: Message[] } {
  const input: Message[] = [];
  const output: Message[] = [];
  for (const e of raw.events) {
    if (!e.name.startsWith('gen_ai.')) continue;
    const role = MESSAGE_EVENT_ROLES[e.name];
    if (role) {
      const m = openAiMessage(eventBody(e.attributes), role);
      if (m) input.push(m);
    } else if (e.name === 'gen_ai.choice') {
      const body = eventBody(e.attributes);
      const m = openAiMessage(isRecord(body['message']) ? body['message'] : body, 'assistant');
      if (!m) continue;
      if (typeof body['finish_reason'] === 'string') m.finishReason = body['finish_reason'];
      output.push(m);
    } else if (e.name === 'gen_ai.content.prompt' || e.name === 'gen_ai.content.completion') {
      const isPrompt = e.name === 'gen_ai.content.prompt';
      const list = jsonValue(e.attributes[isPrompt ? 'gen_ai.prompt' : 'gen_ai.completion']);
      const target = isPrompt ? input : output;
      if (Array.isArray(list)) {
        for (const item of list) {
          const m = openAiMessage(item, isPrompt ? 'user' : 'assistant');
          if (m) target.push(m);
        }
      } else if (typeof list === 'string' || list === undefined) {
        const t = str(e.attributes[isPrompt ? 'gen_ai.prompt' : 'gen_ai.completion']);
        if (t) target.push({ role: isPrompt ? 'user' : 'assistant', content: t });
      }
    }
  }
  return { input, output };
}
