import { generateBatches } from './workload.mjs';
import { decodeOtlpProtobufRequest, createNormalizer } from '@loupe/server';
import { collectSearchText } from '../packages/store/dist/search-text.js';
const n = createNormalizer();
const spans = generateBatches(4).flatMap((b) => n.normalizeSpans(decodeOtlpProtobufRequest(b.buf).spans));
const byTrace = new Map();
for (const s of spans) { let set = byTrace.get(s.traceId); if (!set) byTrace.set(s.traceId, set = new Set()); collectSearchText(s, set); }
let total = 0, dedup = 0, parts = 0;
const sizes = {};
for (const set of byTrace.values()) {
  const arr = [...set];
  parts += arr.length;
  total += arr.join('\n').length;
  const sorted = arr.slice().sort((a, b) => b.length - a.length);
  const kept = [];
  for (const p of sorted) if (!kept.some((k) => k.includes(p))) kept.push(p);
  dedup += kept.join('\n').length;
}
console.log('spans', spans.length, 'traces', byTrace.size, 'text B/span', Math.round(total / spans.length), 'after substring dedup', Math.round(dedup / spans.length), 'parts/trace', (parts / byTrace.size).toFixed(1));
const one = [...byTrace.values()][1];
for (const p of one) console.log(p.length, JSON.stringify(p.slice(0, 80)));
