import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Turn } from './conversation.js';
import { generateReply, UNKNOWN_ANSWER } from './extractive-model.js';
import { countTokens, splitForStreaming, tokenize } from './tokenizer.js';

const CONTEXT = [
  '[refunds] Customers may request a full refund within 30 days of purchase. Refunds go back to the original payment method.',
  '[sla] The Pro tier has an uptime SLA of 99.9%. Service credits apply when monthly uptime falls below the SLA.',
  '[support] Support is available Monday to Friday, 9am to 6pm CET, by email and chat.',
].join('\n');

function text(turns: Turn[], model = 'local-qa'): string {
  const reply = generateReply({ model, turns });
  assert.equal(reply.kind, 'text');
  return reply.kind === 'text' ? reply.text : '';
}

test('answers with the context sentence that best matches the question', () => {
  const answer = text([{ role: 'user', content: `Context:\n${CONTEXT}\n\nQuestion: What uptime does the Pro tier guarantee?` }]);
  assert.equal(answer, 'The Pro tier has an uptime SLA of 99.9%.');
});

test('tolerates a one-letter typo in a long word', () => {
  const answer = text([{ role: 'user', content: `Context:\n${CONTEXT}\n\nQuestion: When can I reach suport?` }]);
  assert.equal(answer, 'Support is available Monday to Friday, 9am to 6pm CET, by email and chat.');
});

test("says I don't know when nothing in the context matches", () => {
  assert.equal(text([{ role: 'user', content: `Context:\n${CONTEXT}\n\nQuestion: What is the capital of France?` }]), UNKNOWN_ANSWER);
  assert.equal(text([{ role: 'user', content: 'What is the capital of France?' }]), UNKNOWN_ANSWER);
});

test('fills Answer:/Citations: fields when the system prompt asks for them', () => {
  const answer = text([
    { role: 'system', content: 'Use the context. Reply exactly as:\nReasoning: <why>\nAnswer: <one sentence>\nCitations: <passage ids>' },
    { role: 'user', content: `Context:\n${CONTEXT}\n\nQuestion: How long is the refund window?` },
  ]);
  const lines = answer.split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^Reasoning: .*refund/);
  assert.equal(lines[1], 'Answer: Customers may request a full refund within 30 days of purchase.');
  assert.equal(lines[2], 'Citations: [refunds]');
});

test('produces DSPy ChatAdapter sections when the system prompt uses [[ ## field ## ]] markers', () => {
  const system = [
    'Your input fields are:',
    '1. `context` (str)',
    '2. `question` (str)',
    'Your output fields are:',
    '1. `reasoning` (str)',
    '2. `answer` (str)',
    'All interactions will be structured in the following way, with the appropriate values filled in.',
    '[[ ## context ## ]]\n{context}\n\n[[ ## question ## ]]\n{question}\n\n[[ ## reasoning ## ]]\n{reasoning}\n\n[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]',
  ].join('\n');
  const user = `[[ ## context ## ]]\n${CONTEXT}\n\n[[ ## question ## ]]\nWhat are the support hours?`;
  const answer = text([{ role: 'system', content: system }, { role: 'user', content: user }]);
  assert.match(answer, /^\[\[ ## reasoning ## \]\]\n.+\n\n\[\[ ## answer ## \]\]\nSupport is available Monday to Friday, 9am to 6pm CET, by email and chat\.\n\n\[\[ ## completed ## \]\]$/);
});

test('only the last user message is the question; few-shot examples do not leak into the answer', () => {
  const answer = text([
    { role: 'system', content: 'Answer from the context.\nAnswer: <text>' },
    { role: 'user', content: 'Context:\n[x] Bananas are yellow.\n\nQuestion: What colour are bananas?' },
    { role: 'assistant', content: 'Answer: Bananas are yellow.' },
    { role: 'user', content: `Context:\n${CONTEXT}\n\nQuestion: Are refunds returned to the original payment method?` },
  ]);
  assert.equal(answer, 'Answer: Refunds go back to the original payment method.');
});

test('calls an offered tool when the question names it and its arguments are present, then answers from the result', () => {
  const tools = [{ name: 'lookup_order', description: 'Look up a customer order by id', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } }];
  const ask: Turn = { role: 'user', content: 'What is the status of order A-1042?' };
  const first = generateReply({ model: 'm', turns: [ask], tools });
  assert.deepEqual(first, { kind: 'tool_calls', calls: [{ name: 'lookup_order', arguments: '{"order_id":"A-1042"}' }] });

  // Without an id the required argument is missing, so the model answers instead.
  assert.equal(generateReply({ model: 'm', turns: [{ role: 'user', content: 'What is your order policy?' }], tools }).kind, 'text');

  const second = generateReply({
    model: 'm',
    tools,
    turns: [
      ask,
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: '{"order_id":"A-1042"}' }] },
      { role: 'tool', toolCallId: 'c1', content: '{"status":"shipped","carrier":"UPS"}' },
    ],
  });
  assert.deepEqual(second, { kind: 'text', text: 'status: shipped, carrier: UPS.' });
});

test('tokenizer counts words and punctuation, splitting long words', () => {
  assert.equal(countTokens('Hello, world!'), 4);
  assert.equal(countTokens('internationalization'), 3);
  assert.deepEqual(tokenize('a-b'), ['a', '-', 'b']);
  const text = 'The quick, brown fox   jumps.\n';
  assert.equal(splitForStreaming(text, 2).join(''), text);
});
