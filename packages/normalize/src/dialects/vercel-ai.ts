import type { Attributes, Message, SpanKind } from '@loupe/core';
import type { AttributeIndex } from '../attribute-index.js';
import { asText, jsonValue, num, str, text } from '../attr-read.js';
import type { Dialect } from '../dialect.js';
import {
  llmOf, offerFirst, offerKind, offerMessages, offerMetadata, offerParameters, offerText, offerUsage, type SpanDraft,
} from '../span-draft.js';
import { offerAssociationProperties } from './association-properties.js';
import { vercelMessages, vercelToolCalls, vercelTopLevelPrompt } from './vercel-ai-messages.js';

/** What an `ai.*` span is, from its operation id. */
type Role = 'model-call' | 'embed-call' | 'tool' | 'wrapper';

/** `ai.settings.*` names → the GenAI parameter names other dialects use, so merged parameters do not repeat. */
const SETTING_NAMES: Record<string, string> = {
  maxOutputTokens: 'max_tokens',
  maxTokens: 'max_tokens',
  topP: 'top_p',
  topK: 'top_k',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  stopSequences: 'stop_sequences',
};
/** Client-side settings, not sent to the model. */
const CLIENT_SETTINGS = new Set(['maxRetries', 'headers', 'abortSignal']);

/**
 * Vercel AI SDK telemetry (`experimental_telemetry`, `ai` 3.x–6.x). A top-level call
 * (`ai.generateText`, `ai.streamText`, `ai.generateObject`, `ai.streamObject`, `ai.embed`,
 * `ai.embedMany`) is a CHAIN wrapping one provider call per step (`….doGenerate`,
 * `….doStream` → LLM; `….doEmbed` → EMBEDDING) and `ai.toolCall` spans (TOOL).
 *
 * Token rule: a wrapper's `ai.usage.*` is the sum of its steps, which also carry their own
 * usage; trace roll-ups add up every span's `usage`, so only the provider-call spans get
 * `usage` (and cost). The wrapper's totals stay in its raw attributes.
 */
export const vercelAi: Dialect = {
  name: 'vercel_ai',

  detect(index) {
    return index.has('ai');
  },

  apply(raw, d, index) {
    const a = index.attrs;
    const operationId = text(a['ai.operationId']) ?? (raw.name.startsWith('ai.') ? raw.name : undefined);
    const role = operationId ? roleOf(operationId) : undefined;

    offerAssociationProperties(d, index.group('ai.telemetry.metadata.'));
    const functionId = text(a['ai.telemetry.functionId']);
    if (functionId) offerMetadata(d, { functionId });

    if (role === 'model-call' || role === 'embed-call') applyModelCall(d, index, role);
    else if (role === 'tool') applyToolCall(d, a);
    else if (role === 'wrapper') applyWrapper(d, a);
  },
};

function roleOf(operationId: string): Role | undefined {
  if (operationId.endsWith('.doGenerate') || operationId.endsWith('.doStream')) return 'model-call';
  if (operationId.endsWith('.doEmbed')) return 'embed-call';
  if (operationId === 'ai.toolCall') return 'tool';
  if (operationId.startsWith('ai.')) return 'wrapper';
  return undefined;
}

function applyModelCall(d: SpanDraft, index: AttributeIndex, role: 'model-call' | 'embed-call'): void {
  const a = index.attrs;
  const kind: SpanKind = role === 'model-call' ? 'LLM' : 'EMBEDDING';
  offerKind(d, kind);
  const llm = llmOf(d);
  // `openai.chat`, `openai.responses`, `anthropic.messages`: the provider is the part before the dot.
  const providerId = text(a['ai.model.provider']);
  const dot = providerId ? providerId.indexOf('.') : -1;
  offerFirst(llm, 'provider', providerId && dot > 0 ? providerId.slice(0, dot) : providerId);
  offerFirst(llm, 'model', text(a['ai.model.id']));
  offerFirst(llm, 'operation', kind === 'EMBEDDING' ? 'embeddings' : providerId?.endsWith('.completion') ? 'text_completion' : 'chat');
  offerFirst(llm, 'responseModel', text(a['ai.response.model']));
  offerFirst(llm, 'responseId', text(a['ai.response.id']));
  const finish = text(a['ai.response.finishReason']);
  if (finish) offerFirst(llm, 'finishReasons', [finish]);
  offerFirst(llm, 'timeToFirstTokenMs', num(a['ai.response.msToFirstChunk']));
  offerParameters(d, settings(index.group('ai.settings.')));

  if (kind === 'EMBEDDING') {
    offerText(d, 'input', embedInput(a['ai.values'] ?? a['ai.value']));
    offerUsage(d, 'input', num(a['ai.usage.tokens']));
    return;
  }

  offerMessages(d, 'inputMessages', vercelMessages(jsonValue(a['ai.prompt.messages'])));
  const output = responseMessage(a, finish);
  if (output) offerMessages(d, 'outputMessages', [output]);

  offerUsage(d, 'input', num(a['ai.usage.inputTokens']) ?? num(a['ai.usage.promptTokens']));
  offerUsage(d, 'output', num(a['ai.usage.outputTokens']) ?? num(a['ai.usage.completionTokens']));
  offerUsage(d, 'total', num(a['ai.usage.totalTokens']));
  offerUsage(d, 'reasoning', num(a['ai.usage.reasoningTokens']) ?? num(a['ai.usage.outputTokenDetails.reasoningTokens']));
  offerUsage(d, 'cacheRead', num(a['ai.usage.cachedInputTokens']) ?? num(a['ai.usage.inputTokenDetails.cacheReadTokens']));
  offerUsage(d, 'cacheWrite', num(a['ai.usage.inputTokenDetails.cacheWriteTokens']));
}

/** The assistant's answer: text (or the generated object) plus tool calls, with the finish reason. */
function responseMessage(a: Attributes, finish: string | undefined): Message | undefined {
  const content = str(a['ai.response.text']) ?? str(a['ai.response.object']) ?? '';
  const calls = vercelToolCalls(jsonValue(a['ai.response.toolCalls']));
  if (content === '' && calls.length === 0) return undefined;
  const m: Message = { role: 'assistant', content };
  if (calls.length > 0) m.toolCalls = calls;
  if (finish) m.finishReason = finish;
  return m;
}

function applyToolCall(d: SpanDraft, a: Attributes): void {
  offerKind(d, 'TOOL');
  const name = text(a['ai.toolCall.name']);
  const args = str(a['ai.toolCall.args']) ?? str(a['ai.toolCall.input']);
  const result = str(a['ai.toolCall.result']) ?? str(a['ai.toolCall.output']);
  if (name) {
    const tool = (d.tool ??= { name });
    offerFirst(tool, 'id', text(a['ai.toolCall.id']));
    offerFirst(tool, 'arguments', args);
    offerFirst(tool, 'result', result);
  }
  offerText(d, 'input', args);
  offerText(d, 'output', result);
}

/** Top-level calls: what the app asked and got back, without model details or usage (see the token rule). */
function applyWrapper(d: SpanDraft, a: Attributes): void {
  offerKind(d, 'CHAIN');
  const promptRaw = str(a['ai.prompt']);
  if (promptRaw !== undefined) {
    const prompt = jsonValue(promptRaw);
    const messages = vercelTopLevelPrompt(prompt);
    // A plain prompt reads best as itself; anything richer stays JSON.
    const only = messages.length === 1 && messages[0]!.role === 'user' ? messages[0]!.content : undefined;
    const lastUser = messages.length === 2 && messages[0]!.role === 'system' && messages[1]!.role === 'user' ? messages[1]!.content : undefined;
    offerText(d, 'input', only ?? lastUser ?? promptRaw);
  } else {
    offerText(d, 'input', embedInput(a['ai.values'] ?? a['ai.value']));
  }
  offerText(d, 'output', str(a['ai.response.text']) ?? str(a['ai.response.object']));
}

/** `ai.settings.*` → model parameters under GenAI names, client-only settings dropped. */
function settings(group: Attributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in group) {
    if (CLIENT_SETTINGS.has(key) || key.startsWith('headers.')) continue;
    out[SETTING_NAMES[key] ?? key] = group[key];
  }
  return out;
}

/** `ai.value` / `ai.values` hold each value as JSON text; a single string reads as itself. */
function embedInput(v: Attributes[string] | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v) ? v : [v];
  const values = items.map((x) => (typeof x === 'string' ? (jsonValue(x) ?? x) : x));
  if (values.length === 1 && typeof values[0] === 'string') return values[0];
  return asText(values);
}
