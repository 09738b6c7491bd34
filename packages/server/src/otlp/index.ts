export { decodeOtlpProtobuf, decodeOtlpProtobufRequest, decodeOtlpJson, decodeOtlpJsonRequest, OtlpDecodeError, parseJsonBody } from '@loupe/otlp';
export type { OtlpDecodeResult } from '@loupe/otlp';
export { encodeExportResponse, encodeRpcStatus, CONTENT_TYPES, RPC_CODE, type OtlpEncoding } from './export-response.js';
