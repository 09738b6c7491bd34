import type { JsonSchema, ModelRequest, ToolChoice, ToolSpec, Turn } from './conversation.js';
import { contentText } from './conversation.js';
import { complete, type Completion } from './completion.js';
import { applyRequestedFailure } from './failure-injection.js';
import type { HandlerContext } from './handler-context.js';
import { invalidRequest } from './http-error.js';
import { sendJson, startEventStream, writeEvent } from './http-io.js';
import { isRecord, optionalArray, optionalInteger, requiredString, unixSeconds } from './request-fields.js';
import { StreamPacer } from './stream-pacing.js';
import { splitForStreaming } from './tokenizer.js';
import type { TokenUsage } from './usage.js';

export const SYSTEM_FINGERPRINT = 'fp_loupe_local';

/** Reads an OpenAI Chat Completions request into the model's neutral shape; malformed → 400. */
export function parseChatRequest(body: Record<string, unknown>): ModelRequest {
  const model = requiredString(body, 'model');
  const messages = optionalArray(body, 'messages');
  if (!messages || messages.length === 0) {
    throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  const turns = messages.map((m, i) => parseMessage(m, i));
  const tools = (optionalArray(body, 'tools') ?? []).map((t, i) => parseTool(t, i));
  return { model, turns, tools, toolChoice: parseToolChoice(body.tool_choice) };
}

function parseMessage(m: unknown, i: number): Turn {
  if (!isRecord(m) || typeof m.role !== 'string') {
    throw invalidRequest(`Invalid value for 'messages[${i}]': expected an object with a 'role'.`, `messages[${i}]`, 'invalid_value');
  }
  const role = m.role === 'developer' ? 'system' : m.role === 'function' ? 'tool' : m.role;
  if (role !== 'system' && role !== 'user' && role !== 'assistant' && role !== 'tool') {
    throw invalidRequest(`Invalid value for 'messages[${i}].role': '${m.role}'.`, `messages[${i}].role`, 'invalid_value');
  }
  const turn: Turn = { role, content: contentText(m.content) };
  if (Array.isArray(m.tool_calls)) {
    turn.toolCalls = m.tool_calls.filter(isRecord).map((c) => {
      const fn = isRecord(c.function) ? c.function : {};
      return { id: String(c.id ?? ''), name: String(fn.name ?? ''), arguments: String(fn.arguments ?? '') };
    });
  }
  if (typeof m.tool_call_id === 'string') turn.toolCallId = m.tool_call_id;
  if (typeof m.name === 'string') turn.name = m.name;
  return turn;
}

function parseTool(t: unknown, i: number): ToolSpec {
  const fn = isRecord(t) && isRecord(t.function) ? t.function : undefined;
  if (!fn || typeof fn.name !== 'string') {
    throw invalidRequest(`Invalid value for 'tools[${i}]': expected { type: 'function', function: { name } }.`, `tools[${i}]`, 'invalid_value');
  }
  return {
    name: fn.name,
    description: typeof fn.description === 'string' ? fn.description : undefined,
    parameters: isRecord(fn.parameters) ? (fn.parameters as JsonSchema) : undefined,
  };
}

function parseToolChoice(v: unknown): ToolChoice | undefined {
  if (v === 'auto' || v === 'none' || v === 'required') return v;
  if (isRecord(v) && isRecord(v.function) && typeof v.function.name === 'string') return { name: v.function.name };
  return undefined;
}

export function chatUsage(u: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.totalTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** `POST /v1/chat/completions`, plain JSON or SSE (`stream: true`). */
export async function handleChatCompletions(ctx: HandlerContext): Promise<void> {
  const request = parseChatRequest(ctx.body);
  const n = optionalInteger(ctx.body, 'n', 1, 16) ?? 1;
  const maxTokens = optionalInteger(ctx.body, 'max_completion_tokens', 1, 1_000_000) ?? optionalInteger(ctx.body, 'max_tokens', 1, 1_000_000);
  if (await applyRequestedFailure(ctx, request.turns, request.model, 'chat.completions')) return;

  const completion = complete(request, ctx.cache, { n, maxTokens });
  const delay = ctx.latency({
    endpoint: 'chat.completions',
    model: request.model,
    promptTokens: completion.usage.promptTokens,
    completionTokens: completion.usage.completionTokens,
  });
  const id = ctx.newId('chatcmpl-');
  const created = unixSeconds();

  if (ctx.body.stream === true) {
    const includeUsage = isRecord(ctx.body.stream_options) && ctx.body.stream_options.include_usage === true;
    await streamChat(ctx, { id, created, model: request.model, completion, delay, includeUsage });
    return;
  }
  if (!(await ctx.wait(delay))) return;
  sendJson(ctx.res, 200, {
    id,
    object: 'chat.completion',
    created,
    model: request.model,
    choices: completion.choices.map((c, index) => ({
      index,
      message:
        c.reply.kind === 'text'
          ? { role: 'assistant', content: c.reply.text, refusal: null, annotations: [] }
          : {
              role: 'assistant',
              content: null,
              refusal: null,
              annotations: [],
              tool_calls: c.reply.calls.map((call) => ({
                id: ctx.newId('call_'),
                type: 'function',
                function: { name: call.name, arguments: call.arguments },
              })),
            },
      logprobs: null,
      finish_reason: c.finishReason,
    })),
    usage: chatUsage(completion.usage),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  });
}

interface StreamPlan {
  id: string;
  created: number;
  model: string;
  completion: Completion;
  delay: number;
  includeUsage: boolean;
}

/**
 * Streams like OpenAI: per choice a role chunk, content (or tool-call) delta chunks, a chunk
 * with the finish reason; with `include_usage`, every chunk carries `usage: null` and a last
 * chunk has empty `choices` and the usage; then `data: [DONE]`. About 40% of the latency passes
 * before the first chunk (time to first token), the rest is spread over the deltas.
 */
async function streamChat(ctx: HandlerContext, plan: StreamPlan): Promise<void> {
  const { res } = ctx;
  const base = { id: plan.id, object: 'chat.completion.chunk', created: plan.created, model: plan.model, service_tier: 'default', system_fingerprint: SYSTEM_FINGERPRINT };
  const chunk = (choices: unknown[]) => ({ ...base, choices, ...(plan.includeUsage ? { usage: null } : {}) });

  const deltas: { index: number; delta: Record<string, unknown> }[][] = plan.completion.choices.map((c, index) => {
    const out: { index: number; delta: Record<string, unknown> }[] = [];
    if (c.reply.kind === 'text') {
      for (const piece of splitForStreaming(c.reply.text)) out.push({ index, delta: { content: piece } });
    } else {
      c.reply.calls.forEach((call, k) => {
        out.push({ index, delta: { tool_calls: [{ index: k, id: ctx.newId('call_'), type: 'function', function: { name: call.name, arguments: '' } }] } });
        for (const piece of splitForStreaming(call.arguments, 4)) out.push({ index, delta: { tool_calls: [{ index: k, function: { arguments: piece } }] } });
      });
    }
    return out;
  });
  const pacer = new StreamPacer(ctx, plan.delay, deltas.reduce((n, d) => n + d.length, 0));
  if (!(await pacer.start())) return;
  startEventStream(res);
  for (const [index, c] of plan.completion.choices.entries()) {
    writeEvent(res, chunk([{ index, delta: { role: 'assistant', content: c.reply.kind === 'text' ? '' : null, refusal: null }, logprobs: null, finish_reason: null }]));
    for (const d of deltas[index]!) {
      if (!(await pacer.next())) return;
      writeEvent(res, chunk([{ index: d.index, delta: d.delta, logprobs: null, finish_reason: null }]));
    }
    writeEvent(res, chunk([{ index, delta: {}, logprobs: null, finish_reason: c.finishReason }]));
  }
  if (plan.includeUsage) writeEvent(res, { ...base, choices: [], usage: chatUsage(plan.completion.usage) });
  writeEvent(res, '[DONE]');
  res.end();
}
