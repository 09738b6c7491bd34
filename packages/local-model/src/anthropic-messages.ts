import { complete } from './completion.js';
import type { JsonSchema, ModelRequest, ToolChoice, ToolSpec, Turn } from './conversation.js';
import { contentText } from './conversation.js';
import { applyRequestedFailure } from './failure-injection.js';
import type { HandlerContext } from './handler-context.js';
import { invalidRequest } from './http-error.js';
import { sendJson, startEventStream, writeEvent } from './http-io.js';
import { isRecord, optionalArray, optionalInteger, requiredString } from './request-fields.js';
import { StreamPacer } from './stream-pacing.js';
import { splitForStreaming } from './tokenizer.js';

/**
 * Reads an Anthropic Messages request. A user message's `tool_result` blocks become tool turns
 * placed after its text, so they count as results of the calls the assistant just made; an
 * assistant message's `tool_use` blocks become its tool calls.
 */
export function parseMessagesRequest(body: Record<string, unknown>): ModelRequest {
  const model = requiredString(body, 'model');
  if (optionalInteger(body, 'max_tokens', 1, 1_000_000) === undefined) {
    throw invalidRequest('max_tokens: Field required', 'max_tokens', 'missing_required_parameter');
  }
  const messages = optionalArray(body, 'messages');
  if (!messages || messages.length === 0) throw invalidRequest('messages: Field required', 'messages', 'missing_required_parameter');

  const turns: Turn[] = [];
  const system = contentText(body.system);
  if (system) turns.push({ role: 'system', content: system });
  messages.forEach((m, i) => {
    if (!isRecord(m) || (m.role !== 'user' && m.role !== 'assistant')) {
      throw invalidRequest(`messages.${i}.role: Input should be 'user' or 'assistant'`, `messages.${i}.role`, 'invalid_value');
    }
    const blocks = Array.isArray(m.content) ? m.content.filter(isRecord) : [{ type: 'text', text: contentText(m.content) }];
    const text = blocks.filter((b) => b.type === 'text').map((b) => String(b.text ?? '')).join('\n');
    if (m.role === 'assistant') {
      const calls = blocks
        .filter((b) => b.type === 'tool_use')
        .map((b) => ({ id: String(b.id ?? ''), name: String(b.name ?? ''), arguments: JSON.stringify(b.input ?? {}) }));
      turns.push({ role: 'assistant', content: text, ...(calls.length ? { toolCalls: calls } : {}) });
      return;
    }
    const results = blocks.filter((b) => b.type === 'tool_result');
    if (text || results.length === 0) turns.push({ role: 'user', content: text });
    for (const r of results) turns.push({ role: 'tool', content: contentText(r.content), toolCallId: String(r.tool_use_id ?? '') });
  });

  const tools: ToolSpec[] = (optionalArray(body, 'tools') ?? []).filter(isRecord).filter((t) => typeof t.name === 'string').map((t) => ({
    name: t.name as string,
    description: typeof t.description === 'string' ? t.description : undefined,
    parameters: isRecord(t.input_schema) ? (t.input_schema as JsonSchema) : undefined,
  }));
  let toolChoice: ToolChoice | undefined;
  const tc = body.tool_choice;
  if (isRecord(tc)) {
    if (tc.type === 'auto' || tc.type === 'none') toolChoice = tc.type;
    else if (tc.type === 'any') toolChoice = 'required';
    else if (tc.type === 'tool' && typeof tc.name === 'string') toolChoice = { name: tc.name };
  }
  return { model, turns, tools, toolChoice };
}

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' } as const;

/**
 * `POST /v1/messages` (Anthropic). Usage follows Anthropic: `input_tokens` excludes the
 * prompt-cache hits reported in `cache_read_input_tokens`; `output_tokens` includes reasoning.
 */
export async function handleAnthropicMessages(ctx: HandlerContext): Promise<void> {
  const request = parseMessagesRequest(ctx.body);
  const maxTokens = optionalInteger(ctx.body, 'max_tokens', 1, 1_000_000)!;
  if (await applyRequestedFailure(ctx, request.turns, request.model, 'messages')) return;

  const completion = complete(request, ctx.cache, { maxTokens });
  const choice = completion.choices[0]!;
  const u = completion.usage;
  const delay = ctx.latency({ endpoint: 'messages', model: request.model, promptTokens: u.promptTokens, completionTokens: u.completionTokens });
  const content: Record<string, unknown>[] =
    choice.reply.kind === 'text'
      ? [{ type: 'text', text: choice.reply.text }]
      : choice.reply.calls.map((c) => ({ type: 'tool_use', id: ctx.newId('toolu_'), name: c.name, input: JSON.parse(c.arguments) as unknown }));
  const usage = {
    input_tokens: u.promptTokens - u.cachedTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: u.cachedTokens,
    output_tokens: u.completionTokens,
    service_tier: 'standard',
  };
  const message = {
    id: ctx.newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: STOP_REASONS[choice.finishReason],
    stop_sequence: null,
    usage,
  };

  if (ctx.body.stream !== true) {
    if (await ctx.wait(delay)) sendJson(ctx.res, 200, message);
    return;
  }

  const pieces = content.map((b) => (b.type === 'text' ? splitForStreaming(String(b.text)) : splitForStreaming(JSON.stringify(b.input), 4)));
  const pacer = new StreamPacer(ctx, delay, pieces.reduce((n, p) => n + p.length, 0));
  if (!(await pacer.start())) return;
  startEventStream(ctx.res);
  const emit = (type: string, fields: Record<string, unknown> = {}) => writeEvent(ctx.res, { type, ...fields }, type);
  emit('message_start', { message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
  for (const [index, block] of content.entries()) {
    emit('content_block_start', { index, content_block: block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} } });
    if (index === 0) emit('ping');
    for (const piece of pieces[index]!) {
      if (!(await pacer.next())) return;
      emit('content_block_delta', { index, delta: block.type === 'text' ? { type: 'text_delta', text: piece } : { type: 'input_json_delta', partial_json: piece } });
    }
    emit('content_block_stop', { index });
  }
  emit('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  emit('message_stop');
  ctx.res.end();
}
