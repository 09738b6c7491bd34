export { startServer, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, type LoupeServer, type ServerOptions } from './http/server.js';
export {
  decodeOtlpProtobuf,
  decodeOtlpProtobufRequest,
  decodeOtlpJson,
  decodeOtlpJsonRequest,
  OtlpDecodeError,
  type OtlpDecodeResult,
} from './otlp/index.js';
export {
  normalizeSpan,
  normalizeSpans,
  createNormalizer,
  projectOf,
  DIALECTS,
  type Dialect,
  type SpanDraft,
  type Normalizer,
  type NormalizerOptions,
} from '@loupe/normalize';
export {
  PriceBook,
  DEFAULT_PRICES,
  PRICES_CHECKED_ON,
  PRICES_ENV,
  PriceConfigError,
  canonicalModelName,
  costOfUsage,
  defaultPriceBook,
  loadPriceOverrides,
  parsePriceOverrides,
  priceBookWith,
  priceBookFromEnv,
  type ModelPrice,
  type PriceOverrides,
} from '@loupe/normalize';
export { startGrpcServer, DEFAULT_GRPC_PORT, type GrpcServerOptions, type LoupeGrpcServer } from './grpc/index.js';
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
export { IngestBacklog, BacklogFullError, DEFAULT_MAX_PENDING_SPANS } from './ingest-backlog.js';
export { OtlpIngester, type OtlpIngesterOptions } from './otlp-ingester.js';
