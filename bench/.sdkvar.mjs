import http from 'node:http';
import { context, trace, SpanStatusCode } from '@opentelemetry/api';
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200); res.end(); }); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const sink = `http://127.0.0.1:${server.address().port}/v1/traces`;
const N = 100000;
const { init, step } = await import('@loupe/sdk');
const loupe = init({ serviceName: 'bench-sdk', endpoint: sink, maxQueueSize: N * 2 });
const tracer = trace.getTracer('@loupe/sdk');
const mode = process.argv[2];
const ST = { code: SpanStatusCode.OK };
const fns = {
  step: () => step('x', () => 1),
  bare: () => tracer.startSpan('x').end(),
  active: () => tracer.startActiveSpan('x', (s) => { s.end(); return 1; }),
  activeAttrs: () => tracer.startActiveSpan('x', { attributes: { 'openinference.span.kind': 'CHAIN' } }, (s) => { s.setAttribute('output.value', '1'); s.setAttribute('output.mime_type', 'application/json'); s.setStatus(ST); s.end(); return 1; }),
  activeTimes: () => tracer.startActiveSpan('x', { startTime: performance.timeOrigin + performance.now() }, (s) => { s.end(performance.timeOrigin + performance.now()); return 1; }),
};
const f = fns[mode];
const out = [];
for (let r = 0; r < 8; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) f();
  if (r >= 2) out.push(Number(process.hrtime.bigint() - t0) / N);
  await loupe.forceFlush();
}
out.sort((a, b) => a - b);
console.log(mode, Math.round(out[3]));
server.close(); process.exit(0);
