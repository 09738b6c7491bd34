import type { ResourceLimits } from 'node:worker_threads';

/**
 * V8 limits of the store's worker threads (writer and search index). Each gets a 16 MB young
 * generation: its live data is the one batch it is writing, and with V8's default for a busy
 * isolate a worker's young generation grew in steps under sustained ingest — the search
 * worker's minutes after the writer's on a slow machine — so RSS kept climbing long after the
 * load started. A process-wide `--max-semi-space-size` flag overrides these limits (V8 flags
 * apply to every isolate), which is why the `loupe` command sets none.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 16 };
