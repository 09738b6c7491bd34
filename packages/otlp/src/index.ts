export { decodeOtlpProtobuf, decodeOtlpProtobufRequest, type ProtobufDecodeOptions } from './decode-protobuf.js';
export { decodeOtlpJson, decodeOtlpJsonRequest } from './decode-json.js';
export type { OtlpDecodeResult } from './decode-result.js';
export { OtlpDecodeError } from './otlp-decode-error.js';
export { parseJsonBody } from './parse-json-body.js';
export { attachSpanRecord, spanRecordOf } from './span-record.js';
export { encodeOtlpProtobufRequest } from './encode-protobuf.js';
