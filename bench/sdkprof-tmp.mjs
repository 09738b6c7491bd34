// One span started and ended, timed in isolation (row 7). argv[2]: `loupe` (step('x', () => 1)
// from @loupe/sdk), `otel-active` (bare sdk-trace-base: startActiveSpan with the async-hooks
// context manager, the same work step() does) or `otel` (bare startSpan + end). argv[3]: sink URL.
// The queue is sized so nothing is dropped (dropping is cheaper than recording) and is
// flushed between rounds, outside the clock.
const [mode, sink, itersArg, roundsArg] = process.argv.slice(2);
const iterations = Number(itersArg);
const rounds = Number(roundsArg);
const QUEUE = iterations * 2;

let once;
let flush;
if (mode === 'loupe') {
  const { init, step } = await import('@loupe/sdk');
  const loupe = init({ serviceName: 'bench-sdk', endpoint: sink, maxQueueSize: QUEUE });
  once = () => step('x', () => 1);
  flush = () => loupe.forceFlush();
} else {
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: sink, concurrencyLimit: 10_000 }), { maxQueueSize: QUEUE, maxExportBatchSize: 512 });
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'bench-sdk' }), spanProcessors: [processor] });
  const tracer = provider.getTracer('bench');
  once = mode === 'otel'
    ? () => tracer.startSpan('x').end()
    : () => tracer.startActiveSpan('x', (span) => {
        const r = 1;
        span.end();
        return r;
      });
  flush = () => provider.forceFlush();
}

const nsPerOp = [];
for (let r = -2; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) once();
  const ns = Number(process.hrtime.bigint() - t0) / iterations;
  if (r >= 0) nsPerOp.push(ns);
  await flush();
}
console.log(mode, nsPerOp.map(Math.round).join(" "));
process.exit(0);
