import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAnthropicMessages } from './anthropic-messages.js';
import type { HandlerContext } from './handler-context.js';
import { anthropicErrorBody, HttpError, openAIErrorBody } from './http-error.js';
import { readJsonObject, sendJson } from './http-io.js';
import { latencyFor, type LatencyOption } from './latency.js';
import { handleListModels } from './model-catalog.js';
import { handleChatCompletions } from './openai-chat.js';
import { handleEmbeddings } from './openai-embeddings.js';
import { handleResponses } from './openai-responses.js';
import { seededRandom } from './random.js';
import { PromptCache } from './usage.js';

export interface LocalModelServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Only loopback is supported: the server is for demos and tests on this machine. */
  host?: '127.0.0.1';
  /** Per-request delay: a `{ min, max }` range in ms (default 20–120) or a function. */
  latencyMs?: LatencyOption;
  /** Seed for latency jitter and ids (default 42). */
  seed?: number;
  /** Called with one line per finished request: `POST /v1/chat/completions 200 83ms`. */
  log?: (line: string) => void;
}

export interface LocalModelServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `url + '/v1'`: what OpenAI-compatible clients take as `baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  /** Requests received so far, failed and invalid ones included. */
  readonly requests: number;
  /** Stops listening, drops open connections (hung `timeout` requests too) and resolves when closed. */
  close(): Promise<void>;
}

type Handler = (ctx: HandlerContext) => Promise<void>;
type Dialect = 'openai' | 'anthropic';

const ROUTES: Record<string, { method: string; handler: Handler; dialect: Dialect }> = {
  '/v1/chat/completions': { method: 'POST', handler: handleChatCompletions, dialect: 'openai' },
  '/v1/embeddings': { method: 'POST', handler: handleEmbeddings, dialect: 'openai' },
  '/v1/responses': { method: 'POST', handler: handleResponses, dialect: 'openai' },
  '/v1/messages': { method: 'POST', handler: handleAnthropicMessages, dialect: 'anthropic' },
  '/v1/models': { method: 'GET', handler: handleListModels, dialect: 'openai' },
};

/**
 * Starts the local model behind OpenAI- and Anthropic-compatible endpoints:
 * `POST /v1/chat/completions`, `/v1/embeddings`, `/v1/responses`, `/v1/messages`, `GET /v1/models`.
 * Failures can be forced with the `x-local-model-fail: 500|429|timeout` header or a
 * `[[fail:…]]` marker in the last user message.
 */
export async function startLocalModelServer(options: LocalModelServerOptions = {}): Promise<LocalModelServer> {
  const random = seededRandom(options.seed ?? 42);
  const cache = new PromptCache();
  const closing = new AbortController();
  let requests = 0;
  let idCounter = 0;

  const newId = (prefix: string): string => {
    idCounter++;
    const rand = Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0');
    return `${prefix}${rand}${idCounter.toString(16).padStart(6, '0')}`;
  };

  const server = createServer((req, res) => {
    requests++;
    const started = Date.now();
    res.on('finish', () => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    void serve(req, res).catch((err: unknown) => {
      // serve() answers its own errors; this only guards against a throw while answering one.
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'server_error', param: null, code: null } });
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
    const route = ROUTES[path];
    const dialect: Dialect = route?.dialect ?? 'openai';
    const requestId = newId('req_');
    res.setHeader('x-request-id', requestId);
    if (dialect === 'anthropic') res.setHeader('request-id', requestId);
    try {
      if (!route) throw new HttpError(404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
      if (req.method !== route.method) throw new HttpError(405, `Method ${req.method} not allowed on ${path}; use ${route.method}.`, 'invalid_request_error', 'method_not_allowed');
      const body = route.method === 'POST' ? await readJsonObject(req) : {};
      await route.handler(contextFor(req, res, body));
    } catch (err) {
      const httpErr = err instanceof HttpError ? err : new HttpError(500, `Internal error: ${(err as Error)?.message ?? String(err)}`, 'server_error', 'internal_error');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const headers: Record<string, string> = httpErr.status === 429 ? { 'retry-after': '1' } : {};
      sendJson(res, httpErr.status, dialect === 'anthropic' ? anthropicErrorBody(httpErr) : openAIErrorBody(httpErr), headers);
    }
  }

  function contextFor(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): HandlerContext {
    const gone = new AbortController();
    // `close` on the response fires when it finished or when the client went away.
    res.on('close', () => gone.abort());
    const stop = AbortSignal.any([gone.signal, closing.signal]);
    return {
      req,
      res,
      body,
      random,
      cache,
      latency: (info) => latencyFor(options.latencyMs, info, random),
      wait: (ms) =>
        new Promise<boolean>((resolve) => {
          if (stop.aborted) return resolve(false);
          const timer = setTimeout(() => {
            stop.removeEventListener('abort', onAbort);
            resolve(true);
          }, Math.max(0, ms));
          const onAbort = () => {
            clearTimeout(timer);
            resolve(false);
          };
          stop.addEventListener('abort', onAbort, { once: true });
        }),
      hang: () =>
        new Promise<void>((resolve) => {
          if (stop.aborted) return resolve();
          stop.addEventListener('abort', () => resolve(), { once: true });
        }),
      newId,
    };
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    baseURL: `${url}/v1`,
    port,
    get requests() {
      return requests;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
