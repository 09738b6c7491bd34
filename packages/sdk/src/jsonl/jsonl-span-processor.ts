import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExportOutcomeListener } from '../export/bounded-batch-processor.js';
import { toJsonlRecord } from './jsonl-record.js';
import type { JsonlWriter } from './jsonl-writer.js';

export interface JsonlLimits {
  /** Requests whose spans are being collected at once; the oldest is given up beyond it. */
  maxOpenTraces: number;
  /** Spans kept per request; further spans of it are counted as dropped. */
  maxSpansPerTrace: number;
}

export const DEFAULT_JSONL_LIMITS: JsonlLimits = { maxOpenTraces: 1_000, maxSpansPerTrace: 2_000 };

/** A span whose parent is not in this process (none, or remote) ends a request here. */
function isLocalRoot(span: ReadableSpan): boolean {
  const parent = span.parentSpanContext;
  return parent === undefined || parent.isRemote === true;
}

/**
 * Writes one JSONL line per finished request. Spans are held per trace until the request's
 * root ends, then written with it as one record. Bounded: at most `maxOpenTraces` requests and
 * `maxSpansPerTrace` spans each; everything given up is counted in `dropped`.
 *
 * In `fallback` mode (`jsonlWhenUnreachable`) a finished request is written only if some of its
 * spans failed to reach the OTLP endpoint; requests whose root was exported are forgotten. The
 * processor learns outcomes through {@link ExportOutcomeListener}.
 */
export class JsonlSpanProcessor implements SpanProcessor, ExportOutcomeListener {
  dropped = 0;
  private readonly open = new Map<string, ReadableSpan[]>();
  /** Fallback mode: finished requests waiting to learn whether their spans were exported. */
  private readonly awaiting = new Map<string, { root: ReadableSpan; spans: ReadableSpan[] }>();
  /** Fallback mode: traces with a failed span whose root has not ended yet. */
  private readonly failedTraces = new Set<string>();

  constructor(
    private readonly writer: JsonlWriter,
    private readonly mode: 'always' | 'fallback',
    private readonly limits: JsonlLimits = DEFAULT_JSONL_LIMITS,
  ) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    let spans = this.open.get(traceId);
    if (spans === undefined) {
      if (this.open.size >= this.limits.maxOpenTraces) this.evictOldest();
      spans = [];
      this.open.set(traceId, spans);
    }
    const root = isLocalRoot(span);
    if (spans.length < this.limits.maxSpansPerTrace) spans.push(span);
    else if (!root) {
      this.dropped++;
      return;
    } else {
      this.dropped++;
    }
    if (!root) return;
    this.open.delete(traceId);
    if (this.mode === 'always') this.write(span, spans);
    else if (this.failedTraces.delete(traceId)) this.write(span, spans);
    else {
      if (this.awaiting.size >= this.limits.maxOpenTraces) {
        const oldest = this.awaiting.keys().next().value as string;
        this.awaiting.delete(oldest);
      }
      this.awaiting.set(traceId, { root: span, spans });
    }
  }

  exported(spans: readonly ReadableSpan[]): void {
    for (const span of spans) {
      if (isLocalRoot(span)) this.awaiting.delete(span.spanContext().traceId);
    }
  }

  failed(spans: readonly ReadableSpan[]): void {
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      const finished = this.awaiting.get(traceId);
      if (finished !== undefined) {
        this.awaiting.delete(traceId);
        this.write(finished.root, finished.spans);
      } else if (this.open.has(traceId)) {
        if (this.failedTraces.size >= this.limits.maxOpenTraces) this.failedTraces.clear();
        this.failedTraces.add(traceId);
      }
    }
  }

  forceFlush(): Promise<void> {
    return this.writer.flush();
  }

  async shutdown(): Promise<void> {
    await this.writer.close();
  }

  private write(root: ReadableSpan, spans: ReadableSpan[]): void {
    try {
      if (!this.writer.write(toJsonlRecord(root, spans))) this.dropped += spans.length;
    } catch {
      this.dropped += spans.length;
    }
  }

  private evictOldest(): void {
    const oldest = this.open.keys().next();
    if (oldest.done === true) return;
    this.dropped += this.open.get(oldest.value)?.length ?? 0;
    this.open.delete(oldest.value);
  }
}
