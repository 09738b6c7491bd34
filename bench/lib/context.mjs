// State shared by the benchmark rows of one run: options, scratch space, the pre-generated
// traffic, the measured max ingest rate and the large store, each made at most once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@loupe/store';
import { generateBatches, BATCH_SPANS, freshTraceIds } from '../workload.mjs';
import { startServerChild } from './child.mjs';
import { ensureBigStore } from './big-store.mjs';
import { sendAll } from './send.mjs';

export function createContext({ quick, soakSeconds, log }) {
  const tmp = mkdtempSync(join(tmpdir(), 'loupe-bench-'));
  const cleanups = [];
  const memo = new Map();
  const once = (key, make) => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key);
  };
  const sizes = quick
    ? { ingestBodies: 30, searchableSeconds: 6, storeTraces: 10_000, queryRuns: 8 }
    : { ingestBodies: 180, searchableSeconds: 20, storeTraces: 100_000, queryRuns: 20 };

  const ctx = {
    quick,
    soakSeconds,
    tmp,
    log,
    sizes,
    /** Distinct OTLP bodies of 512 spans, generated before any clock starts. */
    bodies: () => once('bodies', () => {
      const t0 = performance.now();
      const bodies = generateBatches(sizes.ingestBodies, { seed: 1 });
      const bytes = bodies.reduce((a, b) => a + b.buf.length, 0);
      log(`generated ${bodies.length} OTLP bodies (${(bodies.length * BATCH_SPANS).toLocaleString('en-US')} spans, ${Math.round(bytes / (bodies.length * BATCH_SPANS))} B/span on the wire) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return bodies;
    }),
    /** Max OTLP ingest rate (spans/s): row 1's figure, or a short probe when row 1 did not run. */
    maxIngest: async () => {
      if (memo.has('maxIngest')) return memo.get('maxIngest');
      const server = await startServerChild(join(tmp, 'probe.db'));
      const pool = ctx.bodies();
      const probe = pool.slice(0, Math.min(pool.length, 40)).map((b, i) => freshTraceIds(b, i));
      await sendAll(server.url, probe.slice(0, 5), 4);
      const ms = await sendAll(server.url, probe.slice(5), 4);
      await server.stop();
      const rate = ((probe.length - 5) * BATCH_SPANS / ms) * 1000;
      log(`probed max ingest rate: ${Math.round(rate).toLocaleString('en-US')} spans/s`);
      memo.set('maxIngest', rate);
      return rate;
    },
    setMaxIngest: (rate) => memo.set('maxIngest', rate),
    /** The large store behind a server child and opened read-only in process, plus an empty one of each. */
    bigStore: () => once('bigStore', async () => {
      const { path, meta } = await ensureBigStore({ traces: sizes.storeTraces, log });
      const server = await startServerChild(path);
      const emptyServer = await startServerChild(join(tmp, 'empty.db'));
      const store = openSqliteStore(path, { readonly: true });
      const emptyStore = openSqliteStore(join(tmp, 'empty.db'), { readonly: true });
      cleanups.push(() => server.stop(), () => emptyServer.stop(), () => store.close(), () => emptyStore.close());
      return { path, meta, server, emptyServer, store, emptyStore };
    }),
    async close() {
      for (const c of cleanups.reverse()) await c();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return ctx;
}
