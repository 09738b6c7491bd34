import type { TraceStore } from '@loupe/core';
import { startGrpcServer, startServer, type LoupeGrpcServer, type LoupeServer } from '@loupe/server';
import { CliError } from './cli-error.js';

/** Starts the HTTP server (OTLP/HTTP, API, viewer), turning the usual listen failures into one clear line. */
export async function listen(store: TraceStore, port: number, host: string, log: (line: string) => void): Promise<LoupeServer> {
  try {
    return await startServer({ store, port, host, log });
  } catch (err) {
    throw listenError(err, port, host, '--port');
  }
}

/** Starts the OTLP/gRPC receiver (the default transport of Python and Go OTel exporters). */
export async function listenGrpc(store: TraceStore, port: number, host: string, log: (line: string) => void): Promise<LoupeGrpcServer> {
  try {
    return await startGrpcServer({ store, port, host, log });
  } catch (err) {
    throw listenError(err, port, host, '--grpc-port');
  }
}

function listenError(err: unknown, port: number, host: string, flag: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const message = String((err as Error)?.message ?? err);
  // grpc-js reports bind failures as a message, not an errno code.
  if (code === 'EADDRINUSE' || /EADDRINUSE|address already in use/i.test(message)) {
    return new CliError(`port ${port} on ${host} is already in use (another Loupe or OpenTelemetry collector?); pick another with ${flag}`);
  }
  if (code === 'EACCES' || /EACCES/.test(message)) return new CliError(`permission denied to listen on ${host}:${port}; pick a port above 1023 with ${flag}`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || /EADDRNOTAVAIL/.test(message)) return new CliError(`cannot listen on ${host}: no such local address`);
  if (err instanceof Error && err.name === 'PriceConfigError') return new CliError(err.message);
  return err instanceof Error ? err : new Error(message);
}

export interface Listeners {
  server: LoupeServer;
  grpc: LoupeGrpcServer | undefined;
}

/**
 * Starts the HTTP server and, unless `grpcPort` is undefined, the gRPC receiver, at the same time:
 * binding one while the other binds keeps the slower of the two off the start-up path. If either
 * fails, the other is closed again and the failure (HTTP's first, when both fail) is thrown.
 */
export async function listenAll(store: TraceStore, port: number, grpcPort: number | undefined, host: string, log: (line: string) => void): Promise<Listeners> {
  const [http, grpc] = await Promise.allSettled([
    listen(store, port, host, log),
    grpcPort === undefined ? Promise.resolve(undefined) : listenGrpc(store, grpcPort, host, log),
  ]);
  if (http.status === 'fulfilled' && grpc.status === 'fulfilled') return { server: http.value, grpc: grpc.value };
  await Promise.allSettled([
    http.status === 'fulfilled' ? http.value.close() : undefined,
    grpc.status === 'fulfilled' ? grpc.value?.close() : undefined,
  ]);
  throw http.status === 'rejected' ? http.reason : (grpc as PromiseRejectedResult).reason;
}
