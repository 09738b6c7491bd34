export { decodeOtlpProtobuf, decodeOtlpProtobufRequest } from './decode-protobuf.js';
export { decodeOtlpJson, decodeOtlpJsonRequest } from './decode-json.js';
export type { OtlpDecodeResult } from './decode-result.js';
export { OtlpDecodeError } from './otlp-decode-error.js';
export { parseJsonBody } from './parse-json-body.js';
export { encodeExportResponse, encodeRpcStatus, CONTENT_TYPES, RPC_CODE, type OtlpEncoding } from './export-response.js';
