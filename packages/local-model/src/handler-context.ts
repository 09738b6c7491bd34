import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LatencyInfo } from './latency.js';
import type { Random } from './random.js';
import type { PromptCache } from './usage.js';

/** What the server hands each endpoint handler for one request. */
export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Parsed JSON body (GET requests get `{}`). */
  body: Record<string, unknown>;
  random: Random;
  cache: PromptCache;
  /** Delay for a request, per the server's latency option. */
  latency(info: LatencyInfo): number;
  /**
   * Waits `ms`; resolves `false` early when the client has gone away or the server is closing,
   * so handlers stop writing instead of answering a closed socket.
   */
  wait(ms: number): Promise<boolean>;
  /** Waits until the client goes away or the server closes: the `timeout` failure mode. */
  hang(): Promise<void>;
  /** A fresh id such as `chatcmpl-4f1c…`, deterministic for a given seed and request order. */
  newId(prefix: string): string;
}
