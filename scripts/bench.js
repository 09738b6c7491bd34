#!/usr/bin/env node
// `npm run bench`: runs Loupe's benchmarks (bench/) on this machine, prints one line per row,
// writes bench/results/latest.json and docs/BENCHMARKS.md for a full run (bench/results/partial.json
// for --only/--quick runs, which leave those two alone).
//
//   npm run bench                           every row (~30 min on 2 cores, 10 of them the memory soak)
//   npm run bench -- --only ingest,list     a subset (ids below)
//   npm run bench -- --quick                small sizes, for development
//   npm run bench -- --soak-seconds 60      a shorter memory soak (issue 6 asks for 10 minutes, the default)
//   npm run bench -- --profile              profile the server during ingest even when row 1 meets its target
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { createContext } = await import('../bench/lib/context.mjs');
const { describeMachine } = await import('../bench/lib/machine.mjs');
const { renderMarkdown } = await import('../bench/lib/report.mjs');
const { killRunningChildren } = await import('../bench/lib/child.mjs');
const { ingest } = await import('../bench/rows/ingest.mjs');
const { searchable } = await import('../bench/rows/searchable.mjs');
const { list, search, stats, traceDetail } = await import('../bench/rows/queries.mjs');
const { sdkSpan, sdkOpenai } = await import('../bench/rows/sdk.mjs');
const { coldStart, soak } = await import('../bench/rows/serve.mjs');
const { runViewerTti } = await import('../bench/viewer-tti.mjs');

/** In run order: row 1 measures the max ingest rate rows 2 and 10 are paced from. */
const ROWS = [
  ['ingest', ingest],
  ['searchable', searchable],
  ['list', list],
  ['search', search],
  ['stats', stats],
  ['trace', traceDetail],
  ['sdk-span', sdkSpan],
  ['sdk-openai', sdkOpenai],
  ['cold-start', coldStart],
  ['soak', soak],
  // Issue 5: time to interactive of the list page and of a 10,000-span trace in headless Chromium.
  ['viewer', (ctx) => runViewerTti({ quick: ctx.quick, log: ctx.log })],
];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'soak-seconds': { type: 'string' },
    profile: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench -- [--only ${ROWS.map(([id]) => id).join(',')}] [--quick] [--soak-seconds N] [--profile]`);
  process.exit(0);
}
const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
const unknown = (only ?? []).filter((id) => !ROWS.some(([r]) => r === id));
if (unknown.length > 0) {
  console.error(`bench: unknown row(s) ${unknown.join(', ')}; known: ${ROWS.map(([id]) => id).join(', ')}`);
  process.exit(2);
}
const soakSeconds = values['soak-seconds'] !== undefined ? Number(values['soak-seconds']) : values.quick ? 15 : 600;
if (!(soakSeconds > 0)) {
  console.error('bench: --soak-seconds must be a positive number');
  process.exit(2);
}

const started = performance.now();
const log = (line) => console.log(`  · ${line}`);
const machine = describeMachine();
console.log(`loupe bench — ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}, SQLite ${machine.sqlite}${values.quick ? ' (quick)' : ''}`);
const ctx = createContext({ quick: values.quick, soakSeconds, log });
ctx.alwaysProfile = values.profile;
const results = [];
try {
  for (const [id, run] of ROWS) {
    if (only && !only.includes(id)) continue;
    console.log(`▶ ${id}`);
    try {
      // A benchmark yields one row, or several (the viewer's list and trace pages).
      for (const r of [await run(ctx)].flat()) {
        results.push(r);
        console.log(`${r.title.padEnd(36)} ${r.summary}  ${r.verdict}`);
        if (r.profile) {
          console.log('  top self time in the server during ingest:');
          for (const f of r.profile.slice(0, 10)) console.log(`    ${String(f.pct).padStart(5)}%  ${f.fn}  ${f.where}`);
        }
      }
    } catch (err) {
      killRunningChildren();
      console.error(`${id}: FAILED: ${err.stack ?? err}`);
      results.push({ id, row: ROWS.findIndex(([r]) => r === id) + 1, title: id, target: '', verdict: 'ERROR', summary: String(err.message ?? err), figures: {} });
    }
  }
} finally {
  killRunningChildren();
  await ctx.close();
}

const totalSeconds = (performance.now() - started) / 1000;
const options = { quick: values.quick, only: only ?? null, soakSeconds };
// A partial or quick run must not replace the figures of the last full run.
const full = !only && !values.quick;
const jsonPath = `bench/results/${full ? 'latest' : 'partial'}.json`;
mkdirSync(ROOT + 'bench/results', { recursive: true });
writeFileSync(ROOT + jsonPath, JSON.stringify({ machine, options, totalSeconds: Math.round(totalSeconds), results }, null, 2) + '\n');
console.log(`\nwrote ${jsonPath} (${Math.round(totalSeconds)} s)`);
if (full) {
  writeFileSync(ROOT + 'docs/BENCHMARKS.md', renderMarkdown({ machine, options, results, totalSeconds }));
  console.log('wrote docs/BENCHMARKS.md');
} else {
  console.log('docs/BENCHMARKS.md left as is (partial or quick run)');
}
