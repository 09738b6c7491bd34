import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { startLocalModelServer, type LocalModelServer } from './server.js';
import { countTokens } from './tokenizer.js';
import { MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS } from './usage.js';

let server: LocalModelServer;
let client: OpenAI;

before(async () => {
  server = await startLocalModelServer({ port: 0, latencyMs: { min: 0, max: 5 } });
  client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 });
});
after(() => server.close());

const CONTEXT_QUESTION =
  'Context:\n[refunds] Customers may request a full refund within 30 days of purchase.\n[sla] The Pro tier has an uptime SLA of 99.9%.\n\nQuestion: How many days do I have to request a refund?';
const REFUND_ANSWER = 'Customers may request a full refund within 30 days of purchase.';

test('binds 127.0.0.1 and exposes url/baseURL', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(server.baseURL, `${server.url}/v1`);
});

test('chat completion answers from the context with exact usage', async () => {
  const messages = [{ role: 'user' as const, content: CONTEXT_QUESTION }];
  const res = await client.chat.completions.create({ model: 'local-qa', messages });
  assert.equal(res.object, 'chat.completion');
  assert.equal(res.model, 'local-qa');
  assert.equal(res.choices.length, 1);
  assert.equal(res.choices[0]!.message.content, REFUND_ANSWER);
  assert.equal(res.choices[0]!.finish_reason, 'stop');
  const expectedPrompt = REPLY_PRIMING_TOKENS + MESSAGE_OVERHEAD_TOKENS + countTokens(CONTEXT_QUESTION);
  assert.equal(res.usage?.prompt_tokens, expectedPrompt);
  assert.equal(res.usage?.completion_tokens, countTokens(REFUND_ANSWER));
  assert.equal(res.usage?.total_tokens, expectedPrompt + countTokens(REFUND_ANSWER));
  assert.equal(res.usage?.completion_tokens_details?.reasoning_tokens, 0);
  assert.equal(res.usage?.prompt_tokens_details?.cached_tokens, 0);
});

test('a long repeated system prompt reports cached tokens from its second use on', async () => {
  const system = 'You are a careful assistant for Acme Cloud. '.repeat(30);
  const ask = (q: string) =>
    client.chat.completions.create({ model: 'local-qa', messages: [{ role: 'system', content: system }, { role: 'user', content: q }] });
  const first = await ask('first question about refunds');
  const second = await ask('a different question about uptime');
  assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 0);
  const cached = second.usage!.prompt_tokens_details!.cached_tokens!;
  assert.ok(cached > 0 && cached % 64 === 0 && cached <= second.usage!.prompt_tokens, `cached ${cached}`);
});

test('a model whose name contains "reason" reports reasoning tokens inside completion tokens', async () => {
  const res = await client.chat.completions.create({ model: 'local-reason', messages: [{ role: 'user', content: CONTEXT_QUESTION }] });
  const visible = countTokens(res.choices[0]!.message.content!);
  assert.equal(res.usage?.completion_tokens_details?.reasoning_tokens, 2 * visible + 16);
  assert.equal(res.usage?.completion_tokens, visible + 2 * visible + 16);
});

test('streaming with include_usage: deltas rebuild the answer, usage arrives in a last chunk with no choices', async () => {
  const stream = await client.chat.completions.create({
    model: 'local-qa',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: CONTEXT_QUESTION }],
  });
  let text = '';
  const finish: (string | null)[] = [];
  const usages: unknown[] = [];
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    assert.equal(chunk.object, 'chat.completion.chunk');
    for (const c of chunk.choices) {
      text += c.delta.content ?? '';
      if (c.finish_reason) finish.push(c.finish_reason);
    }
    if (chunk.usage) usages.push(chunk);
  }
  assert.equal(text, REFUND_ANSWER);
  assert.deepEqual(finish, ['stop']);
  assert.ok(chunks > 3);
  assert.equal(usages.length, 1);
  const last = usages[0] as OpenAI.ChatCompletionChunk;
  assert.deepEqual(last.choices, []);
  assert.equal(last.usage?.completion_tokens, countTokens(REFUND_ANSWER));
});

test('SSE framing: every event is one data: line and the stream ends with data: [DONE]', async () => {
  const res = await fetch(`${server.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'local-qa', stream: true, messages: [{ role: 'user', content: CONTEXT_QUESTION }] }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const body = await res.text();
  const events = body.split('\n\n').filter(Boolean);
  for (const e of events) assert.match(e, /^data: .+$/);
  assert.equal(events.at(-1), 'data: [DONE]');
  // Without include_usage no chunk carries a usage field.
  for (const e of events.slice(0, -1)) assert.equal('usage' in JSON.parse(e.slice(6)), false);
});

test('tools: a tool call, then an answer built from the tool result', async () => {
  const tools: OpenAI.ChatCompletionTool[] = [
    {
      type: 'function',
      function: {
        name: 'lookup_order',
        description: 'Look up the status of a customer order by its order id',
        parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
      },
    },
  ];
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Where is my order ORD-7731?' }];
  const first = await client.chat.completions.create({ model: 'local-qa', messages, tools });
  const choice = first.choices[0]!;
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.content, null);
  const call = choice.message.tool_calls![0]!;
  assert.equal(call.type, 'function');
  assert.ok(call.type === 'function');
  assert.equal(call.function.name, 'lookup_order');
  assert.deepEqual(JSON.parse(call.function.arguments), { order_id: 'ORD-7731' });
  assert.match(call.id, /^call_/);

  messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify({ status: 'delivered', delivered_on: '2025-02-01' }) });
  const second = await client.chat.completions.create({ model: 'local-qa', messages, tools });
  assert.equal(second.choices[0]!.finish_reason, 'stop');
  assert.equal(second.choices[0]!.message.content, 'status: delivered, delivered on: 2025-02-01.');
});

test('streamed tool call arguments reassemble into the JSON arguments', async () => {
  const stream = await client.chat.completions.create({
    model: 'local-qa',
    stream: true,
    messages: [{ role: 'user', content: 'Look up order A-1042 please' }],
    tools: [{ type: 'function', function: { name: 'lookup_order', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } } }],
  });
  let name = '';
  let args = '';
  let finish: string | null = null;
  for await (const chunk of stream) {
    for (const c of chunk.choices) {
      for (const tc of c.delta.tool_calls ?? []) {
        name += tc.function?.name ?? '';
        args += tc.function?.arguments ?? '';
      }
      finish = c.finish_reason ?? finish;
    }
  }
  assert.equal(name, 'lookup_order');
  assert.deepEqual(JSON.parse(args), { order_id: 'A-1042' });
  assert.equal(finish, 'tool_calls');
});

test('n=2 returns two choices, the second the runner-up sentence', async () => {
  const res = await client.chat.completions.create({ model: 'local-qa', n: 2, messages: [{ role: 'user', content: CONTEXT_QUESTION }] });
  assert.equal(res.choices.length, 2);
  assert.deepEqual(res.choices.map((c) => c.index), [0, 1]);
  assert.equal(res.choices[0]!.message.content, REFUND_ANSWER);
  assert.equal(typeof res.choices[1]!.message.content, 'string');
});

test('max_tokens cuts the answer and reports finish_reason length', async () => {
  const res = await client.chat.completions.create({ model: 'local-qa', max_tokens: 3, messages: [{ role: 'user', content: CONTEXT_QUESTION }] });
  assert.equal(res.choices[0]!.message.content, 'Customers may');
  assert.equal(res.choices[0]!.finish_reason, 'length');
  assert.equal(res.usage?.completion_tokens, 3);
});

test('injected 500 and 429 (marker or header) are OpenAI-shaped API errors', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'local-qa', messages: [{ role: 'user', content: 'hello [[fail:500]]' }] }),
    (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500 && (err.error as { type?: string }).type === 'server_error',
  );
  await assert.rejects(
    client.chat.completions.create(
      { model: 'local-qa', messages: [{ role: 'user', content: 'hello' }] },
      { headers: { 'x-local-model-fail': '429' } },
    ),
    (err: unknown) => err instanceof OpenAI.RateLimitError && err.code === 'rate_limit_exceeded',
  );
});

test('[[fail:timeout]] never answers: the client times out, and close() still returns', async () => {
  const local = await startLocalModelServer({ latencyMs: { min: 0, max: 0 } });
  const c = new OpenAI({ baseURL: local.baseURL, apiKey: 'test', maxRetries: 0, timeout: 300 });
  await assert.rejects(
    c.chat.completions.create({ model: 'local-qa', messages: [{ role: 'user', content: 'hi [[fail:timeout]]' }] }),
    (err: unknown) => err instanceof OpenAI.APIConnectionTimeoutError,
  );
  // A second hung request still open while closing must not keep close() waiting.
  const hung = fetch(`${local.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-local-model-fail': 'timeout' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
  }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  await local.close();
  assert.ok((await hung) instanceof Error);
});

test('invalid requests get a 400 with an OpenAI error body, and the server keeps serving', async () => {
  const post = (body: string) => fetch(`${server.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const bad = await post('{not json');
  assert.equal(bad.status, 400);
  const badBody = (await bad.json()) as { error: { type: string; code: string } };
  assert.equal(badBody.error.type, 'invalid_request_error');
  assert.equal(badBody.error.code, 'invalid_json');

  const noModel = await post(JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }));
  assert.equal(noModel.status, 400);
  assert.equal(((await noModel.json()) as { error: { param: string } }).error.param, 'model');

  await assert.rejects(
    client.chat.completions.create({ model: 'local-qa', messages: [] }),
    (err: unknown) => err instanceof OpenAI.BadRequestError && err.param === 'messages',
  );
  const notFound = await fetch(`${server.url}/v1/nope`);
  assert.equal(notFound.status, 404);

  const ok = await client.chat.completions.create({ model: 'local-qa', messages: [{ role: 'user', content: CONTEXT_QUESTION }] });
  assert.equal(ok.choices[0]!.message.content, REFUND_ANSWER);
});

test('embeddings: deterministic 64-dim unit vectors (float and base64) with usage', async () => {
  const a = await client.embeddings.create({ model: 'local-embed', input: ['refund policy', 'uptime SLA', 'refund policy'] });
  assert.equal(a.data.length, 3);
  assert.equal(a.data[0]!.embedding.length, 64);
  const norm = Math.hypot(...a.data[0]!.embedding);
  assert.ok(Math.abs(norm - 1) < 1e-5);
  assert.deepEqual(a.data[0]!.embedding, a.data[2]!.embedding);
  assert.notDeepEqual(a.data[0]!.embedding, a.data[1]!.embedding);
  assert.equal(a.usage.prompt_tokens, countTokens('refund policy') * 2 + countTokens('uptime SLA'));

  const f = await client.embeddings.create({ model: 'local-embed', input: 'refund policy', encoding_format: 'float', dimensions: 16 });
  assert.equal(f.data[0]!.embedding.length, 16);
});

test('models list names the catalogue', async () => {
  const ids: string[] = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes('local-qa') && ids.includes('local-qa-slow'));
});

test('responses API: output_text, usage, and streamed events', async () => {
  const res = await client.responses.create({ model: 'local-qa', instructions: 'Answer from the context.', input: CONTEXT_QUESTION });
  assert.equal(res.status, 'completed');
  assert.equal(res.output_text, REFUND_ANSWER);
  assert.equal(res.usage?.output_tokens, countTokens(REFUND_ANSWER));
  assert.equal(res.usage!.total_tokens, res.usage!.input_tokens + res.usage!.output_tokens);

  const stream = await client.responses.create({ model: 'local-qa', input: CONTEXT_QUESTION, stream: true });
  const types: string[] = [];
  let text = '';
  let completedUsage: number | undefined;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completedUsage = event.response.usage?.output_tokens;
  }
  assert.equal(types[0], 'response.created');
  assert.equal(types.at(-1), 'response.completed');
  assert.ok(types.includes('response.output_text.delta'));
  assert.equal(text, REFUND_ANSWER);
  assert.equal(completedUsage, countTokens(REFUND_ANSWER));
});

test('responses API: function calls and function_call_output', async () => {
  const tools: OpenAI.Responses.FunctionTool[] = [
    { type: 'function', name: 'lookup_order', description: 'Look up an order', strict: false, parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } },
  ];
  const first = await client.responses.create({ model: 'local-qa', input: 'Check order A-9 for me', tools });
  const call = first.output[0]!;
  assert.equal(call.type, 'function_call');
  assert.ok(call.type === 'function_call');
  assert.equal(call.name, 'lookup_order');
  const second = await client.responses.create({
    model: 'local-qa',
    tools,
    input: [
      { role: 'user', content: 'Check order A-9 for me' },
      { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
      { type: 'function_call_output', call_id: call.call_id, output: '{"status":"processing"}' },
    ],
  });
  assert.equal(second.output_text, 'status: processing.');
});

test('counts every request it received', () => {
  assert.ok(server.requests >= 15);
});
