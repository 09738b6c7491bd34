import type { ServerResponse } from 'node:http';
import type { OtlpIngester } from '../otlp-ingester.js';
import { decodeOtlpJsonRequest, decodeOtlpProtobufRequest, OtlpDecodeError, parseJsonBody, type OtlpDecodeResult } from '@loupe/otlp';
import { CONTENT_TYPES, encodeExportResponse, encodeRpcStatus, RPC_CODE, type OtlpEncoding } from '../otlp/export-response.js';
import { decodeContentEncoding, discardUnreadBody, readBody } from './body-reader.js';
import { HttpError } from './http-error.js';
import { BacklogFullError } from '../ingest-backlog.js';
import type { RouteContext } from './router.js';

export interface IngestRouteOptions {
  ingester: OtlpIngester;
  maxBodyBytes: number;
  log: (line: string) => void;
}

function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const mime = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (mime === CONTENT_TYPES.protobuf) return 'protobuf';
  if (mime === CONTENT_TYPES.json) return 'json';
  return undefined;
}

const RPC_CODE_BY_STATUS: Record<number, number> = {
  400: RPC_CODE.INVALID_ARGUMENT,
  413: RPC_CODE.RESOURCE_EXHAUSTED,
  415: RPC_CODE.INVALID_ARGUMENT,
  500: RPC_CODE.INTERNAL,
  503: RPC_CODE.UNAVAILABLE,
};

/**
 * Error responses follow OTLP/HTTP: a `google.rpc.Status { code, message }` in the request's
 * encoding (binary protobuf for protobuf requests, `{"code":3,"message":"…"}` for JSON). When
 * the Content-Type is unsupported the encoding is unknown, so the 415 body is plain JSON
 * `{"error": "…"}` like the query API's.
 */
function sendStatus(res: ServerResponse, encoding: OtlpEncoding, err: HttpError): void {
  const body = encodeRpcStatus(encoding, RPC_CODE_BY_STATUS[err.status] ?? RPC_CODE.INTERNAL, err.message);
  res.writeHead(err.status, { 'content-type': CONTENT_TYPES[encoding], 'content-length': body.length, ...err.headers });
  res.end(body);
}

/**
 * Decodes the body and hands its spans to the ingester; returns what the answer needs once the
 * store has committed. A function of its own so that, while the route awaits the commit, its
 * frame holds none of the request's decoded spans: they would outlive young-generation
 * collections on every in-flight request.
 */
function startIngest(
  ingester: OtlpIngester,
  encoding: OtlpEncoding,
  body: Buffer,
): { stored: Promise<void>; rejectedSpans: number; errorMessage: string } {
  let decoded: OtlpDecodeResult;
  try {
    decoded = encoding === 'json' ? decodeOtlpJsonRequest(parseJsonBody(body)) : decodeOtlpProtobufRequest(body, { records: true });
  } catch (err) {
    if (err instanceof OtlpDecodeError) throw new HttpError(400, err.message);
    throw err;
  }
  return { stored: ingester.ingest(decoded), rejectedSpans: decoded.rejectedSpans, errorMessage: decoded.errorMessage };
}

/**
 * `POST /v1/traces`: decode → normalize → `store.ingest` → 200 only once the store has
 * committed. Spans with bad ids are reported in `partial_success`; an undecodable body is a
 * 400; a store failure is a 503 so exporters retry.
 */
export function otlpIngestRoute(options: IngestRouteOptions) {
  const { ingester, maxBodyBytes, log } = options;
  return async ({ req, res }: RouteContext): Promise<void> => {
    const encoding = encodingOf(req.headers['content-type']);
    if (!encoding) {
      const type = req.headers['content-type'] ?? '(none)';
      throw new HttpError(415, `unsupported Content-Type "${type}"; send ${CONTENT_TYPES.protobuf} or ${CONTENT_TYPES.json}`);
    }
    try {
      const { stored, rejectedSpans, errorMessage } = startIngest(
        ingester,
        encoding,
        await decodeContentEncoding(await readBody(req, maxBodyBytes), req.headers['content-encoding'], maxBodyBytes),
      );
      try {
        await stored;
      } catch (err) {
        const message = err instanceof BacklogFullError ? err.message : `could not store spans: ${(err as Error).message}`;
        throw new HttpError(503, message, { 'retry-after': '1' });
      }
      if (rejectedSpans > 0) log(`POST /v1/traces: ${errorMessage}`);
      const out = encodeExportResponse(encoding, rejectedSpans, errorMessage);
      res.writeHead(200, { 'content-type': CONTENT_TYPES[encoding], 'content-length': out.length });
      res.end(out);
    } catch (err) {
      const httpErr = err instanceof HttpError ? err : new HttpError(500, `internal error: ${(err as Error).message}`);
      log(`POST /v1/traces ${httpErr.status}: ${httpErr.message}`);
      discardUnreadBody(req, res);
      sendStatus(res, encoding, httpErr);
    }
  };
}
