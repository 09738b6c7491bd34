import type { LLMDetails, NormalizedSpan, RawSpan } from '@loupe/core';
import { createNormalizer, type Normalizer } from '@loupe/normalize';
import { attachSpanRecord, decodeOtlpProtobufRequest, encodeOtlpProtobufRequest } from '@loupe/otlp';

/** Start time of test spans unless given: 2023-11-14T22:13:20Z, in µs. */
export const BASE_US = 1_700_000_000_000_000;

/** What a test says about a span; everything else gets a plain default. */
export type SpanSpec = Partial<NormalizedSpan> & {
  traceId: string;
  spanId: string;
  /** Sets endUs = startUs + durationMs·1000 when endUs is not given. Default 10 ms. */
  durationMs?: number;
};

/**
 * Builds a valid NormalizedSpan for tests: project `default`, kind CHAIN, starting at
 * {@link BASE_US}, lasting 10 ms, status ok, empty attributes/resource/events/links.
 * Optional fields are present only when the spec sets them (no `undefined`-valued keys), so
 * stored-and-read-back spans can be compared with deepStrictEqual.
 */
export function buildSpan(spec: SpanSpec): NormalizedSpan {
  const { durationMs = 10, ...fields } = spec;
  const startUs = fields.startUs ?? BASE_US;
  const span: NormalizedSpan = {
    project: 'default',
    name: 'span',
    kind: 'CHAIN',
    otelKind: 1,
    status: 'ok',
    attributes: {},
    resource: {},
    events: [],
    links: [],
    ...fields,
    startUs,
    endUs: fields.endUs ?? startUs + Math.round(durationMs * 1000),
  };
  for (const key of Object.keys(span) as (keyof NormalizedSpan)[]) {
    if (span[key] === undefined) delete span[key];
  }
  return span;
}

/** LM details for a chat call: one user prompt, one assistant completion. */
export function chatDetails(model: string, prompt: string, completion: string, extra: Partial<LLMDetails> = {}): LLMDetails {
  return {
    operation: 'chat',
    model,
    provider: 'openai',
    inputMessages: [{ role: 'user', content: prompt }],
    outputMessages: [{ role: 'assistant', content: completion, finishReason: 'stop' }],
    ...extra,
  };
}

/** An LLM-kind span calling `model`; `usage`/`costUsd` and anything else come from `spec`. */
export function buildLLMSpan(
  spec: SpanSpec & { model: string; prompt?: string; completion?: string },
): NormalizedSpan {
  const { model, prompt = 'prompt', completion = 'completion', ...rest } = spec;
  return buildSpan({ name: 'chat', kind: 'LLM', otelKind: 3, llm: chatDetails(model, prompt, completion), ...rest });
}

/** Fisher–Yates with a seeded LCG, so "random order" tests are reproducible. */
export function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * What the OTLP receivers hand a store: `raw` sent as one protobuf request, decoded with span
 * records, normalized by `normalizer`, each span with its record attached.
 */
export function viaOtlpWithRecords(raw: readonly RawSpan[], normalizer: Normalizer = createNormalizer()): { spans: NormalizedSpan[]; records: Uint8Array[] } {
  const decoded = decodeOtlpProtobufRequest(encodeOtlpProtobufRequest(raw), { records: true });
  const records = decoded.records!;
  const spans = normalizer.normalizeSpans(decoded.spans);
  spans.forEach((span, i) => attachSpanRecord(span, records[i]!));
  return { spans, records };
}
