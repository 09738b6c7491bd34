import { context, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { DropCounter } from './drop-counter.js';
import { BatchQueue } from './batch-queue.js';
import { describeExportFailure } from './export-failure.js';

export interface BoundedBatchOptions {
  /** Spans waiting for export; beyond it new spans are dropped and counted. */
  maxQueueSize: number;
  maxBatchSize: number;
  /** Delay before exporting a partial batch. */
  intervalMs: number;
  /** An export that has not reported back by then counts as failed. */
  exportTimeoutMs: number;
  /** Where the spans go, for the drop warning. */
  endpoint: string;
}

/** Told which spans made it and which did not (the JSONL fallback listens). */
export interface ExportOutcomeListener {
  exported(spans: readonly ReadableSpan[]): void;
  failed(spans: readonly ReadableSpan[]): void;
}

/**
 * A batch span processor that never blocks or throws into the app and accounts for every span:
 * `onEnd` only pushes onto a bounded queue (O(1)); exports run in the background, one at a time,
 * so a slow or dead endpoint fills the queue and further spans are dropped and counted instead
 * of piling up. Failed exports count their spans as dropped. Unlike the OTel
 * BatchSpanProcessor (2.12 keeps its drop count private and resets it), counts are exposed.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  exportedSpans = 0;
  failedExports = 0;
  private readonly queue: BatchQueue<ReadableSpan>;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;
  listener: ExportOutcomeListener | undefined;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly options: BoundedBatchOptions,
    private readonly drops: DropCounter,
  ) {
    this.queue = new BatchQueue(options.maxBatchSize);
  }

  onStart(_span: Span): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.options.maxQueueSize) {
      this.drops.add(1, `export queue full (${this.options.maxQueueSize} spans waiting for ${this.options.endpoint})`);
      this.notify(false, [span]);
      return;
    }
    this.queue.push(span);
    if (this.inFlight !== undefined) return;
    if (this.queue.length >= this.options.maxBatchSize) this.exportNext();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.exportNext(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  /** Exports everything queued so far; resolves when done (failures are counted, not thrown). */
  async forceFlush(): Promise<void> {
    for (let guard = 0; guard < 10_000; guard++) {
      if (this.inFlight !== undefined) await this.inFlight;
      else if (this.queue.length > 0) this.exportNext();
      else return;
    }
  }

  /**
   * Flushes, but waits at most `graceMs`: an app exiting while its backend is down must not hang
   * for the exporter's whole retry deadline. What is still queued then is counted as dropped.
   */
  async shutdown(graceMs = 3000): Promise<void> {
    if (this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
      timer.unref();
    });
    const outcome = await Promise.race([this.forceFlush(), deadline]);
    clearTimeout(timer);
    this.closed = true;
    if (outcome === 'late' && this.queue.length > 0) {
      this.drops.add(this.queue.length, `shutdown before ${this.options.endpoint} accepted them`);
      this.queue.clear();
    }
    this.clearTimer();
    try {
      await this.exporter.shutdown();
    } catch {
      // nothing left to do
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Starts exporting one batch unless one is already on its way. */
  private exportNext(): void {
    this.clearTimer();
    if (this.inFlight !== undefined) return;
    const batch = this.queue.takeBatch();
    if (batch === undefined) return;
    this.inFlight = this.send(batch).then(() => {
      this.inFlight = undefined;
      if (this.closed) return;
      if (this.queue.length >= this.options.maxBatchSize) this.exportNext();
      else if (this.queue.length > 0 && this.timer === undefined) {
        this.timer = setTimeout(() => this.exportNext(), this.options.intervalMs);
        this.timer.unref();
      }
    });
  }

  private send(batch: ReadableSpan[]): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (result: ExportResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timeout);
        if (result.code === ExportResultCode.SUCCESS) {
          this.exportedSpans += batch.length;
          this.notify(true, batch);
        } else {
          this.failedExports++;
          this.drops.add(batch.length, describeExportFailure(result.error, this.options.endpoint));
          this.notify(false, batch);
        }
        resolve();
      };
      // A little over the exporter's own deadline, in case it never calls back.
      const timeout = setTimeout(
        () => finish({ code: ExportResultCode.FAILED, error: new Error('export timed out') }),
        this.options.exportTimeoutMs + 1000,
      );
      timeout.unref();
      try {
        // Spans the exporter's own HTTP calls might produce (http instrumentation) are not traced.
        context.with(suppressTracing(context.active()), () => this.exporter.export(batch, finish));
      } catch (error) {
        finish({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
  }

  private notify(ok: boolean, spans: readonly ReadableSpan[]): void {
    const listener = this.listener;
    if (listener === undefined) return;
    try {
      if (ok) listener.exported(spans);
      else listener.failed(spans);
    } catch {
      // the fallback is best effort
    }
  }
}
