// Starts what the viewer's end-to-end tests need: a built viewer, a temp SQLite store, the real
// Loupe server and a headless Chromium. When the server does not yet route the viewer, feedback
// and time-series endpoints itself, a thin front server adds them (this package's handlers in
// packages/server/src) and proxies everything else to the real server, so the same tests run
// before and after that wiring.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '@loupe/server';
import { openSqliteStore } from '@loupe/store';

const here = dirname(fileURLToPath(import.meta.url));
export const webRoot = join(here, '..');
export const repoRoot = join(webRoot, '..', '..');
const serverDist = join(repoRoot, 'packages', 'server', 'dist');
export const screenshotDir = join(repoRoot, 'test-artifacts', 'screenshots');

export const CHROMIUM_PATH = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the viewer when its dist is missing, so a fresh checkout can run these tests. */
export function ensureWebBuilt() {
  if (existsSync(join(webRoot, 'dist', 'index.html'))) return;
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: webRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
}

/** Feedback kept in memory: the test stand-in for the store's feedback table (see feedback-api.ts). */
export class MemoryFeedbackStore {
  #rows = new Map();
  async setFeedback(project, traceId, feedback) {
    this.#rows.set(`${project}\u0000${traceId}`, feedback);
  }
  async getFeedback(project, traceId) {
    return this.#rows.get(`${project}\u0000${traceId}`);
  }
  async deleteFeedback(project, traceId) {
    return this.#rows.delete(`${project}\u0000${traceId}`);
  }
}

async function probe(url) {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response;
  } catch {
    return undefined;
  }
}

/** Starts the front server described at the top of this file. */
async function startFront(backendUrl, store) {
  const load = (rel) => import(pathToFileURL(join(serverDist, rel)).href);
  const [{ Router }, { addFeedbackRoutes }, { addTimeSeriesRoutes }, { serveStaticAsset }, { sendJsonError }, { HttpError }] = await Promise.all([
    load('http/router.js'),
    load('api/feedback-api.js'),
    load('api/timeseries-api.js'),
    load('http/static-assets.js'),
    load('http/json-response.js'),
    load('http/http-error.js'),
  ]);
  const router = new Router();
  addFeedbackRoutes(router, { feedback: new MemoryFeedbackStore(), reader: store });
  addTimeSeriesRoutes(router, store);
  const backend = new URL(backendUrl);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'found') {
      try {
        await match.handler({ req, res, url, params: match.params });
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 500;
        if (!res.headersSent) sendJsonError(res, status, err.message);
      }
      return;
    }
    if (serveStaticAsset(req, res)) return;
    const proxied = http.request(
      { host: backend.hostname, port: backend.port, path: req.url, method: req.method, headers: req.headers },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    proxied.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(proxied);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Everything up: returns { url, store, browser, newPage, close }. `newPage` records dialogs and
 * page errors on the page object (`page.dialogs`, `page.errors`).
 */
export async function startViewerStack() {
  ensureWebBuilt();
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; run scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  }
  mkdirSync(screenshotDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'loupe-web-e2e-'));
  const store = openSqliteStore(join(dir, 'loupe.db'));
  const server = await startServer({ store, port: 0 });
  // Use the real server alone once it serves the viewer and the feedback API itself.
  const viewer = await probe(`${server.url}/`);
  const feedback = await probe(`${server.url}/api/traces/${'0'.repeat(32)}/feedback?project=x`);
  const servesAll = viewer?.status === 200 && viewer.headers.get('content-type')?.startsWith('text/html') && feedback?.status === 200;
  const front = servesAll ? undefined : await startFront(server.url, store);
  const url = front?.url ?? server.url;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  return {
    url,
    store,
    composed: front !== undefined,
    async newPage() {
      const page = await context.newPage();
      page.dialogs = [];
      page.errors = [];
      page.on('dialog', (dialog) => {
        page.dialogs.push(dialog.message());
        dialog.dismiss().catch(() => {});
      });
      page.on('pageerror', (err) => page.errors.push(err.message));
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false });
    },
    async close() {
      await browser.close().catch(() => {});
      await front?.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
