import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { webAssetsDir } from '@loupe/web';

/**
 * The viewer's Content-Security-Policy. Prompts and outputs shown by the viewer are untrusted
 * text; even if one slipped past React's escaping, no inline or foreign script could run.
 */
export const VIEWER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Headers every viewer response carries, the not-built and not-found answers included. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': VIEWER_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths owned by the API and the OTLP receiver; the viewer never answers them. */
const RESERVED_PREFIXES = ['/api/', '/v1/'];
const RESERVED_PATHS = new Set(['/api', '/v1', '/health']);

interface Asset {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
  /** Vite's content-hashed output under assets/: safe to cache forever. */
  immutable: boolean;
}

/** A request handler that answers viewer requests and returns false for everything else. */
export type StaticAssetHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Serves a built single-page app from `dir`. Files are read once, on the first request, into a
 * map keyed by URL path; a request is answered only from that map, so no request path ever
 * reaches the file system and traversal (`..`, encoded or not) cannot name a file outside `dir`.
 * Client routes (`/traces/…`, extension-less paths) get index.html; a missing file with an
 * extension gets 404 rather than HTML the browser would refuse as a script.
 */
export function createStaticAssetHandler(dir: string): StaticAssetHandler {
  let assets: Map<string, Asset> | undefined;
  return (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    const pathname = requestPath(req.url);
    if (pathname === undefined) return false;
    if (RESERVED_PATHS.has(pathname) || RESERVED_PREFIXES.some((p) => pathname.startsWith(p))) return false;
    assets ??= loadAssets(dir);
    const index = assets.get('/index.html');
    if (!index) {
      send(res, method, 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, Buffer.from(`The Loupe viewer is not built (no ${join(dir, 'index.html')}). Run: npm run build -w @loupe/web\n`));
      return true;
    }
    let asset = assets.get(pathname === '/' ? '/index.html' : pathname);
    if (!asset) {
      const last = pathname.slice(pathname.lastIndexOf('/') + 1);
      if (last.includes('.')) {
        send(res, method, 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, Buffer.from('not found\n'));
        return true;
      }
      asset = index;
    }
    const headers: Record<string, string> = {
      'content-type': asset.type,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
    };
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (asset.gzipped && acceptsGzip) {
      headers['content-encoding'] = 'gzip';
      send(res, method, 200, headers, asset.gzipped);
    } else {
      send(res, method, 200, headers, asset.body);
    }
    return true;
  };
}

/** The path of a request URL, or undefined when it cannot be parsed. Query and hash are dropped. */
function requestPath(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, method: string, status: number, headers: Record<string, string>, body: Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-length': String(body.length) });
  res.end(method === 'HEAD' ? undefined : body);
}

/** Reads every file under `dir` (the build is a few hundred KB). A missing dir yields an empty map. */
function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (folder: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry);
      const stats = statSync(path);
      if (stats.isDirectory()) {
        walk(path);
        continue;
      }
      if (!stats.isFile()) continue;
      const urlPath = '/' + relative(dir, path).split(sep).join('/');
      const type = CONTENT_TYPES[extname(entry).toLowerCase()] ?? 'application/octet-stream';
      const body = readFileSync(path);
      const asset: Asset = { body, type, immutable: urlPath.startsWith('/assets/') };
      if (/^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024) asset.gzipped = gzipSync(body);
      assets.set(urlPath, asset);
    }
  };
  walk(dir);
  return assets;
}

/** Serves the viewer built by `@loupe/web`. Returns true when it answered the request. */
export const serveStaticAsset: StaticAssetHandler = createStaticAssetHandler(webAssetsDir);
