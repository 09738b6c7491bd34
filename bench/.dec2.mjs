import { generateBatches } from './workload.mjs';
import { decodeOtlpProtobufRequest } from '@loupe/server';
const bodies = generateBatches(40).map((b) => b.buf);
for (let r = 0; r < 30; r++) bodies.map((b) => decodeOtlpProtobufRequest(b));
