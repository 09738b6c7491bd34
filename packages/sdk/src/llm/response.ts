import type { Message, TokenUsage, ToolCall } from '@loupe/core';
import { argumentsText, toMessage } from './messages.js';

/** What a provider response says about the call. */
export interface ResponseDetails {
  /** `openai` or `anthropic`, from the response's shape. */
  provider: string;
  responseModel?: string;
  responseId?: string;
  outputMessages: Message[];
  finishReasons: string[];
  usage?: TokenUsage;
}

/**
 * Reads an OpenAI chat completion (also legacy text completions), an OpenAI Responses API
 * response, or an Anthropic message.
 * Undefined for anything else (the app's own value, a stream, …).
 */
export function extractResponse(value: unknown): ResponseDetails | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.choices)) return openAIResponse(v);
  if (v.object === 'response' && Array.isArray(v.output)) return openAIResponsesResponse(v);
  if (Array.isArray(v.content) && (v.type === 'message' || v.role === 'assistant')) return anthropicResponse(v);
  return undefined;
}

function openAIResponse(v: Record<string, unknown>): ResponseDetails {
  const details: ResponseDetails = { provider: 'openai', outputMessages: [], finishReasons: [] };
  if (typeof v.model === 'string') details.responseModel = v.model;
  if (typeof v.id === 'string') details.responseId = v.id;
  for (const choice of v.choices as unknown[]) {
    if (choice === null || typeof choice !== 'object') continue;
    const c = choice as Record<string, unknown>;
    let message: Message | undefined;
    if (c.message !== undefined) message = toMessage(c.message);
    else if (typeof c.text === 'string') message = { role: 'assistant', content: c.text };
    message ??= { role: 'assistant', content: '' };
    if (typeof c.finish_reason === 'string') {
      message.finishReason = c.finish_reason;
      details.finishReasons.push(c.finish_reason);
    }
    details.outputMessages.push(message);
  }
  const u = v.usage as Record<string, unknown> | undefined;
  if (u !== null && typeof u === 'object') {
    const usage: TokenUsage = {};
    setNumber(usage, 'input', u.prompt_tokens);
    setNumber(usage, 'output', u.completion_tokens);
    setNumber(usage, 'total', u.total_tokens);
    setNumber(usage, 'cacheRead', (u.prompt_tokens_details as Record<string, unknown> | undefined)?.cached_tokens);
    setNumber(usage, 'reasoning', (u.completion_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens);
    details.usage = usage;
  }
  return details;
}

/** Responses API: `output` items (`message` parts, `function_call`s) folded into one assistant message. */
function openAIResponsesResponse(v: Record<string, unknown>): ResponseDetails {
  const details: ResponseDetails = { provider: 'openai', outputMessages: [], finishReasons: [] };
  if (typeof v.model === 'string') details.responseModel = v.model;
  if (typeof v.id === 'string') details.responseId = v.id;
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const item of v.output as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const it = item as Record<string, unknown>;
    if (it.type === 'message' && Array.isArray(it.content)) {
      for (const part of it.content as unknown[]) {
        const p = part as Record<string, unknown> | null;
        if (p === null || typeof p !== 'object') continue;
        if (p.type === 'output_text' && typeof p.text === 'string') texts.push(p.text);
        else if (p.type === 'refusal' && typeof p.refusal === 'string') texts.push(p.refusal);
      }
    } else if (it.type === 'function_call' && typeof it.name === 'string') {
      const id = typeof it.call_id === 'string' ? it.call_id : typeof it.id === 'string' ? it.id : undefined;
      toolCalls.push({ ...(id !== undefined ? { id } : {}), name: it.name, arguments: argumentsText(it.arguments) });
    }
  }
  const message: Message = { role: 'assistant', content: texts.join('\n') };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  // The Responses API has a status, not a finish reason: map it to the chat completion vocabulary.
  let finish: string | undefined;
  if (v.status === 'completed') finish = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  else if (v.status === 'incomplete') {
    const reason = (v.incomplete_details as Record<string, unknown> | null | undefined)?.reason;
    finish = typeof reason === 'string' ? reason : 'incomplete';
  } else if (typeof v.status === 'string' && v.status !== 'in_progress') finish = v.status;
  if (finish !== undefined) {
    message.finishReason = finish;
    details.finishReasons.push(finish);
  }
  details.outputMessages.push(message);
  const u = v.usage as Record<string, unknown> | undefined;
  if (u !== null && typeof u === 'object') {
    const usage: TokenUsage = {};
    setNumber(usage, 'input', u.input_tokens);
    setNumber(usage, 'output', u.output_tokens);
    setNumber(usage, 'total', u.total_tokens);
    setNumber(usage, 'cacheRead', (u.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens);
    setNumber(usage, 'reasoning', (u.output_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens);
    details.usage = usage;
  }
  return details;
}

function anthropicResponse(v: Record<string, unknown>): ResponseDetails {
  const details: ResponseDetails = { provider: 'anthropic', outputMessages: [], finishReasons: [] };
  if (typeof v.model === 'string') details.responseModel = v.model;
  if (typeof v.id === 'string') details.responseId = v.id;
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of v.content as unknown[]) {
    if (block === null || typeof block !== 'object') continue;
    const b = block as Record<string, unknown>;
    if (b.type === 'text' && typeof b.text === 'string') texts.push(b.text);
    else if (b.type === 'tool_use' && typeof b.name === 'string') {
      toolCalls.push({ ...(typeof b.id === 'string' ? { id: b.id } : {}), name: b.name, arguments: argumentsText(b.input) });
    }
  }
  const message: Message = { role: typeof v.role === 'string' ? v.role : 'assistant', content: texts.join('\n') };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (typeof v.stop_reason === 'string') {
    message.finishReason = v.stop_reason;
    details.finishReasons.push(v.stop_reason);
  }
  details.outputMessages.push(message);
  const u = v.usage as Record<string, unknown> | undefined;
  if (u !== null && typeof u === 'object') {
    const usage: TokenUsage = {};
    setNumber(usage, 'output', u.output_tokens);
    setNumber(usage, 'cacheRead', u.cache_read_input_tokens);
    setNumber(usage, 'cacheWrite', u.cache_creation_input_tokens);
    // Anthropic's input_tokens excludes cached tokens; GenAI input_tokens counts all input.
    if (typeof u.input_tokens === 'number') usage.input = u.input_tokens + (usage.cacheRead ?? 0) + (usage.cacheWrite ?? 0);
    details.usage = usage;
  }
  return details;
}

function setNumber(usage: TokenUsage, key: keyof TokenUsage, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) usage[key] = value;
}
