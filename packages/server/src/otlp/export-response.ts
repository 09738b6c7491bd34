import protobuf from 'protobufjs/minimal.js';

/** The two OTLP/HTTP encodings. */
export type OtlpEncoding = 'protobuf' | 'json';

export const CONTENT_TYPES: Record<OtlpEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/**
 * `ExportTraceServiceResponse`, with `partial_success` only when something was rejected
 * (an empty partial success means full success, so it is omitted).
 */
export function encodeExportResponse(encoding: OtlpEncoding, rejectedSpans: number, errorMessage: string): Buffer {
  const partial = rejectedSpans > 0 || errorMessage !== '' ? { rejectedSpans, errorMessage } : undefined;
  if (encoding === 'json') {
    // OTLP/JSON writes int64 as a decimal string.
    const body = partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  // Written field by field (the tests check it against the official protos): two small messages
  // do not justify parsing the OTLP .proto files at every server start.
  const w = protobuf.Writer.create();
  if (partial) {
    // partial_success = 1 { rejected_spans = 1 (int64), error_message = 2 }, defaults omitted as proto3 does.
    w.uint32((1 << 3) | 2).fork();
    if (rejectedSpans !== 0) w.uint32((1 << 3) | 0).int64(rejectedSpans);
    if (errorMessage !== '') w.uint32((2 << 3) | 2).string(errorMessage);
    w.ldelim();
  }
  return Buffer.from(w.finish());
}

/** gRPC status codes used in `google.rpc.Status` error bodies. */
export const RPC_CODE = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAVAILABLE: 14 } as const;

/** `google.rpc.Status { code, message }`: the OTLP/HTTP error body, in the request's encoding. */
export function encodeRpcStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  // code = 1 (int32), message = 2; `details` is never written.
  const w = protobuf.Writer.create();
  if (code !== 0) w.uint32((1 << 3) | 0).int32(code);
  if (message !== '') w.uint32((2 << 3) | 2).string(message);
  return Buffer.from(w.finish());
}
