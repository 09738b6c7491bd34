#!/usr/bin/env -S node --max-semi-space-size=32
// A 32 MiB young generation (V8's default is 16): a server holds each group commit's spans
// across several requests, which the default promoted to the old generation and collected
// there; with room to die young, ingest ran about 8% faster over 5 alternating pairs of bench runs. Flags
// here apply when `loupe` runs as a command (npx, npm scripts, a global install).
import "../dist/main.js";
