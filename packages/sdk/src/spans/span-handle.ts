import { context, trace, type AttributeValue, type Attributes, type Span } from '@opentelemetry/api';
import type { RetrievedDocument } from '@loupe/core';

/**
 * What a helper's callback receives: a small, safe view of its span. Every method swallows its
 * own errors (recording must never break the app) and returns the handle for chaining.
 */
export interface LoupeSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Records this as the span's output instead of the callback's return value. */
  setOutput(value: unknown): this;
  setAttribute(key: string, value: AttributeValue): this;
  setAttributes(attributes: Attributes): this;
  addEvent(name: string, attributes?: Attributes): this;
  /** Documents of a retrieval (also accepted on other spans, recorded the same way). */
  setDocuments(documents: readonly RetrievedDocument[]): this;
  /** The underlying OpenTelemetry span, for anything not covered here. */
  readonly span: Span;
}

/** Internal state of a running helper span; fields are filled only when used. */
export class SpanHandle implements LoupeSpan {
  hasOutput = false;
  output: unknown = undefined;
  documents: readonly RetrievedDocument[] | undefined = undefined;

  constructor(readonly span: Span) {}

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  get spanId(): string {
    return this.span.spanContext().spanId;
  }

  setOutput(value: unknown): this {
    this.hasOutput = true;
    this.output = value;
    return this;
  }

  setAttribute(key: string, value: AttributeValue): this {
    try {
      this.span.setAttribute(key, value);
    } catch {
      // recording never breaks the app
    }
    return this;
  }

  setAttributes(attributes: Attributes): this {
    try {
      this.span.setAttributes(attributes);
    } catch {
      // recording never breaks the app
    }
    return this;
  }

  addEvent(name: string, attributes?: Attributes): this {
    try {
      this.span.addEvent(name, attributes);
    } catch {
      // recording never breaks the app
    }
    return this;
  }

  setDocuments(documents: readonly RetrievedDocument[]): this {
    if (Array.isArray(documents)) this.documents = documents;
    return this;
  }
}

/** The handle of the innermost active span, when the app needs it outside a callback. */
export function currentSpan(): LoupeSpan | undefined {
  const span = trace.getSpan(context.active());
  return span === undefined ? undefined : new SpanHandle(span);
}
