// The ceiling for row 1, alone in this process: the same spans as plain rows (ids, name, times,
// status, attributes JSON) inserted with bare better-sqlite3 — WAL, synchronous=FULL like the
// Loupe store, 512 rows a transaction, no index beyond the rowid. Decoding and JSON encoding
// happen before the clock starts: this is what the disk + SQLite allow, nothing else. Each
// round runs on request ({ type: 'round', name, rows? } → { type: 'round', spansPerSec }).
//
// It also times the server's ingest stages one by one (decode, normalize, store.ingest), in
// process, on the same spans: context for "where the time goes".
// argv[2]: bodies file (see writeBodies), argv[3]: scratch directory.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decodeOtlpProtobufRequest, createNormalizer } from '@loupe/server';
import { openSqliteStore } from '@loupe/store';
import { readBodies } from '../lib/child.mjs';

const [bodiesFile, dir] = process.argv.slice(2);
const bodies = readBodies(bodiesFile);

function rate(spans, ms) {
  return (spans / ms) * 1000;
}

// Stage rates, each over every body.
const t0 = performance.now();
const decoded = bodies.map((b) => decodeOtlpProtobufRequest(b).spans);
const decodeMs = performance.now() - t0;
const spanCount = decoded.reduce((a, s) => a + s.length, 0);
const normalizer = createNormalizer();
const t1 = performance.now();
const normalized = decoded.map((spans) => normalizer.normalizeSpans(spans));
const normalizeMs = performance.now() - t1;
const store = openSqliteStore(join(dir, 'stage-store.db'));
const t2 = performance.now();
await Promise.all(normalized.map((spans) => store.ingest(spans)));
const ingestMs = performance.now() - t2;
await store.close();

// The ceiling.
const STATUS = ['unset', 'ok', 'error'];
const rows = decoded.flat().map((s) => [
  s.traceId, s.spanId, s.parentSpanId ?? null, s.name, s.startUs, s.endUs, STATUS[s.statusCode], JSON.stringify(s.attributes),
]);
/** One ceiling round into a fresh file: the rate of inserting `count` rows (all by default). */
function ceilingRound(name, count = rows.length) {
  const db = new Database(join(dir, `raw-${name}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE spans (trace_id TEXT, span_id TEXT, parent_span_id TEXT, name TEXT,
    start_us INTEGER, end_us INTEGER, status TEXT, attributes TEXT)`);
  const insert = db.prepare('INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const batch = db.transaction((slice) => {
    for (const row of slice) insert.run(row);
  });
  const start = performance.now();
  for (let i = 0; i < count; i += 512) batch(rows.slice(i, Math.min(i + 512, count)));
  const r = rate(count, performance.now() - start);
  db.close();
  return r;
}

// Rounds run when asked, so the bench can alternate them with the server's: this VM's speed
// (CPU and fsync) drifts by ±20% within minutes, and a ceiling measured minutes apart from what
// it is compared with once came out twice as high.
process.send({
  spans: spanCount,
  stages: { decode: rate(spanCount, decodeMs), normalize: rate(spanCount, normalizeMs), storeIngest: rate(spanCount, ingestMs) },
});
process.on('message', (msg) => {
  if (msg?.type === 'round') process.send({ type: 'round', spansPerSec: ceilingRound(msg.name, msg.rows) });
  else if (msg?.type === 'stop') process.disconnect();
});
