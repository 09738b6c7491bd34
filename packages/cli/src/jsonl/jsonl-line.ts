import type { JsonlSpan } from '@loupe/core';
import { createHash } from 'node:crypto';

/** Why a JSONL line cannot be imported; the message names the field. */
export class JsonlLineError extends Error {}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const NANOS = /^\d{1,20}$/;

function validateSpan(s: unknown, i: number): JsonlSpan {
  if (typeof s !== 'object' || s === null) throw new JsonlLineError(`spans[${i}] is not an object`);
  const span = s as Record<string, unknown>;
  if (typeof span.trace_id !== 'string' || !HEX32.test(span.trace_id)) throw new JsonlLineError(`spans[${i}].trace_id must be 32 lowercase hex characters`);
  if (typeof span.span_id !== 'string' || !HEX16.test(span.span_id)) throw new JsonlLineError(`spans[${i}].span_id must be 16 lowercase hex characters`);
  if (span.parent_span_id !== undefined && span.parent_span_id !== null && (typeof span.parent_span_id !== 'string' || !HEX16.test(span.parent_span_id))) {
    throw new JsonlLineError(`spans[${i}].parent_span_id must be 16 lowercase hex characters`);
  }
  if (typeof span.name !== 'string') throw new JsonlLineError(`spans[${i}].name must be a string`);
  for (const f of ['start_time_unix_nano', 'end_time_unix_nano'] as const) {
    if (typeof span[f] !== 'string' || !NANOS.test(span[f] as string)) throw new JsonlLineError(`spans[${i}].${f} must be a decimal string of nanoseconds`);
  }
  if (span.attributes !== undefined && (typeof span.attributes !== 'object' || span.attributes === null || Array.isArray(span.attributes))) {
    throw new JsonlLineError(`spans[${i}].attributes must be an object`);
  }
  return span as unknown as JsonlSpan;
}

/** A deterministic 32-hex id for records whose own id is not one (the seed's `20250115_143000_123` ids). */
function hexId(text: string, chars: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, chars);
}

function toNanos(ms: number): string {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

/**
 * The seed's own JSONL shapes (`TracedProgram`: inputs/outputs/total_latency_ms; `StepTracer`:
 * steps with step/latency_ms) carry no spans: rebuild a root span and sequential step spans so
 * those logs can be searched and shown like any other trace.
 */
function spansFromSeedRecord(rec: Record<string, unknown>): JsonlSpan[] {
  const id = String(rec.trace_id ?? '');
  if (!id) throw new JsonlLineError('missing "trace_id"');
  const traceId = HEX32.test(id) ? id : hexId(id, 32);
  const ts = typeof rec.timestamp === 'string' ? Date.parse(rec.timestamp) : NaN;
  if (Number.isNaN(ts)) throw new JsonlLineError('"timestamp" must be an ISO 8601 time');
  const steps = Array.isArray(rec.steps) ? (rec.steps as Record<string, unknown>[]) : [];
  const total = typeof rec.total_latency_ms === 'number' ? rec.total_latency_ms : steps.reduce((a, s) => a + (Number(s.latency_ms) || 0), 0);
  if (!Number.isFinite(total) || total < 0) throw new JsonlLineError('"total_latency_ms" must be a non-negative number');
  // The seed writes its timestamp when the request ends.
  const startMs = ts - total;
  const rootId = hexId(`${traceId}:root`, 16);
  const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const root: JsonlSpan = {
    trace_id: traceId,
    span_id: rootId,
    name: typeof rec.name === 'string' ? rec.name : 'request',
    kind: 1,
    start_time_unix_nano: toNanos(startMs),
    end_time_unix_nano: toNanos(startMs + total),
    attributes: {
      'openinference.span.kind': 'CHAIN',
      ...(rec.inputs !== undefined && { 'input.value': json(rec.inputs), 'input.mime_type': 'application/json' }),
      ...(rec.outputs !== undefined && { 'output.value': json(rec.outputs), 'output.mime_type': 'application/json' }),
      ...(typeof rec.user_id === 'string' && { 'user.id': rec.user_id }),
      ...(typeof rec.session_id === 'string' && { 'session.id': rec.session_id }),
      'loupe.imported_trace_id': id,
    },
    status: { code: 'UNSET' },
    events: [],
    resource: { 'service.name': 'jsonl-import' },
  };
  const spans = [root];
  let at = startMs;
  steps.forEach((step, i) => {
    const ms = Number(step.latency_ms);
    if (!Number.isFinite(ms) || ms < 0) throw new JsonlLineError(`steps[${i}].latency_ms must be a non-negative number`);
    const name = String(step.step ?? step.name ?? `step ${i + 1}`);
    spans.push({
      trace_id: traceId,
      span_id: hexId(`${traceId}:${i}`, 16),
      parent_span_id: rootId,
      name,
      kind: 1,
      start_time_unix_nano: toNanos(at),
      end_time_unix_nano: toNanos(at + ms),
      attributes: {
        'openinference.span.kind': 'CHAIN',
        ...(step.inputs !== undefined && { 'input.value': json(step.inputs), 'input.mime_type': 'application/json' }),
        ...(step.outputs !== undefined && { 'output.value': json(step.outputs), 'output.mime_type': 'application/json' }),
      },
      status: { code: step.status === 'error' ? 'ERROR' : 'UNSET' },
      events: [],
      resource: root.resource,
    });
    at += ms;
  });
  return spans;
}

/** One JSONL line → the spans it holds. Throws JsonlLineError saying what is wrong. */
export function parseJsonlLine(line: string): JsonlSpan[] {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch (err) {
    throw new JsonlLineError(`invalid JSON (${(err as Error).message})`);
  }
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw new JsonlLineError('not a JSON object');
  const r = rec as Record<string, unknown>;
  if (r.spans === undefined) return spansFromSeedRecord(r);
  if (!Array.isArray(r.spans) || r.spans.length === 0) throw new JsonlLineError('"spans" must be a non-empty array');
  return r.spans.map(validateSpan);
}
