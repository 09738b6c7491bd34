import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TraceStore } from '@loupe/core';
import type { PriceBook } from '@loupe/normalize';
import { discardUnreadBody } from './body-reader.js';
import { HttpError } from './http-error.js';
import { sendJson, sendJsonError } from './json-response.js';
import { otlpIngestRoute } from './otlp-ingest-route.js';
import { addQueryRoutes } from './query-routes.js';
import { serveStaticAsset } from './static-assets.js';
import { addTimeSeriesRoutes } from '../api/timeseries-api.js';
import { addFeedbackRoutes } from '../api/feedback-api.js';
import { Router } from './router.js';
import { OtlpIngester } from '../otlp-ingester.js';

export interface ServerOptions {
  /** Where spans go and queries read from. The server never closes it; the caller owns it. */
  store: TraceStore;
  /** Default 4318 (the OTLP/HTTP port); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: local only unless asked otherwise. */
  host?: string;
  /** Limit for request bodies, before and after decompression; default 32 MiB. */
  maxBodyBytes?: number;
  /**
   * Spans accepted for storage but not yet committed, beyond which `/v1/traces` answers 503 with
   * `Retry-After` (OTLP exporters back off and retry) instead of queueing without bound; default 200,000.
   */
  maxPendingSpans?: number;
  /** One line per notable event (rejected spans, errors); default silent. */
  log?: (line: string) => void;
  /** Prices for LM calls that arrive without a cost; default the built-in table plus the `LOUPE_PRICES` file, if set. */
  prices?: PriceBook;
}

export interface LoupeServer {
  /** `http://host:port`, with the actual port when 0 was asked. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and resolves once in-flight requests (ingests included) are answered. Leaves the store open. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4318;
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Starts the OTLP/HTTP receiver and JSON query API on one port. */
export async function startServer(options: ServerOptions): Promise<LoupeServer> {
  const { store } = options;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const ingester = new OtlpIngester({ store, ...(options.prices && { prices: options.prices }), ...(options.maxPendingSpans !== undefined && { maxPendingSpans: options.maxPendingSpans }) });

  const router = new Router();
  router.add('POST', '/v1/traces', otlpIngestRoute({ ingester, maxBodyBytes, log }));
  // Up and ingesting; with the full-text index's state when the store indexes after the ack.
  router.add('GET', '/health', async ({ res }) =>
    sendJson(res, 200, store.searchIndexStatus ? { status: 'ok', search: store.searchIndexStatus() } : { status: 'ok' }),
  );
  addQueryRoutes(router, store);
  addTimeSeriesRoutes(router, store);
  addFeedbackRoutes(router, { feedback: store, reader: store });

  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendJsonError(res, 400, `invalid request URL "${req.url}"`);
      return;
    }
    if (closing) res.setHeader('connection', 'close');
    // The web viewer: every GET outside /api, /v1 and /health.
    if (serveStaticAsset(req, res)) return;
    const match = router.match(method, url.pathname);
    try {
      if (match.kind === 'none') throw new HttpError(404, `no route for ${method} ${url.pathname}`);
      if (match.kind === 'method') {
        throw new HttpError(405, `${method} is not allowed on ${url.pathname}; use ${match.allowed.join(', ')}`, { allow: match.allowed.join(', ') });
      }
      await match.handler({ req, res, url, params: match.params });
    } catch (err) {
      const httpErr = err instanceof HttpError ? err : new HttpError(500, `internal error: ${(err as Error).message}`);
      if (httpErr.status >= 500) log(`${method} ${url.pathname} ${httpErr.status}: ${httpErr.message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      discardUnreadBody(req, res);
      sendJsonError(res, httpErr.status, httpErr.message, httpErr.headers);
    }
  };

  const server = http.createServer((req, res) => {
    const done = handle(req, res)
      .catch(() => {
        res.destroy();
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  // Malformed HTTP (bad request line, oversized headers): answer 400 and drop the socket instead of throwing.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        // Keep-alive sockets that just answered their last request are idle now.
        server.closeIdleConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
