// Rows 3–6: queries on the large store (1,000,000 spans / 100,000 traces), each through the
// HTTP API (server child) and the store call (in process), against the same query on an empty store.
import { traceQueryToParams } from '@loupe/server';
import { getJson } from '../lib/http.mjs';
import { median, percentile, timeRuns, fmtMs } from '../lib/stats.mjs';
import { MINORITY_PHRASE, RARE_PHRASE } from '../lib/big-store.mjs';

/** Times one query four ways: API and store call, on the large and on the empty store. */
async function measure(ctx, { path, filter, storeCall }) {
  const s = await ctx.bigStore();
  const runs = ctx.sizes.queryRuns;
  const qs = new URLSearchParams(filter).toString();
  const url = (base) => `${base}${path}${qs ? `?${qs}` : ''}`;
  const timings = {
    api: await timeRuns(() => getJson(url(s.server.url)), { runs }),
    store: await timeRuns(() => storeCall(s.store), { runs }),
    // On the empty store a trace lookup is a 404: that is the baseline for row 6.
    emptyApi: await timeRuns(() => getJson(url(s.emptyServer.url), { allowNotFound: true }), { runs }),
    emptyStore: await timeRuns(() => storeCall(s.emptyStore), { runs }),
  };
  const figures = {};
  for (const [k, v] of Object.entries(timings)) {
    figures[`${k}MedianMs`] = Math.round(median(v) * 100) / 100;
    figures[`${k}P95Ms`] = Math.round(percentile(v, 95) * 100) / 100;
  }
  figures.runs = runs;
  figures.request = url('');
  return { figures, apiMedian: median(timings.api), storeMedian: median(timings.store), emptyApiMedian: median(timings.emptyApi), meta: s.meta };
}

function row(id, rowNo, title, targetMs, m, extra = {}) {
  const met = m.apiMedian <= targetMs && m.storeMedian <= targetMs;
  return {
    id,
    row: rowNo,
    title,
    target: `median ≤ ${targetMs} ms`,
    verdict: met ? 'MET' : 'MISS',
    summary: `API ${fmtMs(m.apiMedian)} ms, store ${fmtMs(m.storeMedian)} ms median on ${m.meta.spans.toLocaleString('en-US')} spans (empty store: API ${fmtMs(m.emptyApiMedian)} ms)  (target ≤${targetMs} ms)`,
    figures: { ...m.figures, ...extra },
  };
}

export async function list(ctx) {
  const { meta } = await ctx.bigStore();
  // "Slow traces of the last day": latency ≥ 10 s within the newest 24 h of the store's week.
  const filter = { minLatencyMs: 10_000, afterUs: meta.endUs - 24 * 3600e6, beforeUs: meta.endUs, limit: 50 };
  const m = await measure(ctx, { path: '/api/traces', filter: Object.fromEntries(traceQueryToParams(filter)), storeCall: (st) => st.listTraces(filter) });
  const s = await ctx.bigStore();
  const page = await s.store.listTraces(filter);
  return row('list', 3, 'trace list, latency + time filters', 50, m, { returned: page.traces.length });
}

export async function search(ctx) {
  const s = await ctx.bigStore();
  const minority = await measure(ctx, { path: '/api/traces', filter: { contains: MINORITY_PHRASE, limit: '50' }, storeCall: (st) => st.listTraces({ contains: MINORITY_PHRASE, limit: 50 }) });
  const rare = await measure(ctx, { path: '/api/traces', filter: { contains: RARE_PHRASE, limit: '50' }, storeCall: (st) => st.listTraces({ contains: RARE_PHRASE, limit: 50 }) });
  const worst = minority.apiMedian >= rare.apiMedian ? minority : rare;
  const r = row('search', 4, 'full-text contains search', 100, {
    ...worst,
    apiMedian: Math.max(minority.apiMedian, rare.apiMedian),
    storeMedian: Math.max(minority.storeMedian, rare.storeMedian),
    emptyApiMedian: Math.max(minority.emptyApiMedian, rare.emptyApiMedian),
  });
  r.summary = `minority "${MINORITY_PHRASE}" (${s.meta.minorityTraces} traces): API ${fmtMs(minority.apiMedian)} / store ${fmtMs(minority.storeMedian)} ms; rare "${RARE_PHRASE}" (${s.meta.rareTraces}): API ${fmtMs(rare.apiMedian)} / store ${fmtMs(rare.storeMedian)} ms  (target ≤100 ms)`;
  r.figures = { minority: { phrase: MINORITY_PHRASE, matchingTraces: s.meta.minorityTraces, ...minority.figures }, rare: { phrase: RARE_PHRASE, matchingTraces: s.meta.rareTraces, ...rare.figures } };
  return r;
}

export async function stats(ctx) {
  const m = await measure(ctx, { path: '/api/stats', filter: {}, storeCall: (st) => st.stats({}) });
  return row('stats', 5, 'stats p50/p95/p99, whole store', 200, m);
}

/**
 * Row 6 two ways: the outline (what the viewer opens a trace with: the tree and waterfall
 * fields of every span; payloads are fetched per span on selection) and the full trace with
 * every span's payload (what `loupe show --json` and export read). The verdict is the outline's.
 * The outline's store call is the one the API serves it with: the JSON text SQLite writes.
 */
export async function traceDetail(ctx) {
  const { meta } = await ctx.bigStore();
  const outline = await measure(ctx, { path: `/api/traces/${meta.bigTraceId}/outline`, filter: {}, storeCall: (st) => st.getTraceOutlineJson(meta.bigTraceId) });
  const full = await measure(ctx, { path: `/api/traces/${meta.bigTraceId}`, filter: {}, storeCall: (st) => st.getTrace(meta.bigTraceId) });
  const r = row('trace', 6, 'one 10,000-span trace', 100, outline, { full: full.figures });
  r.summary =
    `outline (viewer): API ${fmtMs(outline.apiMedian)} ms, store ${fmtMs(outline.storeMedian)} ms; ` +
    `full payloads: API ${fmtMs(full.apiMedian)} ms, store ${fmtMs(full.storeMedian)} ms (empty store: API ${fmtMs(outline.emptyApiMedian)} ms)  (target ≤100 ms)`;
  return r;
}

