import { test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticAssetHandler, VIEWER_CSP } from './static-assets.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A site dir with a secret file next to it, served by the handler; unhandled requests get 418. */
async function withSite(run: (get: (path: string, init?: { method?: string; headers?: Record<string, string> }) => Promise<Answer>) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'loupe-static-'));
  const site = join(root, 'dist');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(site, 'assets', 'index-AbC123.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(join(site, 'assets', 'index-AbC123.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  const handler = createStaticAssetHandler(site);
  const server = http.createServer((req, res) => {
    if (!handler(req, res)) {
      res.writeHead(418);
      res.end('not mine');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Raw requests: fetch would normalise `..` segments before sending them.
  const get = (path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    await run(get);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  }
}

test('serves index.html for / and client routes, with CSP and nosniff', async () => {
  await withSite(async (get) => {
    for (const path of ['/', '/traces/0123', '/sessions/abc?project=x', '/stats']) {
      const answer = await get(path);
      assert.equal(answer.status, 200, path);
      assert.match(answer.body, /<div id="root">/);
      assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(answer.headers['content-security-policy'], VIEWER_CSP);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.equal(answer.headers['cache-control'], 'no-cache');
    }
    assert.match(VIEWER_CSP, /script-src 'self';/);
    assert.match(VIEWER_CSP, /frame-ancestors 'none'/);
  });
});

test('serves hashed assets with their type, immutable caching and gzip when accepted', async () => {
  await withSite(async (get) => {
    const js = await get('/assets/index-AbC123.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(js.body, /^console\.log/);
    const css = await get('/assets/index-AbC123.css');
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const gz = await get('/assets/index-AbC123.js', { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(Number(gz.headers['content-length']) < 4000);
    const head = await get('/assets/index-AbC123.js', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });
});

test('a missing file with an extension is 404, not the app shell', async () => {
  await withSite(async (get) => {
    const answer = await get('/assets/index-gone.js');
    assert.equal(answer.status, 404);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  });
});

test('path traversal never reaches a file outside the site', async () => {
  await withSite(async (get) => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/....//secret.txt',
      '//secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00/../secret.txt',
    ];
    for (const path of attempts) {
      const answer = await get(path);
      assert.ok(!answer.body.includes('TOP-SECRET'), `${path} leaked the file`);
      assert.ok(answer.status === 404 || answer.status === 200 || answer.status === 418, `${path}: ${answer.status}`);
    }
  });
});

test('leaves the API, OTLP, health and non-GET requests to the router', async () => {
  await withSite(async (get) => {
    for (const path of ['/api/traces', '/api', '/v1/traces', '/health']) {
      assert.equal((await get(path)).status, 418, path);
    }
    assert.equal((await get('/', { method: 'POST' })).status, 418);
  });
});

test('answers 503 with a hint when the viewer is not built', async () => {
  const handler = createStaticAssetHandler(join(tmpdir(), 'loupe-no-such-dir-' + process.pid));
  const server = http.createServer((req, res) => {
    if (!handler(req, res)) res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(response.status, 503);
    assert.match(await response.text(), /npm run build -w @loupe\/web/);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
