import type { NormalizedSpan } from '@loupe/core';

/**
 * Where one span of a binary export request sits in the request's bytes: the Span message, and
 * the Resource and InstrumentationScope messages that apply to it (absent: `start === end`).
 */
export interface SpanByteRanges {
  spanStart: number;
  spanEnd: number;
  scopeStart: number;
  scopeEnd: number;
  resourceStart: number;
  resourceEnd: number;
}

/** Bytes of a varint. */
function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n >>>= 7;
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[at++] = n;
  return at;
}

/** Tag bytes of the length-delimited fields a record uses (all field numbers < 16: one byte). */
const TAG_1 = (1 << 3) | 2;
const TAG_2 = (2 << 3) | 2;

/** Size of a length-delimited field holding `n` bytes. */
const fieldSize = (n: number): number => 1 + varintLength(n) + n;

/**
 * Span records: each span of a request as an `ExportTraceServiceRequest` of its own —
 * `{ resource_spans: [{ resource, scope_spans: [{ scope, spans: [span] }] }] }` — made of the
 * request's own bytes, so decoding a record gives exactly the RawSpan the request gave (same
 * decoder, same bytes). Why: a store keeps a span as these bytes instead of re-encoding its raw
 * parts as JSON, the largest single cost of ingest on the main thread; the bytes are copied, not
 * encoded. All records of a request share one buffer (one allocation; one copy when they are
 * posted to another thread together).
 */
export function buildSpanRecords(body: Uint8Array, ranges: readonly SpanByteRanges[]): Uint8Array[] {
  // Per record: the lengths of its ScopeSpans and ResourceSpans messages.
  const scopeSpans = new Array<number>(ranges.length);
  const resourceSpans = new Array<number>(ranges.length);
  let total = 0;
  for (let i = 0; i < ranges.length; i++) {
    const g = ranges[i]!;
    scopeSpans[i] = fieldSize(g.spanEnd - g.spanStart) + optionalFieldSize(g.scopeEnd - g.scopeStart);
    resourceSpans[i] = fieldSize(scopeSpans[i]!) + optionalFieldSize(g.resourceEnd - g.resourceStart);
    total += fieldSize(resourceSpans[i]!);
  }
  const buf = new Uint8Array(total);
  const records = new Array<Uint8Array>(ranges.length);
  let at = 0;
  for (let i = 0; i < ranges.length; i++) {
    const g = ranges[i]!;
    const start = at;
    at = writeHeader(buf, at, TAG_1, resourceSpans[i]!); // ExportTraceServiceRequest.resource_spans
    at = copyField(buf, at, TAG_1, body, g.resourceStart, g.resourceEnd); // ResourceSpans.resource
    at = writeHeader(buf, at, TAG_2, scopeSpans[i]!); // ResourceSpans.scope_spans
    at = copyField(buf, at, TAG_1, body, g.scopeStart, g.scopeEnd); // ScopeSpans.scope
    at = copyField(buf, at, TAG_2, body, g.spanStart, g.spanEnd, true); // ScopeSpans.spans
    records[i] = buf.subarray(start, at);
  }
  return records;
}

/** Size of a field that is left out when empty. */
const optionalFieldSize = (n: number): number => (n > 0 ? fieldSize(n) : 0);

/** A length-delimited field's tag and length. */
function writeHeader(out: Uint8Array, at: number, tag: number, length: number): number {
  out[at++] = tag;
  return writeVarint(out, at, length);
}

/** The field `tag` holding `src[start, end)`; nothing when that is empty, unless `always`. */
function copyField(out: Uint8Array, at: number, tag: number, src: Uint8Array, start: number, end: number, always = false): number {
  if (end === start && !always) return at;
  at = writeHeader(out, at, tag, end - start);
  out.set(src.subarray(start, end), at);
  return at + end - start;
}

/**
 * The span record a normalized span was made from, by span: a WeakMap, not a field, so the span's
 * shape and deep equality stay as they are (as with `isContentDerivable`).
 *
 * Contract: a record is attached only to a span the default normalizer made from the RawSpan
 * the record decodes to, and nothing changes that span afterwards; a store may then keep the
 * record in place of the span's raw parts.
 */
const records = new WeakMap<NormalizedSpan, Uint8Array>();

/** Attaches `record` (see {@link buildSpanRecords}) to the span normalized from its RawSpan. */
export function attachSpanRecord(span: NormalizedSpan, record: Uint8Array): void {
  records.set(span, record);
}

/** The record attached to `span`, if any. */
export function spanRecordOf(span: NormalizedSpan): Uint8Array | undefined {
  return records.get(span);
}
