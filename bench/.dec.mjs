import { generateBatches } from './workload.mjs';
import { decodeOtlpProtobufRequest, createNormalizer } from '@loupe/server';
const bodies = generateBatches(40).map((b) => b.buf);
const n = createNormalizer();
const spans = bodies.length * 512;
const time = (label, fn) => { for (let w = 0; w < 3; w++) fn(); const ts = []; for (let r = 0; r < 7; r++) { const t = performance.now(); fn(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); console.log(label, (ts[3] / spans * 1000).toFixed(2), 'µs/span'); };
time('decode', () => bodies.map((b) => decodeOtlpProtobufRequest(b)));
const decoded = bodies.map((b) => decodeOtlpProtobufRequest(b).spans);
time('normalize', () => decoded.map((d) => n.normalizeSpans(d)));
