// The benchmark workload: realistic LLM request traffic, built with the real OpenTelemetry SDK
// and serialized exactly as an OTLP/HTTP protobuf exporter sends it.
//
// One request is one trace of 10 spans (~1.2 KB each on the wire): a CHAIN root, a query
// embedding, a retrieval with 5 documents, a reranker, an input guardrail, two LM calls with
// ~2 KB prompts (OpenInference flattened attributes AND GenAI message JSON, as apps that run
// both instrumentations send), a tool call, an output guardrail and a formatting step.
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

/** Bump when the generated traffic changes: cached stores built from older traffic are rebuilt. */
export const WORKLOAD_VERSION = 1;
export const SPANS_PER_REQUEST = 10;
/** Spans per OTLP export request, the OTel BatchSpanProcessor's default maxExportBatchSize. */
export const BATCH_SPANS = 512;
export const PROJECT = 'bench';
/** Fixed-width marker attribute on the first root span of every batch; patched per send (row 2). */
export const MARKER_PREFIX = 'lpmk';
const MARKER_WIDTH = 24;

/** Deterministic PRNG (mulberry32): the same seed gives the same traffic on every machine. */
import { seededRandom as prng } from '@loupe/local-model';
export { prng };

const WORDS = (
  'the a of to and in for on with that this from by at as be is are was were account invoice order refund ' +
  'shipment delivery customer support policy warranty return product service plan upgrade billing payment ' +
  'card address email password login session token usage limit quota region zone cluster deploy release ' +
  'version update patch error timeout retry request response latency cache database index query search ' +
  'document page section table figure summary answer question context source citation model prompt tool ' +
  'agent step result score rank filter date month year week day hour minute team project workspace user'
).split(' ');

function sentence(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return out.join(' ') + '.';
}

function paragraph(rand, chars) {
  let s = '';
  while (s.length < chars) s += (s ? ' ' : '') + sentence(rand, 8 + Math.floor(rand() * 10));
  return s.slice(0, chars);
}

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-3-5-sonnet-20241022'];

/** The marker value for batch `n`: fixed width so it can be patched into a serialized body in place. */
export function markerValue(n) {
  const body = `${MARKER_PREFIX}${n.toString(36)}`;
  return body + 'x'.repeat(MARKER_WIDTH - body.length);
}

function oiMessages(prefix, messages) {
  const attrs = {};
  messages.forEach((m, i) => {
    attrs[`${prefix}.${i}.message.role`] = m.role;
    attrs[`${prefix}.${i}.message.content`] = m.content;
  });
  return attrs;
}

/**
 * Records `requests` traces into `tracer`. Times are explicit (ms since epoch), so a request
 * "takes" realistic durations without the benchmark waiting for them.
 */
function recordRequest(tracer, rand, startMs, marker) {
  const question = `${sentence(rand, 12)} ${sentence(rand, 8)}`;
  const model = MODELS[Math.floor(rand() * MODELS.length)];
  let t = startMs;
  const advance = (ms) => (t += ms);

  const root = tracer.startSpan('rag.answer', {
    kind: SpanKind.SERVER,
    startTime: t,
    attributes: {
      'openinference.span.kind': 'CHAIN',
      'input.value': question,
      'input.mime_type': 'text/plain',
      'user.id': `user-${Math.floor(rand() * 5000)}`,
      'session.id': `session-${Math.floor(rand() * 20000)}`,
      'http.route': '/api/answer',
      ...(marker ? { 'bench.marker': marker } : {}),
    },
  });
  const ctx = trace.setSpan(context.active(), root);
  const child = (name, attributes, durationMs, kind = SpanKind.INTERNAL) => {
    const s = tracer.startSpan(name, { kind, startTime: advance(1 + rand() * 3), attributes }, ctx);
    s.end(advance(durationMs));
    return s;
  };

  child('guardrail.input', {
    'openinference.span.kind': 'GUARDRAIL',
    'input.value': question,
    'output.value': JSON.stringify({ allowed: true, categories: { pii: false, jailbreak: false, toxicity: 0.01 } }),
    'guardrail.name': 'input-policy',
    'guardrail.policy.version': '2024-11-01',
  }, 5 + rand() * 10);

  child('embed.query', {
    'openinference.span.kind': 'EMBEDDING',
    'embedding.model_name': 'text-embedding-3-small',
    'embedding.embeddings.0.embedding.text': question,
    'gen_ai.operation.name': 'embeddings',
    'gen_ai.request.model': 'text-embedding-3-small',
    'gen_ai.usage.input_tokens': 24 + Math.floor(rand() * 20),
  }, 20 + rand() * 60, SpanKind.CLIENT);

  const docs = [];
  const docAttrs = {};
  for (let i = 0; i < 5; i++) {
    const doc = { id: `kb-${Math.floor(rand() * 1e6)}`, content: paragraph(rand, 170), score: 0.9 - i * 0.07 };
    docs.push(doc);
    docAttrs[`retrieval.documents.${i}.document.id`] = doc.id;
    docAttrs[`retrieval.documents.${i}.document.content`] = doc.content;
    docAttrs[`retrieval.documents.${i}.document.score`] = doc.score;
    docAttrs[`retrieval.documents.${i}.document.metadata`] = JSON.stringify({ source: 'kb', section: i + 1 });
  }
  child('retrieve.documents', {
    'openinference.span.kind': 'RETRIEVER',
    'input.value': question,
    'db.system': 'pgvector',
    'retrieval.top_k': 5,
    ...docAttrs,
  }, 30 + rand() * 120, SpanKind.CLIENT);

  child('rerank.documents', {
    'openinference.span.kind': 'RERANKER',
    'reranker.model_name': 'rerank-english-v3.0',
    'reranker.query': question,
    'reranker.top_k': 3,
    ...Object.fromEntries(docs.slice(0, 3).map((d, i) => [`reranker.output_documents.${i}.document.id`, d.id])),
  }, 40 + rand() * 80, SpanKind.CLIENT);

  const system = `You are a support assistant. ${paragraph(rand, 420)}`;
  const contextText = docs.slice(0, 3).map((d) => d.content).join('\n\n');
  const llmCall = (name, userContent, output, toolCall) => {
    const inputMessages = [
      { role: 'system', content: system },
      { role: 'user', content: userContent },
    ];
    const inTok = 400 + Math.floor(rand() * 300);
    const outTok = 60 + Math.floor(rand() * 200);
    const genaiOut = toolCall
      ? [{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: toolCall.name, arguments: JSON.parse(toolCall.arguments) }], finish_reason: 'tool_call' }]
      : [{ role: 'assistant', parts: [{ type: 'text', content: output }], finish_reason: 'stop' }];
    return child(name, {
      'openinference.span.kind': 'LLM',
      'llm.model_name': model,
      'llm.provider': 'openai',
      'llm.invocation_parameters': JSON.stringify({ temperature: 0.2, max_tokens: 512 }),
      ...oiMessages('llm.input_messages', inputMessages),
      ...(toolCall
        ? {
            'llm.output_messages.0.message.role': 'assistant',
            'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': toolCall.name,
            'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': toolCall.arguments,
          }
        : oiMessages('llm.output_messages', [{ role: 'assistant', content: output }])),
      'llm.token_count.prompt': inTok,
      'llm.token_count.completion': outTok,
      'llm.token_count.total': inTok + outTok,
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': model,
      'gen_ai.response.model': model,
      'gen_ai.input.messages': JSON.stringify(inputMessages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] }))),
      'gen_ai.output.messages': JSON.stringify(genaiOut),
      'gen_ai.usage.input_tokens': inTok,
      'gen_ai.usage.output_tokens': outTok,
      'gen_ai.response.finish_reasons': [toolCall ? 'tool_calls' : 'stop'],
    }, 300 + rand() * 2500, SpanKind.CLIENT);
  };

  const toolCall = { name: 'lookup_order', arguments: JSON.stringify({ order_id: `A${Math.floor(rand() * 1e6)}` }) };
  llmCall('llm.plan', `${question}\n\nContext:\n${contextText.slice(0, 300)}`, '', toolCall);

  const toolResult = JSON.stringify({ status: 'shipped', eta_days: Math.floor(rand() * 7), carrier: 'ups', notes: sentence(rand, 10) });
  child('tool.lookup_order', {
    'openinference.span.kind': 'TOOL',
    'tool.name': toolCall.name,
    'tool.description': 'Look up an order by id',
    'tool.parameters': JSON.stringify({ type: 'object', properties: { order_id: { type: 'string' } } }),
    'input.value': toolCall.arguments,
    'output.value': toolResult,
  }, 15 + rand() * 100, SpanKind.CLIENT);

  const answer = paragraph(rand, 350);
  llmCall('llm.answer', `${question}\n\nTool result: ${toolResult}\n\nContext:\n${contextText.slice(0, 300)}`, answer);

  child('guardrail.output', {
    'openinference.span.kind': 'GUARDRAIL',
    'input.value': answer.slice(0, 120),
    'output.value': JSON.stringify({ allowed: true, grounded: 0.93 }),
    'guardrail.name': 'output-groundedness',
  }, 10 + rand() * 30);

  child('format.answer', { 'openinference.span.kind': 'CHAIN', 'output.value': answer.slice(0, 200) }, 1 + rand() * 3);

  const failed = rand() < 0.03;
  root.setAttribute('output.value', answer);
  if (failed) root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
  root.end(advance(2));
}

/**
 * Generates `batches` OTLP protobuf export bodies of {@link BATCH_SPANS} spans each (the last
 * request of a batch may be split across two bodies, as a batch exporter does). Every batch's
 * first root span carries a unique, patchable `bench.marker` (see {@link markerValue}).
 *
 * Returns the bodies and, per body, where each trace id's and each time's bytes sit, so {@link freshTraceIds}
 * can make a recycled body carry new traces.
 */
export function generateBatches(batches, { seed = 1, startMs = Date.now() - 3_600_000 } = {}) {
  const rand = prng(seed);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'bench-rag-service',
      'service.version': '1.4.2',
      'deployment.environment': 'bench',
      'loupe.project': PROJECT,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench-rag', '1.0.0');
  const bodies = [];
  let pending = [];
  let t = startMs;
  let batchIndex = 0;
  let needMarker = true;
  while (bodies.length < batches) {
    recordRequest(tracer, rand, (t += 50 + rand() * 200), needMarker ? markerValue(batchIndex) : undefined);
    needMarker = false;
    pending.push(...exporter.getFinishedSpans());
    exporter.reset();
    while (pending.length >= BATCH_SPANS && bodies.length < batches) {
      const spans = pending.slice(0, BATCH_SPANS);
      pending = pending.slice(BATCH_SPANS);
      bodies.push(toBody(spans));
      batchIndex += 1;
      needMarker = true;
    }
  }
  return bodies;
}

/** A timestamp as OTLP protobuf writes it: its fixed64 field's tag, then the nanoseconds little-endian. */
function timeBytes(tag, [sec, ns]) {
  const out = Buffer.alloc(9);
  out[0] = tag;
  out.writeBigUInt64LE(BigInt(sec) * 1_000_000_000n + BigInt(ns), 1);
  return out;
}

/** Where every span start/end and event time of `buf` sits (the offsets of their 8 value bytes). */
function timeOffsets(buf, spans) {
  const needles = new Map();
  const add = (tag, time) => {
    const b = timeBytes(tag, time);
    needles.set(b.toString('hex'), b);
  };
  for (const s of spans) {
    // Span.start_time_unix_nano = 7, end_time_unix_nano = 8, Event.time_unix_nano = 1 (fixed64).
    add(0x39, s.startTime);
    add(0x41, s.endTime);
    for (const e of s.events) add(0x09, e.time);
  }
  const at = new Set();
  for (const needle of needles.values()) {
    for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) at.add(i + 1);
  }
  return [...at];
}

function toBody(spans) {
  const buf = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
  const startsMs = spans.map((s) => s.startTime[0] * 1000 + s.startTime[1] / 1e6);
  const endsMs = spans.map((s) => s.endTime[0] * 1000 + s.endTime[1] / 1e6);
  const ids = new Map();
  for (const s of spans) ids.set(s.spanContext().traceId, true);
  const traceOffsets = [];
  for (const hex of ids.keys()) {
    const needle = Buffer.from(hex, 'hex');
    const at = [];
    for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) at.push(i);
    traceOffsets.push(at);
  }
  const markerAt = buf.indexOf(Buffer.from(MARKER_PREFIX));
  return {
    buf, spans: spans.length, traceOffsets, markerAt,
    timeOffsets: timeOffsets(buf, spans),
    firstMs: Math.min(...startsMs),
    lastMs: Math.max(...endsMs),
  };
}

let freshCounter = 0;
/**
 * A copy of `body` whose traces all have new, never used trace ids (and, when `marker` is
 * given, whose marker attribute reads `markerValue(marker)`; every span and event time moved
 * `shiftMs` later): recycled bodies are new traffic to the server, not duplicates it can skip.
 */
export function freshTraceIds(body, marker, shiftMs = 0) {
  const out = Buffer.from(body.buf);
  if (shiftMs !== 0) {
    const shift = BigInt(Math.round(shiftMs)) * 1_000_000n;
    for (const i of body.timeOffsets) out.writeBigUInt64LE(out.readBigUInt64LE(i) + shift, i);
  }
  const runTag = process.pid & 0xffff;
  for (const at of body.traceOffsets) {
    freshCounter += 1;
    const id = Buffer.alloc(16);
    id.writeUInt32BE(((0xbe0c << 16) | runTag) >>> 0, 0);
    id.writeUInt32BE(Math.floor(Math.random() * 0xffffffff), 4);
    id.writeDoubleBE(freshCounter, 8);
    for (const i of at) id.copy(out, i);
  }
  if (marker !== undefined && body.markerAt >= 0) out.write(markerValue(marker), body.markerAt, 'latin1');
  return out;
}

/**
 * An endless stream of bodies made from `pool`: body `k` is {@link freshTraceIds} of
 * `pool[k % pool.length]`, with its times moved on by the pool's time span for every pass over
 * the pool. Times keep growing as they do in real traffic, so a long run (the soak) does not
 * insert into the middle of the store's time-ordered indexes again and again.
 */
export function recycler(pool) {
  const first = Math.min(...pool.map((b) => b.firstMs));
  const last = Math.max(...pool.map((b) => b.lastMs));
  const passMs = Math.round(last - first + 1000);
  return (k, marker) => freshTraceIds(pool[k % pool.length], marker, Math.floor(k / pool.length) * passMs);
}
