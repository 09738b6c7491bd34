import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, spawnServe } from './spawn-serve.js';


/** Runs the real `loupe` executable and collects its output; kills it if it outlives `timeoutMs`. */
function loupe(args: string[], timeoutMs = 15_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function assertOneCleanLine(stderr: string, pattern: RegExp): void {
  assert.match(stderr, pattern);
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

describe('loupe CLI error handling (real executable)', () => {
  let dir: string;
  let busy: Server;
  let busyPort: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    busyPort = (busy.address() as { port: number }).port;
  });
  after(() => {
    busy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('unknown command: usage and exit 2', async () => {
    const r = await loupe(['frobnicate']);
    assert.equal(r.code, 2);
    assertOneCleanLine(r.stderr, /unknown command "frobnicate"/);
    assert.match(r.stderr, /search/);
  });

  it('unknown flag: exit 2 naming the flag', async () => {
    const r = await loupe(['search', '--min-latncy', '5']);
    assert.equal(r.code, 2);
    assertOneCleanLine(r.stderr, /--min-latncy/);
  });

  it('bad flag values: exit 2 saying what was expected', async () => {
    for (const [args, re] of [
      [['search', '--min-latency', 'fast'], /--min-latency must be a non-negative number/],
      [['search', '--status', 'broken'], /--status must be ok or error/],
      [['search', '--after', 'yesterday'], /--after must be an ISO 8601/],
      [['history', '-n', '0'], /-n must be a whole number/],
      [['show', 'not-an-id'], /TRACE_ID must be 32 hex characters/],
      [['serve', '--port', '99999'], /--port must be a whole number from 0 to 65535/],
    ] as const) {
      const r = await loupe([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assertOneCleanLine(r.stderr, re);
    }
  });

  it('unreachable server: one line, exit 1', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await loupe(['search', '--url', `http://127.0.0.1:${port}`]);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, /cannot reach Loupe server at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('serve on a busy port: one line, exit 1', async () => {
    const r = await loupe(['serve', '--port', String(busyPort), '--no-grpc', '--db', join(dir, 'busy.db')]);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, new RegExp(`port ${busyPort} on 127\\.0\\.0\\.1 is already in use`));
  });

  it('serve on a busy gRPC port: one line naming --grpc-port, exit 1', async () => {
    const r = await loupe(['serve', '--port', '0', '--grpc-port', String(busyPort), '--db', join(dir, 'busy-grpc.db')]);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, new RegExp(`port ${busyPort} on 127\\.0\\.0\\.1 is already in use.*--grpc-port`));
  });

  it('serve starts, answers /health, serves the viewer with a CSP, and stops cleanly on SIGTERM', async () => {
    const serve = await spawnServe(['--port', '0', '--grpc-port', '0', '--db', join(dir, 'live.db')]);
    assert.match(serve.out, /OTLP\/gRPC 127\.0\.0\.1:\d+/);
    const health = await fetch(`${serve.url}/health`);
    assert.equal(health.status, 200);
    const page = await fetch(`${serve.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /<div id="root">|<script type="module"/);
    assert.equal(await serve.stop(), 0);
  });

  it('serve with a database in a missing directory: one line, exit 1', async () => {
    const r = await loupe(['serve', '--port', '0', '--db', join(dir, 'no', 'such', 'dir', 'x.db')]);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, /cannot open database .*x\.db/);
  });

  it('serve with a corrupt database file: one line, exit 1', async () => {
    const path = join(dir, 'corrupt.db');
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    const r = await loupe(['serve', '--port', '0', '--db', path]);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, /corrupt\.db/);
  });

  it('serve with an unwritable database location: one line, exit 1', async () => {
    // /proc refuses new files even to root, so this holds in CI too.
    const r = await loupe(['serve', '--port', '0', '--db', '/proc/loupe-test.db']);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, /cannot open database \/proc\/loupe-test\.db/);
  });

  it('show on a missing database file: one line, exit 1', async () => {
    const r = await loupe(['show', '0af7651916cd43dd8448eb211c80319c', '--db', join(dir, 'absent.db')]);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, /no database at/);
  });

  it('import of a missing file: one line, exit 1', async () => {
    const r = await loupe(['import', join(dir, 'absent.jsonl'), '--db', join(dir, 'i.db')]);
    assert.equal(r.code, 1);
    assertOneCleanLine(r.stderr, /cannot read .*absent\.jsonl: no such file/);
  });
});
