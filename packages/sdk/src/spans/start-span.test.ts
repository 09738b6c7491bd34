import { test } from 'node:test';
import assert from 'node:assert/strict';
import { context, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SamplingDecision, SimpleSpanProcessor, type Sampler } from '@opentelemetry/sdk-trace-base';
import { runtime } from '../runtime.js';
import { step } from './step.js';

/** A sampler that samples everything and remembers the attributes each span started with. */
function recordingSampler(seen: Attributes[]): Sampler {
  return {
    shouldSample: (_ctx, _traceId, _name, _kind, attributes) => {
      seen.push({ ...attributes });
      return { decision: SamplingDecision.RECORD_AND_SAMPLED };
    },
    toString: () => 'recording',
  };
}

test("an app's own provider: its sampler sees the helper's attributes at the start", () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const seen: Attributes[] = [];
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ sampler: recordingSampler(seen), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  // No init(): the helpers use the global tracer, as an app with its own OTel setup has it.
  assert.equal(runtime.ownProvider, false);
  assert.equal(step('plan', () => 'done'), 'done');
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!['openinference.span.kind'], 'CHAIN');
  const [span] = exporter.getFinishedSpans();
  assert.equal(span?.attributes['openinference.span.kind'], 'CHAIN');
  assert.equal(span?.attributes['output.value'], 'done');

  // Loupe's own provider: the attributes are set after the start, and the span has them all the same.
  seen.length = 0;
  exporter.reset();
  runtime.ownProvider = true;
  runtime.tracer = provider.getTracer('loupe-test');
  try {
    step('plan', () => 'again');
  } finally {
    runtime.ownProvider = false;
  }
  assert.deepEqual(seen, [{}]);
  const [own] = exporter.getFinishedSpans();
  assert.equal(own?.attributes['openinference.span.kind'], 'CHAIN');
  assert.equal(own?.attributes['output.value'], 'again');
});
