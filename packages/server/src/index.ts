export { startServer, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, type LoupeServer, type ServerOptions } from './http/server.js';
export {
  decodeOtlpProtobuf,
  decodeOtlpProtobufRequest,
  decodeOtlpJson,
  decodeOtlpJsonRequest,
  OtlpDecodeError,
  type OtlpDecodeResult,
} from './otlp/index.js';
export { normalizeSpan, normalizeSpans, projectOf, DIALECTS, type Dialect, type SpanDraft } from './normalize/index.js';
export { ingestRawSpans } from './ingest.js';
export { RemoteTraceReader, type RemoteTraceReaderOptions } from './api/remote-trace-reader.js';
export { RemoteError } from './api/remote-error.js';
export type { TraceReader } from './api/trace-reader.js';
export { QueryParamError } from './api/query-param-error.js';
export {
  parseTraceFilter,
  parseTraceQuery,
  parseLLMCallQuery,
  parseTimeParam,
  parseTraceId,
  traceFilterToParams,
  traceQueryToParams,
  llmCallQueryToParams,
  TRACE_FILTER_PARAMS,
  TRACE_QUERY_PARAMS,
  LLM_CALL_PARAMS,
  MAX_LIMIT,
} from './api/query-params.js';
