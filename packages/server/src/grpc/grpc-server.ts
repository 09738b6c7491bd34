import { BacklogFullError } from '../ingest-backlog.js';
import { OtlpIngester } from '../otlp-ingester.js';
import * as grpc from '@grpc/grpc-js';
import type { TraceStore } from '@loupe/core';
import type { PriceBook } from '@loupe/normalize';
import { decodeOtlpProtobufRequest, OtlpDecodeError, type OtlpDecodeResult } from '@loupe/otlp';
import { encodeExportResponse } from '../otlp/export-response.js';

export interface GrpcServerOptions {
  /** Where spans go. The server never closes it; the caller owns it. */
  store: TraceStore;
  /** Default 4317 (the OTLP/gRPC port); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: local only unless asked otherwise. */
  host?: string;
  /** Largest accepted message after decompression; default 32 MiB (like the HTTP receiver's body limit). */
  maxMessageBytes?: number;
  /** Prices for LM calls that arrive without a cost; default the built-in table plus the `LOUPE_PRICES` file, if set. */
  prices?: PriceBook;
  /** One line per notable event (rejected spans, errors); default silent. */
  log?: (line: string) => void;
}

export interface LoupeGrpcServer {
  /** The bound port (the actual one when 0 was asked). */
  readonly port: number;
  /** Stops accepting calls and resolves once in-flight exports are answered (forced after `graceMs`, default 5 s). Leaves the store open. */
  close(graceMs?: number): Promise<void>;
}

export const DEFAULT_GRPC_PORT = 4317;
export const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/**
 * The OTLP/gRPC trace service. Messages pass through grpc-js as raw bytes and are decoded by
 * the same protobufjs decoder as OTLP/HTTP, so an undecodable request is answered with
 * INVALID_ARGUMENT (a throwing deserializer would surface as INTERNAL).
 */
const TRACE_SERVICE: grpc.ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

/**
 * Starts an OTLP/gRPC receiver (`TraceService/Export`): decode → normalize → `store.ingest`, the
 * same path as `POST /v1/traces`. The reply is sent only once the store has committed. Status
 * codes follow the OTLP spec: INVALID_ARGUMENT for an undecodable request (not retried),
 * UNAVAILABLE when the store fails (exporters retry). Spans with bad ids are reported in
 * `partial_success`. gzip/deflate request compression (`grpc-encoding`) is handled by grpc-js.
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<LoupeGrpcServer> {
  const { store } = options;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const ingester = new OtlpIngester({ store, ...(options.prices && { prices: options.prices }) });

  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  server.addService(TRACE_SERVICE, { Export: exportHandler(ingester, log) });

  const address = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? DEFAULT_GRPC_PORT}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });

  let closed: Promise<void> | undefined;
  return {
    port,
    close(graceMs = 5000) {
      closed ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closed;
    },
  };
}

function exportHandler(ingester: OtlpIngester, log: (line: string) => void): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    let decoded: OtlpDecodeResult;
    try {
      decoded = decodeOtlpProtobufRequest(call.request, { records: true });
    } catch (err) {
      const message = err instanceof OtlpDecodeError ? err.message : `invalid request: ${(err as Error).message}`;
      log(`gRPC Export INVALID_ARGUMENT: ${message}`);
      callback({ code: grpc.status.INVALID_ARGUMENT, details: message });
      return;
    }
    // Only the counts outlive this turn, not the decoded spans (see otlp-ingest-route.ts).
    const { rejectedSpans, errorMessage } = decoded;
    void ingester.ingest(decoded).then(
      () => {
        if (rejectedSpans > 0) log(`gRPC Export: ${errorMessage}`);
        callback(null, encodeExportResponse('protobuf', rejectedSpans, errorMessage));
      },
      (err: unknown) => {
        const message = err instanceof BacklogFullError ? err.message : `could not store spans: ${(err as Error)?.message ?? String(err)}`;
        log(`gRPC Export UNAVAILABLE: ${message}`);
        callback({ code: grpc.status.UNAVAILABLE, details: message });
      },
    );
  };
}

