import { otlpSchema } from './proto-schema.js';

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
  const { response } = otlpSchema();
  const message = response.fromObject(partial ? { partialSuccess: partial } : {});
  return Buffer.from(response.encode(message).finish());
}

/** gRPC status codes used in `google.rpc.Status` error bodies. */
export const RPC_CODE = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAVAILABLE: 14 } as const;

/** `google.rpc.Status { code, message }`: the OTLP/HTTP error body, in the request's encoding. */
export function encodeRpcStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const { status } = otlpSchema();
  return Buffer.from(status.encode(status.fromObject({ code, message })).finish());
}
