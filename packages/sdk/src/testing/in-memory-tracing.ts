import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resetRuntime, runtime } from '../runtime.js';
import { StepCollector } from '../summary/step-collector.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';

/**
 * Test support: points the helpers at an in-memory exporter (no globals besides the context
 * manager), so tests can read back exactly what a helper recorded.
 */
export class InMemoryTracing {
  readonly exporter = new InMemorySpanExporter();
  readonly provider: BasicTracerProvider;
  private readonly contextManager = new AsyncLocalStorageContextManager();

  constructor(settings: { captureContent?: boolean; maxContentChars?: number } = {}) {
    const steps = new StepCollector();
    this.provider = new BasicTracerProvider({ spanProcessors: [steps, new SimpleSpanProcessor(this.exporter)] });
    this.contextManager.enable();
    context.setGlobalContextManager(this.contextManager);
    runtime.tracer = this.provider.getTracer(SDK_NAME, SDK_VERSION);
    runtime.steps = steps;
    runtime.captureContent = settings.captureContent ?? true;
    if (settings.maxContentChars !== undefined) runtime.maxContentChars = settings.maxContentChars;
  }

  spans(): ReadableSpan[] {
    return this.exporter.getFinishedSpans();
  }

  span(name: string): ReadableSpan {
    const found = this.spans().find((s) => s.name === name);
    if (found === undefined) throw new Error(`no span named ${name}; have ${this.spans().map((s) => s.name).join(', ')}`);
    return found;
  }

  async close(): Promise<void> {
    await this.provider.shutdown();
    context.disable();
    trace.disable();
    resetRuntime();
  }
}
