import type { Attributes, Message, NormalizedSpan, RawSpan, SpanStatus } from '@loupe/core';
import { defaultPriceBook, type PriceBook } from './cost/price-book.js';
import { AttributeIndex } from './attribute-index.js';
import { text } from './attr-read.js';
import type { Dialect } from './dialect.js';
import { DIALECTS } from './dialect-registry.js';
import { markContentDerivable } from './content-derivable.js';
import { llmOf, offerFirst, offerText, type SpanDraft } from './span-draft.js';

const STATUS: readonly SpanStatus[] = ['unset', 'ok', 'error'];

/** Project from the resource: Loupe's own key, then OpenInference's, then `default`. */
export function projectOf(resource: Attributes): string {
  return text(resource['loupe.project']) ?? text(resource['openinference.project.name']) ?? 'default';
}

export interface NormalizerOptions {
  /** Prices for LM calls that arrive without a cost; default the built-in table. */
  prices?: PriceBook;
  /** Dialects in priority order; default {@link DIALECTS}. */
  dialects?: readonly Dialect[];
}

/** Normalization bound to one price book and dialect list (a server with `LOUPE_PRICES` overrides builds one). */
export interface Normalizer {
  normalizeSpan(raw: RawSpan): NormalizedSpan;
  normalizeSpans(raw: readonly RawSpan[]): NormalizedSpan[];
}

/** A {@link Normalizer} over the given prices and dialects (defaults: the built-in table, {@link DIALECTS}). */
export function createNormalizer(options: NormalizerOptions = {}): Normalizer {
  const prices = options.prices ?? defaultPriceBook();
  const dialects = options.dialects ?? DIALECTS;
  return {
    normalizeSpan: (raw) => normalizeWith(raw, dialects, prices),
    normalizeSpans(raw) {
      const out = new Array<NormalizedSpan>(raw.length);
      for (let i = 0; i < raw.length; i++) out[i] = normalizeWith(raw[i]!, dialects, prices);
      return out;
    },
  };
}

/**
 * Maps one raw span onto Loupe's model: generic OTel fields first, then every dialect that
 * recognizes the span, in priority order, then fallbacks (cost from the built-in price table
 * included). Raw attributes are kept as they came. Never throws on attribute content: a dialect
 * that fails on a malformed value is skipped.
 */
export function normalizeSpan(raw: RawSpan, dialects: readonly Dialect[] = DIALECTS): NormalizedSpan {
  return normalizeWith(raw, dialects, defaultPriceBook());
}

/** {@link normalizeSpan} over a batch. */
export function normalizeSpans(raw: readonly RawSpan[], dialects: readonly Dialect[] = DIALECTS): NormalizedSpan[] {
  const prices = defaultPriceBook();
  const out = new Array<NormalizedSpan>(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = normalizeWith(raw[i]!, dialects, prices);
  return out;
}

function normalizeWith(raw: RawSpan, dialects: readonly Dialect[], prices: PriceBook): NormalizedSpan {
  const d: SpanDraft = {
    project: projectOf(raw.resource),
    traceId: raw.traceId,
    spanId: raw.spanId,
    name: raw.name,
    kind: 'UNKNOWN',
    otelKind: raw.kind,
    startUs: raw.startUs,
    endUs: raw.endUs,
    status: STATUS[raw.statusCode] ?? 'unset',
    attributes: raw.attributes,
    resource: raw.resource,
    events: raw.events,
    links: raw.links,
  };
  if (raw.parentSpanId !== undefined) d.parentSpanId = raw.parentSpanId;
  if (raw.statusMessage !== undefined) d.statusMessage = raw.statusMessage;
  if (raw.scopeName !== undefined) d.scopeName = raw.scopeName;
  const serviceName = text(raw.resource['service.name']);
  if (serviceName !== undefined) d.serviceName = serviceName;

  const index = new AttributeIndex(raw.attributes);
  for (const dialect of dialects) {
    try {
      if (dialect.detect(index, raw)) dialect.apply(raw, d, index);
    } catch {
      // A malformed attribute must not cost the span; the raw attributes still hold it.
    }
  }
  finish(d, raw, prices);
  // deriveContent runs the default dialects: only their output is rebuilt from the raw parts.
  if (dialects === DIALECTS) markContentDerivable(d);
  return d;
}

/** Fallbacks that need the dialects' results. */
function finish(d: SpanDraft, raw: RawSpan, prices: PriceBook): void {
  const a = raw.attributes;
  offerFirst(d, 'userId', text(a['user.id']) ?? text(a['enduser.id']));
  offerFirst(d, 'sessionId', text(a['session.id']));

  if (d.status === 'error' && d.statusMessage === undefined) {
    // Many instrumentations record the exception but leave the status message empty.
    for (const e of raw.events) {
      if (e.name !== 'exception') continue;
      const type = text(e.attributes['exception.type']);
      const message = text(e.attributes['exception.message']);
      if (type || message) d.statusMessage = type && message ? `${type}: ${message}` : (type ?? message)!;
      break;
    }
  }

  if (d.usage && d.usage.total === undefined && d.usage.input !== undefined && d.usage.output !== undefined) {
    d.usage.total = d.usage.input + d.usage.output;
  }

  if (d.kind === 'LLM' || d.kind === 'EMBEDDING') {
    const llm = llmOf(d);
    if (d.kind === 'EMBEDDING') offerFirst(llm, 'operation', 'embeddings');
    // Lists and searches read a span's input/output text; derive it from the messages when no dialect gave one.
    if (d.input === undefined && llm.inputMessages.length > 0) offerText(d, 'input', JSON.stringify(llm.inputMessages.map(compactMessage)));
    if (d.output === undefined && llm.outputMessages.length > 0) offerText(d, 'output', outputText(llm.outputMessages));
    // Priced at ingest when the instrumentation sent none; the response model is the more specific name.
    if (d.costUsd === undefined) {
      const cost = prices.costOf(d.usage, llm.responseModel, llm.model);
      if (cost !== undefined) d.costUsd = cost;
    }
  }
}

/** Messages as compact JSON, snake_case like the wire formats. */
function compactMessage(m: Message): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role, content: m.content };
  if (m.toolCalls) out['tool_calls'] = m.toolCalls;
  if (m.toolCallId) out['tool_call_id'] = m.toolCallId;
  return out;
}

/** The assistant's text when that is all there is; JSON when tool calls are part of the answer. */
function outputText(messages: Message[]): string {
  if (messages.every((m) => !m.toolCalls)) return messages.map((m) => m.content).join('\n');
  return JSON.stringify(messages.map(compactMessage));
}
