#!/usr/bin/env node
// No V8 flags: a larger young generation (`--max-semi-space-size=32`) made ingest a few percent
// faster but applies to every isolate, so the store's writer and search threads grew theirs to
// 64 MB each too (their own limits are in sqlite-worker-limits.ts); without it a serving
// process levels off about 130 MB lower and within the first minute of sustained ingest.
//
// The command runs from the bundle `npm run build` writes (see rolldown.config.mjs): loading one
// file instead of ~200 is most of a fast `loupe serve` start. Without a bundle (a plain `tsc -b`
// checkout), or with LOUPE_UNBUNDLED=1 while editing, it runs the compiled modules directly.
import { existsSync } from 'node:fs';

const bundle = new URL('../bundle/main.js', import.meta.url);
await import(process.env.LOUPE_UNBUNDLED !== '1' && existsSync(bundle) ? bundle.href : '../dist/main.js');
