import { generateBatches } from '/work/main/bench/workload.mjs';
import { decodeOtlpProtobufRequest, createNormalizer } from '@loupe/server';
const b = generateBatches(1)[0];
const spans = createNormalizer().normalizeSpans(decodeOtlpProtobufRequest(b.buf).spans);
const sizes = {};
for (const s of spans.slice(0, 10)) {
  const { project, traceId, spanId, parentSpanId, name, kind, startUs, endUs, status, userId, sessionId, costUsd, ...data } = s;
  const parts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON.stringify(v)?.length]));
  console.log(s.kind, s.name, JSON.stringify(data).length, JSON.stringify(parts));
}
const s = spans.find((x) => x.kind === 'LLM');
console.log(JSON.stringify(s, null, 1).slice(0, 6000));
