import type { Attributes } from '@opentelemetry/api';
import type { Message } from '@loupe/core';
import { jsonText } from '../spans/json-text.js';
import { runtime } from '../runtime.js';
import { contentText, MIME_JSON, MIME_TEXT } from '../spans/content.js';
import type { LLMCall } from './llm-call.js';

/** Most messages flattened into `llm.{input,output}_messages.{i}.*`; the JSON forms keep all. */
const MAX_FLATTENED_MESSAGES = 200;

/** Request parameters with a GenAI `gen_ai.request.*` attribute of their own. */
const REQUEST_PARAMETERS: Record<string, string> = {
  temperature: 'gen_ai.request.temperature',
  max_tokens: 'gen_ai.request.max_tokens',
  max_completion_tokens: 'gen_ai.request.max_tokens',
  max_output_tokens: 'gen_ai.request.max_tokens',
  top_p: 'gen_ai.request.top_p',
  top_k: 'gen_ai.request.top_k',
  seed: 'gen_ai.request.seed',
  frequency_penalty: 'gen_ai.request.frequency_penalty',
  presence_penalty: 'gen_ai.request.presence_penalty',
  stream: 'gen_ai.request.stream',
  n: 'gen_ai.request.choice.count',
};

/**
 * Attributes known before the call: operation, provider, model, parameters and (with content
 * capture) the input messages, in both OTel GenAI and OpenInference form.
 */
export function requestAttributes(call: LLMCall): Attributes {
  const attrs: Attributes = {
    'openinference.span.kind': 'LLM',
    'gen_ai.operation.name': call.operation,
  };
  if (call.model) {
    attrs['gen_ai.request.model'] = call.model;
    attrs['llm.model_name'] = call.model;
  }
  if (call.provider) setProvider(attrs, call.provider);
  const params = call.parameters;
  if (params !== undefined && params !== null && typeof params === 'object') {
    for (const key of Object.keys(params)) {
      const value = params[key];
      const name = REQUEST_PARAMETERS[key];
      if (name !== undefined && (typeof value === 'number' || typeof value === 'boolean')) attrs[name] = value;
      else if (key === 'stop' || key === 'stop_sequences') {
        const stops = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : undefined;
        if (stops !== undefined) attrs['gen_ai.request.stop_sequences'] = stops;
      }
    }
    attrs['llm.invocation_parameters'] = jsonText(params, runtime.maxContentChars);
  }
  if (runtime.captureContent && call.inputMessages.length > 0) {
    attrs['gen_ai.input.messages'] = jsonText(call.inputMessages.map(genAIMessage), runtime.maxContentChars);
    // System messages stay in gen_ai.input.messages only: the GenAI conventions reserve
    // gen_ai.system_instructions for instructions passed apart from the chat history, and
    // emitting both makes other backends show the system prompt twice.
    flattenMessages(attrs, 'llm.input_messages', call.inputMessages);
    attrs['input.value'] = jsonText(
      { ...(call.model ? { model: call.model } : {}), messages: call.requestMessages ?? call.inputMessages, ...(params ?? {}) },
      runtime.maxContentChars,
    );
    attrs['input.mime_type'] = MIME_JSON;
  }
  return attrs;
}

/**
 * Attributes known once the response is in: response ids, usage, cost and (with capture) output.
 * The provider is a request attribute; a caller that learns it only from the response adds
 * it with {@link setProvider}.
 */
export function responseAttributes(call: LLMCall): Attributes {
  const attrs: Attributes = {};
  if (call.responseModel) {
    attrs['gen_ai.response.model'] = call.responseModel;
    attrs['llm.model_name'] = call.responseModel;
  }
  if (call.responseId) attrs['gen_ai.response.id'] = call.responseId;
  if (call.finishReasons !== undefined && call.finishReasons.length > 0) {
    attrs['gen_ai.response.finish_reasons'] = call.finishReasons;
    attrs['llm.finish_reason'] = call.finishReasons[0]!;
  }
  const usage = call.usage;
  if (usage !== undefined) {
    if (usage.input !== undefined) {
      attrs['gen_ai.usage.input_tokens'] = usage.input;
      attrs['llm.token_count.prompt'] = usage.input;
    }
    if (usage.output !== undefined) {
      attrs['gen_ai.usage.output_tokens'] = usage.output;
      attrs['llm.token_count.completion'] = usage.output;
    }
    const total = usage.total ?? (usage.input !== undefined || usage.output !== undefined ? (usage.input ?? 0) + (usage.output ?? 0) : undefined);
    if (total !== undefined) attrs['llm.token_count.total'] = total;
    if (usage.cacheRead !== undefined) {
      attrs['gen_ai.usage.cache_read.input_tokens'] = usage.cacheRead;
      attrs['llm.token_count.prompt_details.cache_read'] = usage.cacheRead;
    }
    if (usage.cacheWrite !== undefined) {
      attrs['gen_ai.usage.cache_creation.input_tokens'] = usage.cacheWrite;
      attrs['llm.token_count.prompt_details.cache_write'] = usage.cacheWrite;
    }
    if (usage.reasoning !== undefined) {
      attrs['gen_ai.usage.reasoning.output_tokens'] = usage.reasoning;
      attrs['llm.token_count.completion_details.reasoning'] = usage.reasoning;
    }
  }
  if (typeof call.costUsd === 'number' && Number.isFinite(call.costUsd)) attrs['llm.cost.total'] = call.costUsd;
  if (runtime.captureContent) {
    if (call.outputMessages.length > 0) {
      attrs['gen_ai.output.messages'] = jsonText(call.outputMessages.map(genAIOutputMessage), runtime.maxContentChars);
      flattenMessages(attrs, 'llm.output_messages', call.outputMessages);
      const first = call.outputMessages[0]!;
      if (first.toolCalls === undefined || first.toolCalls.length === 0) {
        attrs['output.value'] = contentText(first.content);
        attrs['output.mime_type'] = MIME_TEXT;
      } else {
        attrs['output.value'] = jsonText(call.outputMessages.map(genAIOutputMessage), runtime.maxContentChars);
        attrs['output.mime_type'] = MIME_JSON;
      }
    }
    if (call.rawResponse !== undefined) attrs['loupe.llm.raw_response'] = rawResponseText(call.rawResponse);
    if (call.parsed !== undefined) attrs['loupe.llm.parsed'] = jsonText(call.parsed, runtime.maxContentChars);
  }
  return attrs;
}

/** The raw response as bounded text: strings as they are, objects as JSON. */
export function rawResponseText(raw: unknown): string {
  return typeof raw === 'string' ? contentText(raw) : jsonText(raw, runtime.maxContentChars);
}

/** The provider in GenAI and OpenInference form. */
export function setProvider(attrs: Attributes, provider: string): void {
  attrs['gen_ai.provider.name'] = provider;
  attrs['llm.provider'] = provider;
  attrs['llm.system'] = provider;
}

type GenAIPart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id?: string; result: unknown };

/** GenAI semconv message: `{role, parts:[…]}`; tool results become `tool_call_response` parts. */
function genAIMessage(message: Message): { role: string; parts: GenAIPart[]; name?: string } {
  const parts: GenAIPart[] = [];
  if (message.role === 'tool' || (message.toolCallId !== undefined && message.role !== 'assistant')) {
    parts.push({ type: 'tool_call_response', ...(message.toolCallId !== undefined ? { id: message.toolCallId } : {}), result: message.content });
  } else if (message.content !== '') {
    parts.push({ type: 'text', content: message.content });
  }
  for (const call of message.toolCalls ?? []) {
    parts.push({ type: 'tool_call', ...(call.id !== undefined ? { id: call.id } : {}), name: call.name, arguments: parseArguments(call.arguments) });
  }
  return message.name !== undefined ? { role: message.role, parts, name: message.name } : { role: message.role, parts };
}

function genAIOutputMessage(message: Message): { role: string; parts: GenAIPart[]; finish_reason?: string } {
  const out: { role: string; parts: GenAIPart[]; finish_reason?: string } = genAIMessage(message);
  if (message.finishReason !== undefined) out.finish_reason = message.finishReason;
  return out;
}

/** Arguments as structured JSON when they parse (the semconv shows objects), else the text. */
function parseArguments(args: string): unknown {
  if (args === '') return {};
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

/** The attribute keys of one flattened message, built once per prefix and index. */
interface MessageKeys {
  role: string;
  content: string;
  name: string;
  toolCallId: string;
  /** `{prefix}.{i}.message.tool_calls.`, for the rarer tool-call keys. */
  toolCalls: string;
}

/**
 * Keys by prefix and message index. A key built by concatenation is a new string on every
 * call, which the span's attribute object must flatten, hash and intern again; an LM call
 * sets five or more of them per message.
 */
const MESSAGE_KEYS = new Map<string, MessageKeys[]>();

function messageKeys(prefix: string, i: number): MessageKeys {
  let list = MESSAGE_KEYS.get(prefix);
  if (list === undefined) MESSAGE_KEYS.set(prefix, (list = []));
  let keys = list[i];
  if (keys === undefined) {
    const p = `${prefix}.${i}.message.`;
    keys = list[i] = { role: p + 'role', content: p + 'content', name: p + 'name', toolCallId: p + 'tool_call_id', toolCalls: p + 'tool_calls.' };
  }
  return keys;
}

/** OpenInference flattened messages: `{prefix}.{i}.message.role|content|tool_calls.{j}.tool_call.*`. */
function flattenMessages(attrs: Attributes, prefix: string, messages: readonly Message[]): void {
  const count = Math.min(messages.length, MAX_FLATTENED_MESSAGES);
  for (let i = 0; i < count; i++) {
    const m = messages[i]!;
    const keys = messageKeys(prefix, i);
    attrs[keys.role] = m.role;
    if (m.content !== '' || m.toolCalls === undefined) attrs[keys.content] = contentText(m.content);
    if (m.name !== undefined) attrs[keys.name] = m.name;
    if (m.toolCallId !== undefined) attrs[keys.toolCallId] = m.toolCallId;
    const calls = m.toolCalls;
    if (calls !== undefined) {
      for (let j = 0; j < calls.length; j++) {
        const c = calls[j]!;
        const q = `${keys.toolCalls}${j}.tool_call.`;
        if (c.id !== undefined) attrs[q + 'id'] = c.id;
        attrs[q + 'function.name'] = c.name;
        attrs[q + 'function.arguments'] = contentText(c.arguments);
      }
    }
  }
}
