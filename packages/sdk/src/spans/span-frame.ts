import { ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';

/**
 * The API's context key for the current span, read through the public `trace.setSpan` (the key
 * itself is not exported); undefined if the probe saw none, and frames are then not used.
 */
const SPAN_KEY: symbol | undefined = (() => {
  let key: symbol | undefined;
  const probe: Context = {
    getValue: () => undefined,
    setValue(k) {
      key = k;
      return probe;
    },
    deleteValue: () => probe,
  };
  trace.setSpan(probe, trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }));
  return key;
})();

/**
 * A context that is its parent plus one current span: what every helper span makes active.
 * `trace.setSpan` on the API's BaseContext copies the parent's whole Map and makes three
 * closures, a third of the cost of a bare span; a frame is one object of two fields. Every
 * other value is read from `base`, the nearest ancestor that is not a frame, so lookups stay
 * O(1) however deep spans nest, and setting any other value keeps the span on top.
 */
export class SpanFrame implements Context {
  private readonly base: Context;

  constructor(parent: Context, private readonly span: Span) {
    this.base = parent instanceof SpanFrame ? parent.base : parent;
  }

  getValue(key: symbol): unknown {
    return key === SPAN_KEY ? this.span : this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    if (key === SPAN_KEY) return new SpanFrame(this.base, value as Span);
    return new SpanFrame(this.base.setValue(key, value), this.span);
  }

  deleteValue(key: symbol): Context {
    if (key === SPAN_KEY) return this.base.deleteValue(key);
    return new SpanFrame(this.base.deleteValue(key), this.span);
  }
}

/** `trace.setSpan(parent, span)`, as a frame when the API reads spans the way the probe saw. */
export const withSpan: (parent: Context, span: Span) => Context = (() => {
  const check = trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 });
  return SPAN_KEY !== undefined && trace.getSpan(new SpanFrame(ROOT_CONTEXT, check)) === check
    ? (parent, span) => new SpanFrame(parent, span)
    : (parent, span) => trace.setSpan(parent, span);
})();
