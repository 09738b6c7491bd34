import type { TraceStore } from '@loupe/core';
import { startServer, type LoupeServer } from '@loupe/server';
import { CliError } from './cli-error.js';

/** Starts the HTTP server, turning the usual listen failures into one clear line. */
export async function listen(store: TraceStore, port: number, host: string, log: (line: string) => void): Promise<LoupeServer> {
  try {
    return await startServer({ store, port, host, log });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${host} is already in use (another Loupe or OpenTelemetry collector?); pick another with --port`);
    if (code === 'EACCES') throw new CliError(`permission denied to listen on ${host}:${port}; pick a port above 1023 with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CliError(`cannot listen on ${host}: no such local address`);
    throw err;
  }
}
