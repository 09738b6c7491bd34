// Rows 9–10: `loupe serve` cold start and idle memory; memory under sustained ingest.
import { spawn } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import { readdirSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH_SPANS, recycler } from '../workload.mjs';
import { loupeNodeFlags, startServerChild, rssMb } from '../lib/child.mjs';
import { getJson } from '../lib/http.mjs';
import { sendPaced } from '../lib/send.mjs';
import { median, slope, theilSenSlope, fmtInt } from '../lib/stats.mjs';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/loupe.js', import.meta.url));

async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

export async function coldStart(ctx) {
  const runs = ctx.quick ? 3 : 7;
  const starts = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const t0 = performance.now();
    // As the `loupe` command starts: with the Node flags of its #! line.
    const child = spawn(process.execPath, [...loupeNodeFlags(), CLI, 'serve', '--port', String(port), '--db', join(ctx.tmp, `cold-${i}.db`)], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    while (!(await healthy(port))) {
      if (child.exitCode !== null) throw new Error(`loupe serve exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    starts.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 2000));
    rss.push(rssMb(child.pid));
    child.kill('SIGTERM');
    await exited;
  }
  const start = median(starts);
  const idle = median(rss);
  const met = start <= 500 && idle <= 100;
  return {
    id: 'cold-start',
    row: 9,
    title: 'loupe serve cold start, idle RSS',
    target: 'start ≤ 500 ms, idle RSS ≤ 100 MB',
    verdict: met ? 'MET' : 'MISS',
    summary: `spawn → /health 200 in ${Math.round(start)} ms median, idle RSS ${idle.toFixed(0)} MB  (target ≤500 ms, ≤100 MB)`,
    figures: { startMedianMs: Math.round(start), startRunsMs: starts.map(Math.round), idleRssMedianMb: Math.round(idle * 10) / 10, idleRssRunsMb: rss.map((r) => Math.round(r * 10) / 10) },
  };
}

/** Disk a soak span takes, stored and indexed, with a margin: measured at about 3.2 KB on the bench workload. */
const SOAK_DISK_BYTES_PER_SPAN = 4000;

export async function soak(ctx) {
  const max = await ctx.maxIngest();
  const rate = max * 0.8;
  const seconds = ctx.soakSeconds;
  ctx.log(`soak: ${fmtInt(rate)} spans/s (80% of max) for ${seconds} s, server RSS sampled every second…`);
  // What the soak stores (spans, their indexes, the full-text index) stays on disk until the
  // row ends: at 25,000 spans/s that is tens of GB. Refuse to start rather than fill the disk.
  const needGiB = (rate * seconds * SOAK_DISK_BYTES_PER_SPAN) / 2 ** 30;
  const { bavail, bsize } = statfsSync(ctx.tmp);
  const freeGiB = (bavail * bsize) / 2 ** 30;
  if (freeGiB < needGiB) {
    throw new Error(`the soak needs about ${needGiB.toFixed(0)} GiB free in ${ctx.tmp} (${fmtInt(rate)} spans/s for ${seconds} s), and ${freeGiB.toFixed(0)} GiB are; free some or pass --soak-seconds`);
  }
  const nextBody = recycler(ctx.bodies());
  const server = await startServerChild(join(ctx.tmp, 'soak.db'));
  const samples = [];
  const t0 = performance.now();
  // The search index's lag behind the store, from /health every 5 s: its thread yields the CPU to
  // ingest, so under sustained load it may fall behind; how far, and how long it takes to catch up.
  const lags = [];
  const searchLag = async () => (await getJson(`${server.url}/health`)).search?.lagSpans ?? null;
  const timer = setInterval(() => samples.push({ s: (performance.now() - t0) / 1000, mb: rssMb(server.pid) }), 1000);
  const lagTimer = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    searchLag().then((lag) => lags.push([Math.round(s), lag]), () => {});
  }, 5000);
  let acked = 0;
  let run;
  let caughtUpMs = null;
  let lagAtEnd = null;
  try {
    run = await sendPaced(server.url, {
      spansPerSec: rate,
      seconds,
      batchSpans: BATCH_SPANS,
      makeBody: (k) => nextBody(k, 200_000 + k),
      onSent: () => (acked += BATCH_SPANS),
    });
    clearInterval(lagTimer);
    lagAtEnd = await searchLag();
    const end = performance.now();
    while (performance.now() - end < 300_000) {
      if ((await searchLag()) === 0) {
        caughtUpMs = performance.now() - end;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    clearInterval(lagTimer);
    // Also when a send failed: no server left running (and ingesting) behind the rows that follow.
    clearInterval(timer);
    await server.stop();
    for (const f of readdirSync(ctx.tmp)) if (f.startsWith('soak.db')) rmSync(join(ctx.tmp, f), { force: true });
  }
  const valid = samples.filter((x) => x.mb !== undefined);
  // Slope over the second half: the first half includes warm-up (JIT, SQLite page cache filling).
  const half = valid.filter((x) => x.s >= seconds / 2);
  const perMin = (pts, fit = slope) => fit(pts.map((p) => p.s / 60), pts.map((p) => p.mb));
  const slopeAll = perMin(valid);
  const slopeHalf = perMin(half);
  const trendHalf = perMin(half, theilSenSlope);
  const achieved = (acked / run.elapsedMs) * 1000;
  const maxLag = Math.max(0, ...lags.map(([, lag]) => lag ?? 0));
  // "No growth trend": the second half's Theil–Sen slope is below 1 MB/min. Native memory (SQLite
  // page caches of 64 KiB pages, glibc arenas) moves in steps of 15–35 MB both ways; a
  // least-squares slope over 5 minutes turned such steps into ±1.2 MB/min with nothing growing,
  // so it is reported, not judged. A falling RSS is not growth.
  const flat = trendHalf < 1;
  return {
    id: 'soak',
    row: 10,
    title: 'memory under sustained ingest',
    target: 'RSS flat (second-half Theil–Sen slope < 1 MB/min)',
    verdict: flat ? 'MET' : 'MISS',
    summary:
      `${seconds} s at ${fmtInt(achieved)} of ${fmtInt(rate)} spans/s offered: RSS ${valid[0]?.mb.toFixed(0)}→${valid.at(-1)?.mb.toFixed(0)} MB (peak ${Math.max(...valid.map((v) => v.mb)).toFixed(0)}), trend ${trendHalf.toFixed(2)} MB/min (2nd half, Theil–Sen; least squares ${slopeHalf.toFixed(2)}), ${slopeAll.toFixed(2)} MB/min overall  (target < 1); ` +
      `search index lag max ${fmtInt(maxLag)} spans, ${fmtInt(lagAtEnd ?? 0)} at the end, current ${caughtUpMs === null ? 'not within 300 s' : `${(caughtUpMs / 1000).toFixed(1)} s`} later`,
    figures: {
      seconds, offeredSpansPerSec: Math.round(rate), achievedSpansPerSec: Math.round(achieved), senderLateMs: Math.round(run.lateMs),
      trendMbPerMinSecondHalf: Math.round(trendHalf * 100) / 100, slopeMbPerMinSecondHalf: Math.round(slopeHalf * 100) / 100, slopeMbPerMinOverall: Math.round(slopeAll * 100) / 100,
      searchLagMaxSpans: maxLag, searchLagAtEndSpans: lagAtEnd, searchCurrentMsAfterEnd: caughtUpMs === null ? null : Math.round(caughtUpMs),
      searchLagSamples: lags,
      rssSamples: valid.map((v) => [Math.round(v.s), Math.round(v.mb * 10) / 10]),
    },
  };
}
