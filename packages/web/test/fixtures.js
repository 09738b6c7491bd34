// Traces the end-to-end tests store and then look for in the browser.
import { buildLLMSpan, buildSpan, chatDetails } from '@loupe/store';

const hex = (n, width) => n.toString(16).padStart(width, '0');
export const traceId = (n) => hex(0xabc00000 + n, 32);
const spanId = (t, n) => hex(t * 0x100000 + n, 16);

export const PROJECT = 'support-bot';
export const NOW_US = Date.now() * 1000;
const minutesAgo = (m) => NOW_US - Math.round(m * 60_000_000);

/** The prompt-only phrase the search test looks for (not in any root input or name). */
export const PROMPT_PHRASE = 'quokka refund matrix';
export const XSS = {
  script: '<script>window.__pwned = 1</script>',
  img: '<img src=x onerror="window.__pwned = 1">',
  attrName: '<img src=x onerror=window.__pwned=1>.key',
};

/** A RAG request: retrieve (120 ms) then answer (650 ms) under an 800 ms root. */
export function ragTrace({ n, startUs, question, answer, userId, sessionId, status = 'ok', durationMs = 800 }) {
  const t = traceId(n);
  const root = spanId(n, 1);
  const retrieveStart = startUs + 10_000;
  const answerStart = retrieveStart + 130_000;
  const spans = [
    buildSpan({
      project: PROJECT, traceId: t, spanId: root, name: 'answer_question', kind: 'CHAIN', startUs, durationMs,
      input: question, output: answer, userId, sessionId, status,
      attributes: { 'app.route': '/chat', 'customer.id': 12345 },
      ...(status === 'error' ? { statusMessage: 'upstream timeout' } : {}),
    }),
    buildSpan({
      project: PROJECT, traceId: t, spanId: spanId(n, 2), parentSpanId: root, name: 'retrieve', kind: 'RETRIEVER',
      startUs: retrieveStart, durationMs: 120, query: question, userId, sessionId,
      documents: [
        { id: 'doc-refunds', content: 'Refunds are issued within 14 days of a return.', score: 0.9132 },
        { id: 'doc-shipping', content: 'Shipping takes 3-5 business days.', score: 0.4021 },
      ],
    }),
    buildLLMSpan({
      project: PROJECT, traceId: t, spanId: spanId(n, 3), parentSpanId: root, name: 'answer', model: 'gpt-4o-mini',
      startUs: answerStart, durationMs: durationMs - 150, userId, sessionId, status,
      usage: { input: 1234, output: 56, total: 1290, cacheRead: 100, reasoning: 7 },
      costUsd: 0.0123,
      llm: chatDetails('gpt-4o-mini', question, answer, {
        parameters: { temperature: 0.2, max_tokens: 512 },
        timeToFirstTokenMs: 210,
        inputMessages: [
          { role: 'system', content: `You answer support questions. Use the ${PROMPT_PHRASE} when refunds are involved.` },
          { role: 'user', content: 'Can I return shoes?' },
          { role: 'assistant', content: 'Yes, within 30 days.' },
          { role: 'user', content: question },
        ],
        outputMessages: [
          { role: 'assistant', content: answer, finishReason: 'stop', toolCalls: [{ id: 'call_1', name: 'lookup_order', arguments: '{"order_id":12345}' }] },
        ],
        rawResponse: JSON.stringify({ id: 'chatcmpl-1', choices: [{ message: { content: answer } }] }),
      }),
      events: status === 'error'
        ? [{ name: 'exception', timeUs: answerStart + 5000, attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'model took too long', 'exception.stacktrace': 'TimeoutError: model took too long\n    at callModel (app.js:10:5)' } }]
        : [],
    }),
  ];
  return spans;
}

/** The stored data set: a session of two turns, a slow failing request, a fast one and an XSS trace. */
export function fixtureSpans() {
  return [
    ...ragTrace({ n: 1, startUs: minutesAgo(30), question: 'What is the refund policy for order 12345?', answer: 'Refunds take 14 days.', userId: 'customer-12345', sessionId: 'sess-1' }),
    ...ragTrace({ n: 2, startUs: minutesAgo(20), question: 'And how long does shipping take?', answer: 'Shipping takes 3-5 business days.', userId: 'customer-12345', sessionId: 'sess-1' }),
    ...ragTrace({ n: 3, startUs: minutesAgo(10), question: 'Why was I charged twice?', answer: '', userId: 'customer-777', status: 'error', durationMs: 3200 }),
    buildSpan({ project: PROJECT, traceId: traceId(4), spanId: spanId(4, 1), name: 'classify', startUs: minutesAgo(5), durationMs: 40, input: 'hello', output: 'greeting' }),
    ...xssTrace(),
  ];
}

export function xssTrace() {
  const t = traceId(5);
  const root = spanId(5, 1);
  const startUs = minutesAgo(1);
  return [
    buildSpan({
      project: PROJECT, traceId: t, spanId: root, name: `xss ${XSS.img}`, startUs, durationMs: 300,
      input: XSS.script, output: XSS.img, userId: XSS.img, sessionId: 'sess-xss',
      attributes: { [XSS.attrName]: XSS.script, [XSS.script]: 'value' },
      metadata: { [XSS.img]: XSS.script },
    }),
    buildLLMSpan({
      project: PROJECT, traceId: t, spanId: spanId(5, 2), parentSpanId: root, name: XSS.script, model: XSS.img,
      startUs: startUs + 1000, durationMs: 200, prompt: XSS.script, completion: XSS.img,
      attributes: { [XSS.attrName]: XSS.img },
      events: [{ name: 'exception', timeUs: startUs + 2000, attributes: { 'exception.type': XSS.img, 'exception.message': XSS.script, 'exception.stacktrace': XSS.script } }],
    }),
  ];
}

/** One trace with `count` spans: a root, 100 steps, and the rest spread under the steps. */
export function bigTrace(n, count) {
  const t = traceId(n);
  const startUs = NOW_US - 2 * 60_000_000;
  const spans = [buildSpan({ project: PROJECT, traceId: t, spanId: spanId(n, 0), name: 'batch_job', startUs, durationMs: 60_000 })];
  for (let i = 1; i < count; i++) {
    const parent = i <= 100 ? spanId(n, 0) : spanId(n, 1 + (i % 100));
    spans.push(buildSpan({ project: PROJECT, traceId: t, spanId: spanId(n, i), parentSpanId: parent, name: i === count - 1 ? 'last-span' : `step-${i}`, startUs: startUs + i * 5000, durationMs: 4 }));
  }
  return spans;
}

/** A root with `children` direct children (a fan-out job): the step breakdown must not swallow the tree. */
export function wideTrace(n, children) {
  const t = traceId(n);
  const startUs = NOW_US - 3 * 60_000_000;
  const spans = [buildSpan({ project: PROJECT, traceId: t, spanId: spanId(n, 0), name: 'fan_out', startUs, durationMs: 10_000 })];
  for (let i = 1; i <= children; i++) {
    spans.push(buildSpan({ project: PROJECT, traceId: t, spanId: spanId(n, i), parentSpanId: spanId(n, 0), name: `shard-${i}`, startUs: startUs + i * 1000, durationMs: 5 + (i % 50) }));
  }
  return spans;
}
