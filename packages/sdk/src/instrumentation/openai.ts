import type { Attributes } from '@opentelemetry/api';
import { runtime } from '../runtime.js';
import { extractResponse } from '../llm/response.js';
import { ownerOf, type PatchSet } from './method-patches.js';
import { ChatChunkAccumulator } from './openai-chat-stream.js';
import { ResponsesEventAccumulator } from './openai-responses-stream.js';
import { countedRetry, parametersOf, tracedCreate, type CallPlan } from './traced-method.js';

/** `openai` versions the instrumentation supports (tested against 6.49 with the local model server). */
export const OPENAI_SUPPORTED_VERSIONS = '>=6.0.0 <7.0.0';

/** Settings read on every call, so a later `instrument()` can change them. */
export interface OpenAISettings {
  injectStreamUsage: boolean;
}

type ClassLike = { prototype: object } & Record<string, unknown>;

/**
 * The `OpenAI` class from what the app passes: the default export (`import OpenAI from
 * 'openai'`), the module namespace (`import * as openai from 'openai'`) or a CommonJS `require`.
 */
export function openAIClass(module: unknown): ClassLike | undefined {
  const m = module as Record<string, unknown> | undefined;
  const candidates = [m, m?.OpenAI, m?.default, (m?.default as Record<string, unknown> | undefined)?.OpenAI];
  for (const c of candidates) {
    if (typeof c === 'function' && typeof (c as unknown as ClassLike).Chat === 'function') return c as unknown as ClassLike;
  }
  return undefined;
}

/**
 * Patches the resource prototypes shared by every client of this copy of `openai`:
 * `Chat.Completions#create`, `Responses#create`, `Embeddings#create` (the `stream()`, `parse()`
 * and `runTools()` helpers call these), and the client's `retryRequest` to count retries.
 * Returns false when `module` is not an `openai` module.
 */
export function instrumentOpenAI(module: unknown, patches: PatchSet, settings: OpenAISettings): boolean {
  const OpenAI = openAIClass(module);
  if (OpenAI === undefined) return false;
  const chat = (OpenAI.Chat as ClassLike | undefined)?.Completions as ClassLike | undefined;
  const responses = OpenAI.Responses as ClassLike | undefined;
  const embeddings = OpenAI.Embeddings as ClassLike | undefined;
  patches.patch(chat?.prototype, 'create', tracedCreate((body) => chatPlan(body, settings)));
  patches.patch(responses?.prototype, 'create', tracedCreate(responsesPlan));
  patches.patch(embeddings?.prototype, 'create', tracedCreate(embeddingsPlan));
  patches.patch(ownerOf(OpenAI.prototype, 'retryRequest'), 'retryRequest', countedRetry);
  return true;
}

function chatPlan(input: unknown, settings: OpenAISettings): CallPlan | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  let body = input as Record<string, unknown>;
  let injected = false;
  const streamOptions = body.stream_options as Record<string, unknown> | null | undefined;
  if (settings.injectStreamUsage && body.stream === true && (streamOptions === null || streamOptions === undefined || streamOptions.include_usage === undefined)) {
    // A copy: the app's request object stays as it wrote it.
    body = { ...body, stream_options: { ...(streamOptions ?? {}), include_usage: true } };
    injected = true;
  }
  const parameters = parametersOf(input as Record<string, unknown>, ['messages', 'model']);
  return {
    body,
    request: { operation: 'chat', provider: 'openai', model: body.model, messages: asArray(body.messages), requestMessages: body.messages, parameters, tools: body.tools },
    accumulator: () => new ChatChunkAccumulator(injected),
    read: (data) => ({ details: extractResponse(data), raw: data }),
  };
}

function responsesPlan(input: unknown): CallPlan | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const body = input as Record<string, unknown>;
  return {
    body,
    request: {
      operation: 'chat',
      provider: 'openai',
      model: body.model,
      messages: responsesInputMessages(body),
      requestMessages: body.input,
      parameters: parametersOf(body, ['input', 'instructions', 'model']),
      tools: body.tools,
    },
    accumulator: () => new ResponsesEventAccumulator(),
    read: (data) => ({ details: extractResponse(data), raw: data }),
  };
}

/**
 * Responses API input as chat messages: `instructions` as the system message, a string input as
 * the user message, `function_call` / `function_call_output` items as the assistant's tool calls
 * and the tool results.
 */
export function responsesInputMessages(body: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  if (typeof body.instructions === 'string' && body.instructions !== '') out.push({ role: 'system', content: body.instructions });
  const input = body.input;
  if (typeof input === 'string') out.push({ role: 'user', content: input });
  else if (Array.isArray(input)) {
    for (const raw of input) {
      if (raw === null || typeof raw !== 'object') continue;
      const item = raw as Record<string, unknown>;
      if (item.type === 'function_call') out.push({ role: 'assistant', content: '', tool_calls: [{ id: item.call_id, function: { name: item.name, arguments: item.arguments } }] });
      else if (item.type === 'function_call_output') out.push({ role: 'tool', tool_call_id: item.call_id, content: typeof item.output === 'string' ? item.output : JSON.stringify(item.output) });
      else if (typeof item.role === 'string') out.push(item);
    }
  }
  return out;
}

function embeddingsPlan(input: unknown): CallPlan | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const body = input as Record<string, unknown>;
  const texts = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) && body.input.every((t) => typeof t === 'string') ? (body.input as string[]) : [];
  const attributes: Attributes = { 'openinference.span.kind': 'EMBEDDING' };
  if (typeof body.model === 'string') attributes['embedding.model_name'] = body.model;
  if (runtime.captureContent) texts.slice(0, 200).forEach((text, i) => (attributes[`embedding.embeddings.${i}.embedding.text`] = text));
  return {
    body,
    request: {
      operation: 'embeddings',
      provider: 'openai',
      model: body.model,
      messages: texts,
      parameters: parametersOf(body, ['input', 'model']),
      attributes,
    },
    accumulator: () => new ResponsesEventAccumulator(),
    read: (data) => {
      const d = (data ?? {}) as { model?: unknown; data?: { embedding?: unknown }[]; usage?: { prompt_tokens?: unknown; total_tokens?: unknown } };
      const details = { provider: 'openai', outputMessages: [], finishReasons: [] } as NonNullable<ReturnType<typeof extractResponse>>;
      if (typeof d.model === 'string') details.responseModel = d.model;
      if (d.usage !== null && typeof d.usage === 'object') {
        details.usage = {};
        if (typeof d.usage.prompt_tokens === 'number') details.usage.input = d.usage.prompt_tokens;
        if (typeof d.usage.total_tokens === 'number') details.usage.total = d.usage.total_tokens;
      }
      const first = Array.isArray(d.data) ? d.data[0]?.embedding : undefined;
      // No raw response: the vectors are large and say nothing a reader of the trace needs.
      return { details, raw: undefined, attributes: Array.isArray(first) ? { 'gen_ai.embeddings.dimension.count': first.length } : undefined };
    },
  };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
