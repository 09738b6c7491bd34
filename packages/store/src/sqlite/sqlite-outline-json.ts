/**
 * A span's outline as JSON text, built by SQLite from the light `spans` columns: the object
 * `spanOutline` (core) makes of the stored span (absent fields left out, `usage` only with a
 * token count, `model` falling back to the response model; the conformance suite checks it).
 * The store's only mapping of those columns to an outline: `getTraceOutline` parses this text.
 *
 * Why: for the viewer's 10,000-span trace, reading the rows into JS (an array of 20 values
 * per span, most of them strings) and stringifying the objects took about three times as long
 * as SQLite writing the text itself; the JS values were the cost, not SQLite's row reads.
 * `json_quote` escapes strings as JSON.stringify does and writes reals that parse back to the
 * same double.
 */

/** `,"key":<value>` when the column is not NULL, else nothing. */
function optional(key: string, expr: string): string {
  return `iif(${expr} IS NULL, '', ',"${key}":' || json_quote(${expr}))`;
}

/** Token columns and their TokenUsage keys, in spanOutline's order. */
const USAGE_COLUMNS: readonly [string, string][] = [
  ['input_tokens', 'input'],
  ['output_tokens', 'output'],
  ['total_tokens', 'total'],
  ['cached_tokens', 'cacheRead'],
  ['cache_write_tokens', 'cacheWrite'],
  ['reasoning_tokens', 'reasoning'],
];

/** `,"usage":{…}` with the non-NULL counts, or nothing when every count is NULL. */
function usage(): string {
  const anyCount = `coalesce(${USAGE_COLUMNS.map(([c]) => c).join(', ')}) IS NULL`;
  // Each member starts with a comma; substr drops the first one.
  const members = USAGE_COLUMNS.map(([c, k]) => `iif(${c} IS NULL, '', ',"${k}":' || json_quote(${c}))`).join(' || ');
  return `iif(${anyCount}, '', ',"usage":{' || substr(${members}, 2) || '}')`;
}

/** SQL expression over a `spans` row: its SpanOutline as JSON text. The schema's NOT NULL columns are always written; the others only when set. */
export const OUTLINE_JSON_EXPR = [
  `'{"spanId":' || json_quote(span_id)`,
  optional('parentSpanId', 'parent_span_id'),
  `',"name":' || json_quote(name)`,
  `',"kind":' || json_quote(kind)`,
  `',"otelKind":' || json_quote(otel_kind)`,
  `',"startUs":' || json_quote(start_us)`,
  `',"endUs":' || json_quote(end_us)`,
  `',"status":' || json_quote(status)`,
  optional('statusMessage', 'status_message'),
  optional('serviceName', 'service_name'),
  optional('model', 'coalesce(model, response_model)'),
  usage(),
  optional('costUsd', 'cost_usd'),
  optional('errorMessage', 'error_message'),
  `'}'`,
].join(' || ');
