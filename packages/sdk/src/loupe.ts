import { context, propagation, trace, ProxyTracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { LoupeTracerProvider } from './export/loupe-tracer-provider.js';
import { DEFAULT_HISTORY_SIZE, DEFAULT_MAX_CONTENT_CHARS, resolveExportTarget, type LoupeOptions } from './config.js';
import { BoundedBatchSpanProcessor } from './export/bounded-batch-processor.js';
import { PooledIdGenerator } from './ids/pooled-id-generator.js';
import { DropCounter } from './export/drop-counter.js';
import { JsonlSpanProcessor } from './jsonl/jsonl-span-processor.js';
import { JsonlWriter } from './jsonl/jsonl-writer.js';
import { instrument, uninstrument } from './instrumentation/instrument.js';
import { resetRuntime, runtime } from './runtime.js';
import { StepCollector } from './summary/step-collector.js';
import type { TraceEndInfo } from './summary/trace-end.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

/** Delivery counters since `init()`. */
export interface LoupeStats {
  /** Spans the OTLP endpoint accepted. */
  exportedSpans: number;
  /** Spans lost: export queue overflow, failed exports, and JSONL records that could not be written. */
  droppedSpans: number;
  /** Export requests that failed (each may have carried many spans). */
  failedExports: number;
  /** JSONL lines written. */
  jsonlRecords: number;
}

/** The handle `init()` returns. All methods are safe to call at any time and never throw. */
export interface Loupe {
  readonly serviceName: string;
  /** The OTLP traces URL, or undefined when OTLP export is off. */
  readonly endpoint: string | undefined;
  stats(): LoupeStats;
  /** Exports/writes everything finished so far. */
  forceFlush(): Promise<void>;
  /** Flushes, stops exporting and unregisters the global provider; helpers then become pass-through. */
  shutdown(): Promise<void>;
  /** The step summary of the last finished `trace()`. */
  lastTrace(): TraceEndInfo | undefined;
}

let active: LoupeInstance | undefined;

/**
 * Sets up tracing in one call: a NodeTracerProvider (AsyncLocalStorage context) registered
 * globally, exporting OTLP/HTTP protobuf in the background and/or writing JSONL.
 *
 * Calling `init()` again while initialised returns the existing handle unchanged (the new
 * options are ignored, with one `console.warn`), so libraries and apps can both call it safely.
 * After `shutdown()`, `init()` starts afresh.
 */
export function init(options: LoupeOptions): Loupe {
  if (active !== undefined) {
    console.warn('loupe: init() was already called; keeping the first configuration');
    return active;
  }
  active = new LoupeInstance(options);
  return active;
}

/** Shuts down the instance `init()` created, if any. */
export async function shutdown(): Promise<void> {
  if (active !== undefined) await active.shutdown();
}

/** The step summary of the last finished `trace()` (needs `init()`). */
export function lastTrace(): TraceEndInfo | undefined {
  return runtime.lastTrace;
}

/** Delivery counters of the current instance (zeros before `init()`). */
export function stats(): LoupeStats {
  return active?.stats() ?? { exportedSpans: 0, droppedSpans: 0, failedExports: 0, jsonlRecords: 0 };
}

class LoupeInstance implements Loupe {
  readonly serviceName: string;
  readonly endpoint: string | undefined;
  private readonly provider: NodeTracerProvider;
  private readonly drops = new DropCounter();
  private readonly batch: BoundedBatchSpanProcessor | undefined;
  private readonly jsonl: JsonlSpanProcessor[] = [];
  private readonly writers: JsonlWriter[] = [];
  private ownsGlobals = false;
  private instrumented = false;
  private stopping: Promise<void> | undefined;

  constructor(options: LoupeOptions) {
    this.serviceName = options.serviceName;
    const target = resolveExportTarget(options);
    this.endpoint = target?.url;
    const processors: SpanProcessor[] = [];

    const steps = new StepCollector();
    processors.push(steps);

    if (options.jsonlPath) {
      const writer = new JsonlWriter(options.jsonlPath);
      this.writers.push(writer);
      const processor = new JsonlSpanProcessor(writer, 'always');
      this.jsonl.push(processor);
      processors.push(processor);
    }
    let fallback: JsonlSpanProcessor | undefined;
    if (options.jsonlWhenUnreachable && target !== undefined) {
      const writer = new JsonlWriter(options.jsonlWhenUnreachable);
      this.writers.push(writer);
      fallback = new JsonlSpanProcessor(writer, 'fallback');
      this.jsonl.push(fallback);
      processors.push(fallback);
    }
    if (target !== undefined) {
      const exportTimeoutMs = options.exportTimeoutMs ?? 10_000;
      const exporter = new OTLPTraceExporter({ url: target.url, headers: target.headers, timeoutMillis: exportTimeoutMs });
      this.batch = new BoundedBatchSpanProcessor(
        exporter,
        {
          maxQueueSize: options.maxQueueSize ?? 2048,
          maxBatchSize: Math.min(512, options.maxQueueSize ?? 2048),
          intervalMs: options.exportIntervalMs ?? 1000,
          exportTimeoutMs,
          endpoint: target.url,
        },
        this.drops,
      );
      this.batch.listener = fallback;
      processors.push(this.batch);
    }

    const attributes: Record<string, string> = { 'service.name': options.serviceName };
    if (options.project) attributes['loupe.project'] = options.project;
    this.provider = new LoupeTracerProvider({
      resource: defaultResource().merge(resourceFromAttributes(attributes)),
      spanProcessors: processors,
      idGenerator: new PooledIdGenerator(),
    });
    this.provider.register();
    const global = trace.getTracerProvider();
    this.ownsGlobals = global instanceof ProxyTracerProvider && global.getDelegate() === this.provider;

    runtime.tracer = this.provider.getTracer(SDK_NAME, SDK_VERSION);
    runtime.ownProvider = true;
    runtime.captureContent = options.captureContent ?? true;
    runtime.maxContentChars = options.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS;
    runtime.project = options.project ?? 'default';
    runtime.steps = steps;
    runtime.onTraceEnd = options.onTraceEnd;
    const historySize = options.historySize ?? DEFAULT_HISTORY_SIZE;
    if (runtime.history.capacity !== historySize) runtime.history.resize(historySize);
    if (options.instrument !== undefined) {
      instrument(options.instrument);
      this.instrumented = true;
    }
  }

  stats(): LoupeStats {
    let droppedSpans = this.drops.dropped;
    let jsonlRecords = 0;
    for (const processor of this.jsonl) droppedSpans += processor.dropped;
    for (const writer of this.writers) jsonlRecords += writer.written;
    return {
      exportedSpans: this.batch?.exportedSpans ?? 0,
      droppedSpans,
      failedExports: this.batch?.failedExports ?? 0,
      jsonlRecords,
    };
  }

  async forceFlush(): Promise<void> {
    try {
      // The export first: its failures may still add JSONL fallback lines.
      await this.batch?.forceFlush();
      await Promise.all(this.jsonl.map((p) => p.forceFlush()));
    } catch {
      // flushing is best effort
    }
  }

  lastTrace(): TraceEndInfo | undefined {
    return runtime.lastTrace;
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    try {
      await this.forceFlush();
      await this.provider.shutdown();
    } catch {
      // shutting down is best effort
    }
    if (this.instrumented) uninstrument();
    if (this.ownsGlobals) {
      trace.disable();
      context.disable();
      propagation.disable();
    }
    if (active === this) active = undefined;
    resetRuntime();
  }
}
