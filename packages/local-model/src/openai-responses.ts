import { complete, type Completion } from './completion.js';
import type { JsonSchema, ModelRequest, ToolChoice, ToolSpec, Turn } from './conversation.js';
import { contentText } from './conversation.js';
import { applyRequestedFailure } from './failure-injection.js';
import type { HandlerContext } from './handler-context.js';
import { invalidRequest } from './http-error.js';
import { sendJson, startEventStream, writeEvent } from './http-io.js';
import { isRecord, optionalArray, optionalInteger, requiredString, unixSeconds } from './request-fields.js';
import { StreamPacer } from './stream-pacing.js';
import { splitForStreaming } from './tokenizer.js';

/**
 * Reads an OpenAI Responses API request: `instructions` become the system turn; `input` is a
 * string or a list of messages, `function_call` and `function_call_output` items.
 */
export function parseResponsesRequest(body: Record<string, unknown>): ModelRequest {
  const model = requiredString(body, 'model');
  const turns: Turn[] = [];
  if (typeof body.instructions === 'string' && body.instructions) turns.push({ role: 'system', content: body.instructions });

  const input = body.input;
  if (typeof input === 'string') turns.push({ role: 'user', content: input });
  else if (Array.isArray(input)) input.forEach((item, i) => addInputItem(turns, item, i));
  if (!turns.some((t) => t.role === 'user' || t.role === 'tool')) {
    throw invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  }

  const tools: ToolSpec[] = [];
  for (const t of optionalArray(body, 'tools') ?? []) {
    // Built-in tools (web_search, file_search, …) are accepted and never called.
    if (isRecord(t) && t.type === 'function' && typeof t.name === 'string') {
      tools.push({
        name: t.name,
        description: typeof t.description === 'string' ? t.description : undefined,
        parameters: isRecord(t.parameters) ? (t.parameters as JsonSchema) : undefined,
      });
    }
  }
  let toolChoice: ToolChoice | undefined;
  const tc = body.tool_choice;
  if (tc === 'auto' || tc === 'none' || tc === 'required') toolChoice = tc;
  else if (isRecord(tc) && tc.type === 'function' && typeof tc.name === 'string') toolChoice = { name: tc.name };
  return { model, turns, tools, toolChoice };
}

function addInputItem(turns: Turn[], item: unknown, i: number): void {
  if (!isRecord(item)) throw invalidRequest(`Invalid value for 'input[${i}]': expected an object.`, `input[${i}]`, 'invalid_value');
  if (item.type === 'function_call') {
    const call = { id: String(item.call_id ?? item.id ?? ''), name: String(item.name ?? ''), arguments: String(item.arguments ?? '') };
    const last = turns[turns.length - 1];
    if (last?.role === 'assistant' && last.toolCalls) last.toolCalls.push(call);
    else turns.push({ role: 'assistant', content: '', toolCalls: [call] });
    return;
  }
  if (item.type === 'function_call_output') {
    turns.push({ role: 'tool', content: contentText(item.output), toolCallId: String(item.call_id ?? '') });
    return;
  }
  if (item.type === 'reasoning') return;
  const role = item.role === 'developer' ? 'system' : item.role;
  if (role !== 'user' && role !== 'system' && role !== 'assistant') {
    throw invalidRequest(`Invalid value for 'input[${i}]': unsupported item.`, `input[${i}]`, 'invalid_value');
  }
  turns.push({ role, content: contentText(item.content) });
}

function usageOf(c: Completion): Record<string, unknown> {
  const u = c.usage;
  return {
    input_tokens: u.promptTokens,
    input_tokens_details: { cached_tokens: u.cachedTokens },
    output_tokens: u.completionTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.totalTokens,
  };
}

type OutputItem = Record<string, unknown> & { id: string; type: 'message' | 'function_call' };

/** `POST /v1/responses`, plain JSON or SSE events (`response.created` … `response.completed`). */
export async function handleResponses(ctx: HandlerContext): Promise<void> {
  const request = parseResponsesRequest(ctx.body);
  const maxTokens = optionalInteger(ctx.body, 'max_output_tokens', 1, 1_000_000);
  if (await applyRequestedFailure(ctx, request.turns, request.model, 'responses')) return;

  const completion = complete(request, ctx.cache, { maxTokens });
  const choice = completion.choices[0]!;
  const delay = ctx.latency({ endpoint: 'responses', model: request.model, promptTokens: completion.usage.promptTokens, completionTokens: completion.usage.completionTokens });

  const output: OutputItem[] =
    choice.reply.kind === 'text'
      ? [{ id: ctx.newId('msg_'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: choice.reply.text, annotations: [], logprobs: [] }] }]
      : choice.reply.calls.map((call) => ({ id: ctx.newId('fc_'), type: 'function_call', status: 'completed', call_id: ctx.newId('call_'), name: call.name, arguments: call.arguments }));
  const incomplete = choice.finishReason === 'length';
  const response = {
    id: ctx.newId('resp_'),
    object: 'response',
    created_at: unixSeconds(),
    status: incomplete ? 'incomplete' : 'completed',
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: typeof ctx.body.instructions === 'string' ? ctx.body.instructions : null,
    max_output_tokens: maxTokens ?? null,
    model: request.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: typeof ctx.body.temperature === 'number' ? ctx.body.temperature : 1,
    text: { format: { type: 'text' } },
    tool_choice: ctx.body.tool_choice ?? 'auto',
    tools: ctx.body.tools ?? [],
    top_p: typeof ctx.body.top_p === 'number' ? ctx.body.top_p : 1,
    truncation: 'disabled',
    usage: usageOf(completion),
    user: null,
    metadata: isRecord(ctx.body.metadata) ? ctx.body.metadata : {},
  };

  if (ctx.body.stream !== true) {
    if (await ctx.wait(delay)) sendJson(ctx.res, 200, response);
    return;
  }
  await streamResponse(ctx, response, delay);
}

/** Emits the Responses streaming events, each as `event: TYPE` + `data: {…, sequence_number}`. */
async function streamResponse(ctx: HandlerContext, response: Record<string, unknown> & { output: OutputItem[] }, delay: number): Promise<void> {
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>) => writeEvent(ctx.res, { type, sequence_number: sequence++, ...fields }, type);
  const pieces = response.output.map((item) =>
    item.type === 'message' ? splitForStreaming(((item.content as { text: string }[])[0]!).text) : splitForStreaming(String(item.arguments), 4),
  );
  const pacer = new StreamPacer(ctx, delay, pieces.reduce((n, p) => n + p.length, 0));
  if (!(await pacer.start())) return;
  startEventStream(ctx.res);
  const pending = { ...response, status: 'in_progress', output: [], usage: null, incomplete_details: null };
  emit('response.created', { response: pending });
  emit('response.in_progress', { response: pending });

  for (const [outputIndex, item] of response.output.entries()) {
    if (item.type === 'message') {
      const text = ((item.content as { text: string }[])[0]!).text;
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      emit('response.content_part.added', { item_id: item.id, output_index: outputIndex, content_index: 0, part });
      for (const delta of pieces[outputIndex]!) {
        if (!(await pacer.next())) return;
        emit('response.output_text.delta', { item_id: item.id, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
      }
      emit('response.output_text.done', { item_id: item.id, output_index: outputIndex, content_index: 0, text, logprobs: [] });
      emit('response.content_part.done', { item_id: item.id, output_index: outputIndex, content_index: 0, part: { ...part, text } });
    } else {
      emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of pieces[outputIndex]!) {
        if (!(await pacer.next())) return;
        emit('response.function_call_arguments.delta', { item_id: item.id, output_index: outputIndex, delta });
      }
      emit('response.function_call_arguments.done', { item_id: item.id, output_index: outputIndex, arguments: item.arguments });
    }
    emit('response.output_item.done', { output_index: outputIndex, item });
  }
  emit(response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
  ctx.res.end();
}
