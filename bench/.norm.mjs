import { generateBatches } from './workload.mjs';
import { decodeOtlpProtobufRequest, createNormalizer } from '@loupe/server';
const n = createNormalizer();
const decoded = generateBatches(40).map((b) => decodeOtlpProtobufRequest(b.buf).spans);
for (let r = 0; r < 30; r++) decoded.map((d) => n.normalizeSpans(d));
