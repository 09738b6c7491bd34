import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSpan, normalizeSpans } from './normalize-span.js';
import { loupeSdkLlm, loupeSdkRetriever } from './fixtures/loupe-sdk.js';
import { rawSpan, T0, TRACE_ID } from './fixtures/raw-span.js';
import { genAiChat } from './fixtures/genai.js';
import { oiChatWithToolCall } from './fixtures/openinference.js';

test('SDK span with OpenInference + GenAI + loupe.*: richer messages win, tokens are not doubled', () => {
  const s = normalizeSpan(loupeSdkLlm);
  assert.equal(s.project, 'rag', 'loupe.project beats openinference.project.name');
  assert.equal(s.kind, 'LLM');
  assert.ok(s.llm);
  // GenAI carries the system message OpenInference's flattened list lacks: the richer list wins.
  assert.deepEqual(s.llm.inputMessages.map((m) => m.role), ['system', 'user']);
  assert.deepEqual(s.llm.outputMessages, [{ role: 'assistant', content: '[[ ## answer ## ]]\nParis', finishReason: 'stop' }]);
  assert.deepEqual(s.usage, { input: 50, output: 5, total: 55 });
  assert.equal(s.llm.model, 'gpt-4o-mini');
  assert.equal(s.llm.responseModel, 'gpt-4o-mini-2024-07-18');
  assert.deepEqual(s.llm.parameters, { temperature: 0 });
  assert.equal(s.llm.rawResponse, loupeSdkLlm.attributes['loupe.llm.raw_response']);
  assert.deepEqual(s.llm.parsed, { answer: 'Paris' });
});

test('loupe.retrieval.query becomes the query', () => {
  const s = normalizeSpan(loupeSdkRetriever);
  assert.equal(s.kind, 'RETRIEVER');
  assert.equal(s.query, 'capital of France');
  assert.equal(s.documents?.length, 1);
});

test('generic fields: ids, times, status, exception message, service, users, unknown kind', () => {
  const raw = rawSpan('e1e1e1e1e1e1e1e1', 'handler', { 'enduser.id': 'alice', 'session.id': 's1', 'http.route': '/ask' }, {
    parentSpanId: 'e0e0e0e0e0e0e0e0',
    statusCode: 2,
    events: [{ name: 'exception', timeUs: T0 + 5, attributes: { 'exception.type': 'ValueError', 'exception.message': 'bad input', 'exception.stacktrace': 'Traceback…' } }],
    links: [{ traceId: TRACE_ID, spanId: 'e2e2e2e2e2e2e2e2', attributes: {} }],
  });
  const s = normalizeSpan(raw);
  assert.equal(s.traceId, TRACE_ID);
  assert.equal(s.spanId, 'e1e1e1e1e1e1e1e1');
  assert.equal(s.parentSpanId, 'e0e0e0e0e0e0e0e0');
  assert.equal(s.startUs, T0);
  assert.equal(s.endUs, T0 + 1_250_000);
  assert.equal(s.kind, 'UNKNOWN');
  assert.equal(s.otelKind, 1);
  assert.equal(s.status, 'error');
  assert.equal(s.statusMessage, 'ValueError: bad input');
  assert.equal(s.events[0]?.attributes['exception.stacktrace'], 'Traceback…');
  assert.equal(s.links.length, 1);
  assert.equal(s.serviceName, 'rag-qa');
  assert.equal(s.project, 'default');
  assert.equal(s.userId, 'alice');
  assert.equal(s.sessionId, 's1');
  assert.equal(s.scopeName, 'fixture');
  assert.equal(s.llm, undefined);
  assert.equal(s.usage, undefined);
});

test('malformed values never throw and keep the span', () => {
  const raw = rawSpan('f1f1f1f1f1f1f1f1', 'weird', {
    'openinference.span.kind': 'LLM',
    'llm.invocation_parameters': '{not json',
    'llm.input_messages.x.message.role': 'user',
    'llm.input_messages.0': 'no subkey',
    'gen_ai.operation.name': 'chat',
    'gen_ai.input.messages': '[{"role": "user", "parts": "nope"}, 3, null]',
    'gen_ai.output.messages': '{',
    'gen_ai.usage.input_tokens': 'many',
    metadata: '[1,2]',
    'tag.tags': 5,
  });
  const s = normalizeSpan(raw);
  assert.equal(s.kind, 'LLM');
  assert.deepEqual(s.llm?.inputMessages, [{ role: 'user', content: '' }]);
  assert.equal(s.usage, undefined);
  assert.equal(s.metadata, undefined);
  assert.deepEqual(normalizeSpans([raw, genAiChat, oiChatWithToolCall]).map((x) => x.kind), ['LLM', 'LLM', 'LLM']);
});
