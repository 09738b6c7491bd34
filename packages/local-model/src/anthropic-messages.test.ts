import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLocalModelServer, type LocalModelServer } from './server.js';
import { countTokens } from './tokenizer.js';

let server: LocalModelServer;
before(async () => {
  server = await startLocalModelServer({ latencyMs: { min: 0, max: 2 } });
});
after(() => server.close());

const QUESTION = 'Context:\n[support] Support is available Monday to Friday, 9am to 6pm CET.\n\nQuestion: When is support available?';
const ANSWER = 'Support is available Monday to Friday, 9am to 6pm CET.';

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
}

test('messages: text content block, end_turn and Anthropic usage', async () => {
  const res = await post({ model: 'claude-local', max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: QUESTION }] });
  assert.equal(res.status, 200);
  const msg = (await res.json()) as { type: string; role: string; content: { type: string; text: string }[]; stop_reason: string; usage: Record<string, number> };
  assert.equal(msg.type, 'message');
  assert.equal(msg.role, 'assistant');
  assert.deepEqual(msg.content, [{ type: 'text', text: ANSWER }]);
  assert.equal(msg.stop_reason, 'end_turn');
  assert.equal(msg.usage.output_tokens, countTokens(ANSWER));
  assert.ok(msg.usage.input_tokens! > countTokens(QUESTION));
});

test('messages: tool_use block, then an answer from the tool_result', async () => {
  const tools = [{ name: 'lookup_order', description: 'Look up an order by id', input_schema: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } }];
  const ask = { role: 'user', content: 'Where is order A-1042?' };
  const first = (await (await post({ model: 'claude-local', max_tokens: 100, tools, messages: [ask] })).json()) as {
    content: { type: string; id: string; name: string; input: unknown }[];
    stop_reason: string;
  };
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content[0]!;
  assert.equal(use.type, 'tool_use');
  assert.equal(use.name, 'lookup_order');
  assert.deepEqual(use.input, { order_id: 'A-1042' });

  const second = (await (
    await post({
      model: 'claude-local',
      max_tokens: 100,
      tools,
      messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '{"status":"shipped"}' }] }],
    })
  ).json()) as { content: { text: string }[]; stop_reason: string };
  assert.equal(second.stop_reason, 'end_turn');
  assert.equal(second.content[0]!.text, 'status: shipped.');
});

test('messages streaming: event sequence and text deltas', async () => {
  const res = await post({ model: 'claude-local', max_tokens: 200, stream: true, messages: [{ role: 'user', content: QUESTION }] });
  const body = await res.text();
  const events = body.split('\n\n').filter(Boolean).map((block) => {
    const [eventLine, dataLine] = block.split('\n');
    const name = eventLine!.replace(/^event: /, '');
    const data = JSON.parse(dataLine!.replace(/^data: /, '')) as Record<string, any>;
    assert.equal(data.type, name);
    return data;
  });
  const names = events.map((e) => e.type);
  assert.equal(names[0], 'message_start');
  assert.equal(names[1], 'content_block_start');
  assert.deepEqual(names.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  const text = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text).join('');
  assert.equal(text, ANSWER);
  const delta = events.find((e) => e.type === 'message_delta')!;
  assert.equal(delta.delta.stop_reason, 'end_turn');
  assert.equal(delta.usage.output_tokens, countTokens(ANSWER));
});

test('messages errors use the Anthropic error shape', async () => {
  const missing = await post({ model: 'claude-local', messages: [{ role: 'user', content: 'x' }] });
  assert.equal(missing.status, 400);
  assert.deepEqual(((await missing.json()) as { type: string; error: { type: string } }).error.type, 'invalid_request_error');
  const limited = await post({ model: 'claude-local', max_tokens: 10, messages: [{ role: 'user', content: 'x [[fail:429]]' }] });
  assert.equal(limited.status, 429);
  assert.deepEqual(await limited.json(), { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit reached for requests (injected by the local model).' } });
});
