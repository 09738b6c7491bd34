#!/usr/bin/env -S node --max-semi-space-size=32
// A 32 MiB young generation (V8's default is 16): a server holds each group commit's spans
// across several requests, which the default promoted to the old generation and collected
// there; with room to die young, ingest ran about 8% faster over 5 alternating pairs of bench runs. Flags
// here apply when `loupe` runs as a command (npx, npm scripts, a global install).
//
// The command runs from the bundle `npm run build` writes (see rolldown.config.mjs): loading one
// file instead of ~200 is most of a fast `loupe serve` start. Without a bundle (a plain `tsc -b`
// checkout), or with LOUPE_UNBUNDLED=1 while editing, it runs the compiled modules directly.
import { existsSync } from 'node:fs';

const bundle = new URL('../bundle/main.js', import.meta.url);
await import(process.env.LOUPE_UNBUNDLED !== '1' && existsSync(bundle) ? bundle.href : '../dist/main.js');
