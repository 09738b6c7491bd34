// Row 2: time from a batch's export to its spans being searchable through the API, at 50% of
// the max ingest rate. Each batch carries a unique marker; a poller asks
// /api/traces?contains=<marker> every 20 ms from the moment the batch is sent until it appears.
import { join } from 'node:path';
import { BATCH_SPANS, markerValue, recycler } from '../workload.mjs';
import { startServerChild } from '../lib/child.mjs';
import { getJson } from '../lib/http.mjs';
import { sendPaced } from '../lib/send.mjs';
import { percentile, fmtInt, fmtMs } from '../lib/stats.mjs';

const POLL_MS = 20;

export async function searchable(ctx) {
  const max = await ctx.maxIngest();
  const rate = max * 0.5;
  const nextBody = recycler(ctx.bodies());
  const seconds = ctx.sizes.searchableSeconds;
  ctx.log(`export→searchable at ${fmtInt(rate)} spans/s for ${seconds} s…`);
  const server = await startServerChild(join(ctx.tmp, 'searchable.db'));
  const latencies = [];
  const polls = [];
  const poll = async (k, sentAt) => {
    const q = `${server.url}/api/traces?contains=${markerValue(100_000 + k)}&limit=1`;
    for (;;) {
      const page = await getJson(q);
      if (page.traces.length > 0) return latencies.push(performance.now() - sentAt);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  const run = await sendPaced(server.url, {
    spansPerSec: rate,
    seconds,
    batchSpans: BATCH_SPANS,
    makeBody: (k) => nextBody(k, 100_000 + k),
    onSend: (k, sentAt) => polls.push(poll(k, sentAt)),
  });
  await Promise.all(polls);
  await server.stop();
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const met = p99 <= 1000;
  return {
    id: 'searchable',
    row: 2,
    title: 'export → searchable',
    target: 'p99 ≤ 1 s at 50% of max ingest',
    verdict: met ? 'MET' : 'MISS',
    summary: `p99 ${fmtMs(p99)} ms, p50 ${fmtMs(p50)} ms over ${latencies.length} batches at ${fmtInt(rate)} spans/s (50% of max)  (target p99 ≤1,000 ms)`,
    figures: {
      p50Ms: round(p50), p95Ms: round(percentile(latencies, 95)), p99Ms: round(p99), maxMs: round(percentile(latencies, 100)),
      batches: latencies.length, offeredSpansPerSec: Math.round(rate), senderLateMs: round(run.lateMs), pollIntervalMs: POLL_MS,
    },
  };
}

const round = (n) => Math.round(n * 10) / 10;
