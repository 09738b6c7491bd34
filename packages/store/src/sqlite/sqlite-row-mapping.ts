import { exceptionMessage, type LLMCallRecord, type NormalizedSpan, type SpanKind, type SpanStatus } from '@loupe/core';
import { createNormalizer, deriveContent, isContentDerivable, PriceBook, type DerivedContentField } from '@loupe/normalize';
import { decodeOtlpProtobufRequest, spanRecordOf } from '@loupe/otlp';
import type { TraceRollup } from '../trace-rollup.js';

/**
 * Rows ⇄ model. A span's column values are authoritative for the fields below; everything else
 * lives in the `data` JSON, so a stored span rebuilds to a deep-equal NormalizedSpan.
 *
 * A span straight from the default normalizer (`isContentDerivable`) is stored without its
 * derived content (input, output, LM messages, documents, …: copies of its raw attributes'
 * text) and with {@link DERIVED_MARK} set; reading it runs the dialects again on its raw parts
 * (`deriveContent`), which gives back that content exactly. Its JSON is ~40% smaller, which is
 * ingest time saved twice: encoding it, and writing it.
 *
 * Such a span that also came over OTLP/protobuf with its span record attached (`spanRecordOf`)
 * is stored as that record, a BLOB in `data`: the request's own bytes, copied instead of
 * encoded — JSON-encoding the raw parts was the largest single cost of ingest's main thread.
 * Reading it decodes the record and runs the default normalizer again; the columns stay
 * authoritative (the cost column keeps the price of ingest time).
 */
const COLUMN_FIELDS = [
  'project', 'traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startUs', 'endUs', 'status',
  'userId', 'sessionId', 'costUsd',
] as const;

type ColumnField = (typeof COLUMN_FIELDS)[number];
type SpanData = Omit<NormalizedSpan, ColumnField> & { [DERIVED_MARK]?: 1 };

/** The `data` key of a span stored without its derived content; no NormalizedSpan field starts with `$`. */
export const DERIVED_MARK = '$derived';

/** Column order of the `spans` insert; {@link spanInsertParams} returns values in this order. */
export const SPAN_INSERT_COLUMNS = [
  'project', 'trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_us', 'end_us',
  'duration_ms', 'status', 'model', 'response_model', 'provider', 'input_tokens', 'output_tokens',
  'cached_tokens', 'reasoning_tokens', 'cost_usd', 'user_id', 'session_id', 'data',
  'otel_kind', 'status_message', 'service_name', 'total_tokens', 'cache_write_tokens', 'error_message',
] as const;

export type SqlValue = string | number | bigint | Uint8Array | null;

/** The insert values of one span, in {@link SPAN_INSERT_COLUMNS} order. */
export function spanInsertParams(span: NormalizedSpan): SqlValue[] {
  const { project, traceId, spanId, parentSpanId, name, kind, startUs, endUs, status, userId, sessionId, costUsd } = span;
  const llm = span.llm;
  const usage = span.usage;
  return [
    project,
    traceId,
    spanId,
    parentSpanId ?? null,
    name,
    kind,
    startUs,
    endUs,
    (endUs - startUs) / 1000,
    status,
    llm?.model ?? null,
    llm?.responseModel ?? null,
    llm?.provider ?? null,
    usage?.input ?? null,
    usage?.output ?? null,
    usage?.cacheRead ?? null,
    usage?.reasoning ?? null,
    costUsd ?? null,
    userId ?? null,
    sessionId ?? null,
    dataValue(span),
    span.otelKind,
    span.statusMessage ?? null,
    span.serviceName ?? null,
    usage?.total ?? null,
    usage?.cacheWrite ?? null,
    exceptionMessage(span.events ?? []) ?? null,
  ];
}

/**
 * The fields a derivable span's `data` keeps: neither a column nor derived. Every key is
 * required, so a field added to NormalizedSpan fails to compile here until it is placed.
 */
type RawDataFields = { [K in Exclude<keyof NormalizedSpan, ColumnField | DerivedContentField>]-?: NormalizedSpan[K] | undefined };

/**
 * The `data` column of a span: its span record, or JSON of its fields without a column of their
 * own, less what {@link rowToSpan} derives.
 */
function dataValue(span: NormalizedSpan): string | Uint8Array {
  if (isContentDerivable(span)) {
    const record = spanRecordOf(span);
    if (record !== undefined) return record;
    // A literal, not a rest pattern: copying with 20 excluded keys costs more than the rest of this.
    const data: RawDataFields & { [DERIVED_MARK]: 1 } = {
      otelKind: span.otelKind,
      serviceName: span.serviceName,
      statusMessage: span.statusMessage,
      usage: span.usage,
      attributes: span.attributes,
      resource: span.resource,
      events: span.events,
      links: span.links,
      scopeName: span.scopeName,
      [DERIVED_MARK]: 1,
    };
    return JSON.stringify(data);
  }
  const {
    project, traceId, spanId, parentSpanId, name, kind, startUs, endUs, status, userId, sessionId, costUsd,
    ...data
  } = span;
  return JSON.stringify(data satisfies SpanData);
}

/** The `spans` columns a NormalizedSpan is rebuilt from. */
export const SPAN_SELECT_COLUMNS =
  'project, trace_id, span_id, parent_span_id, name, kind, start_us, end_us, status, user_id, session_id, cost_usd, data';

export interface SpanRow {
  project: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  start_us: number;
  end_us: number;
  status: string;
  user_id: string | null;
  session_id: string | null;
  cost_usd: number | null;
  /** JSON text, or a span record (BLOB). */
  data: string | Uint8Array;
}

/** Rebuilds the stored NormalizedSpan; optional fields absent when NULL (never `undefined`-valued). */
export function rowToSpan(row: SpanRow): NormalizedSpan {
  if (typeof row.data !== 'string') return recordRowToSpan(row, row.data);
  const data = JSON.parse(row.data) as SpanData;
  if (data[DERIVED_MARK] === 1) return derivedRowToSpan(row, data);
  const span: NormalizedSpan = {
    ...data,
    project: row.project,
    traceId: row.trace_id,
    spanId: row.span_id,
    name: row.name,
    kind: row.kind as SpanKind,
    startUs: row.start_us,
    endUs: row.end_us,
    status: row.status as SpanStatus,
  };
  setColumnOptionals(span, row);
  return span;
}

/** A span stored without its derived content. Built field by field: a rest pattern dropping the mark costs more than the JSON parse. */
function derivedRowToSpan(row: SpanRow, data: SpanData): NormalizedSpan {
  const span: NormalizedSpan = {
    project: row.project,
    traceId: row.trace_id,
    spanId: row.span_id,
    name: row.name,
    kind: row.kind as SpanKind,
    otelKind: data.otelKind,
    startUs: row.start_us,
    endUs: row.end_us,
    status: row.status as SpanStatus,
    attributes: data.attributes,
    resource: data.resource,
    events: data.events,
    links: data.links,
  };
  if (data.serviceName !== undefined) span.serviceName = data.serviceName;
  if (data.statusMessage !== undefined) span.statusMessage = data.statusMessage;
  if (data.usage !== undefined) span.usage = data.usage;
  if (data.scopeName !== undefined) span.scopeName = data.scopeName;
  setColumnOptionals(span, row);
  deriveContent(span);
  return span;
}

/**
 * Normalizes a record's span on read: the default dialects and no price table, so a span is
 * priced only by its cost column (as at ingest, perhaps with `LOUPE_PRICES`), never again.
 */
const recordNormalizer = createNormalizer({ prices: new PriceBook({}) });

/**
 * A span stored as its span record: normalized again from the record's RawSpan. The columns
 * hold what ingest made of that same RawSpan, so only the cost can differ; fields are assigned,
 * never deleted (a deleted property turns the object into a slow dictionary, for the JSON
 * serialization that follows too).
 */
function recordRowToSpan(row: SpanRow, record: Uint8Array): NormalizedSpan {
  const raw = decodeOtlpProtobufRequest(record).spans[0];
  if (raw === undefined) throw new Error(`span ${row.span_id} of trace ${row.trace_id}: its stored record holds no span`);
  const span = recordNormalizer.normalizeSpan(raw);
  span.project = row.project;
  span.kind = row.kind as SpanKind;
  span.status = row.status as SpanStatus;
  setColumnOptionals(span, row);
  return span;
}

function setColumnOptionals(span: NormalizedSpan, row: SpanRow): void {
  if (row.parent_span_id !== null) span.parentSpanId = row.parent_span_id;
  if (row.user_id !== null) span.userId = row.user_id;
  if (row.session_id !== null) span.sessionId = row.session_id;
  if (row.cost_usd !== null) span.costUsd = row.cost_usd;
}

/** The `spans` columns an LLMCallRecord is built from. */
export const LLM_CALL_SELECT_COLUMNS =
  'project, trace_id, span_id, parent_span_id, name, kind, start_us, end_us, duration_ms, status, user_id, session_id, cost_usd, data';

export interface LLMCallRow extends SpanRow {
  duration_ms: number;
}

export function rowToLLMCall(row: LLMCallRow): LLMCallRecord {
  // The whole span: its LM details may be derived (see DERIVED_MARK).
  const data = rowToSpan(row);
  const record: LLMCallRecord = {
    project: row.project,
    traceId: row.trace_id,
    spanId: row.span_id,
    name: row.name,
    startUs: row.start_us,
    durationMs: row.duration_ms,
    status: row.status as SpanStatus,
    // An LLM-kind span whose mapper found no LM details still lists, with empty messages.
    llm: data.llm ?? { inputMessages: [], outputMessages: [] },
  };
  if (data.statusMessage !== undefined) record.statusMessage = data.statusMessage;
  if (data.usage !== undefined) record.usage = data.usage;
  if (row.cost_usd !== null) record.costUsd = row.cost_usd;
  return record;
}

/** Roll-up columns of `traces`, in the order {@link rollupParams} returns their values. */
export const TRACE_COLUMNS = [
  'project', 'trace_id', 'root_span_id', 'root_start_us', 'name', 'start_us', 'end_us', 'duration_ms',
  'status', 'span_count', 'error_count', 'llm_call_count', 'input_tokens', 'output_tokens', 'total_tokens',
  'cost_usd', 'user_id', 'user_rank', 'session_id', 'session_rank', 'service_name', 'service_rank',
  'input', 'output',
] as const;

export interface TraceRow {
  project: string;
  trace_id: string;
  root_span_id: string | null;
  root_start_us: number | null;
  name: string;
  start_us: number;
  end_us: number;
  duration_ms: number;
  status: string;
  span_count: number;
  error_count: number;
  llm_call_count: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cost_usd: number | null;
  user_id: string | null;
  user_rank: number | null;
  session_id: string | null;
  session_rank: number | null;
  service_name: string | null;
  service_rank: number | null;
  input: string | null;
  output: string | null;
}

/** A `traces` row as stored: the roll-up columns and the row id spans point at. */
export interface StoredTraceRow extends TraceRow {
  id: number;
}

export function rollupParams(r: TraceRollup): SqlValue[] {
  return [
    r.project,
    r.traceId,
    r.rootSpanId ?? null,
    r.rootStartUs ?? null,
    r.name,
    r.startUs,
    r.endUs,
    r.durationMs,
    r.errorCount > 0 ? 'error' : 'ok',
    r.spanCount,
    r.errorCount,
    r.llmCallCount,
    r.inputTokens,
    r.outputTokens,
    r.totalTokens,
    r.costUsd ?? null,
    r.userId ?? null,
    r.userRank ?? null,
    r.sessionId ?? null,
    r.sessionRank ?? null,
    r.serviceName ?? null,
    r.serviceRank ?? null,
    r.input ?? null,
    r.output ?? null,
  ];
}

export function rowToRollup(row: TraceRow): TraceRollup {
  const r: TraceRollup = {
    project: row.project,
    traceId: row.trace_id,
    name: row.name,
    startUs: row.start_us,
    endUs: row.end_us,
    durationMs: row.duration_ms,
    spanCount: row.span_count,
    errorCount: row.error_count,
    llmCallCount: row.llm_call_count,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    totalTokens: row.total_tokens,
  };
  if (row.root_span_id !== null) r.rootSpanId = row.root_span_id;
  if (row.root_start_us !== null) r.rootStartUs = row.root_start_us;
  if (row.cost_usd !== null) r.costUsd = row.cost_usd;
  if (row.user_id !== null) r.userId = row.user_id;
  if (row.user_rank !== null) r.userRank = row.user_rank;
  if (row.session_id !== null) r.sessionId = row.session_id;
  if (row.session_rank !== null) r.sessionRank = row.session_rank;
  if (row.service_name !== null) r.serviceName = row.service_name;
  if (row.service_rank !== null) r.serviceRank = row.service_rank;
  if (row.input !== null) r.input = row.input;
  if (row.output !== null) r.output = row.output;
  return r;
}
