// Starts what the viewer's end-to-end tests need: a built viewer, a temp SQLite store, the real
// Loupe server (which serves the viewer, the query, time-series and feedback APIs itself) and a
// headless Chromium. Nothing is faked: feedback given in the browser lands in the SQLite store.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '@loupe/server';
import { openSqliteStore } from '@loupe/store';

const here = dirname(fileURLToPath(import.meta.url));
export const webRoot = join(here, '..');
export const repoRoot = join(webRoot, '..', '..');
export const screenshotDir = join(repoRoot, 'test-artifacts', 'screenshots');

export const CHROMIUM_PATH = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the viewer when its dist is missing, so a fresh checkout can run these tests. */
export function ensureWebBuilt() {
  if (existsSync(join(webRoot, 'dist', 'index.html'))) return;
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: webRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  return {
    url: server.url,
    store,
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
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
