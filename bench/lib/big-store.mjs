// The large store for the query rows (3–6): built once by direct `store.ingest` of normalized
// spans, cached under bench/.cache/ keyed by workload version, store schema and size.
//
// Spans are clones of templates that went through the real pipeline (OTel SDK → OTLP protobuf
// → decode → normalize), with new trace ids, shifted times and scaled latencies, so building a
// million spans takes minutes rather than the time to run the SDK a million times. The clones
// are stored whole (JSON). The 10,000-span trace of row 6 goes the receivers' way instead —
// raw spans encoded as OTLP/protobuf, decoded with their span records, normalized — so its
// full-payload read pays what a trace received over OTLP does (decoding the records again).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeOtlpProtobufRequest, createNormalizer } from '@loupe/server';
import { attachSpanRecord, encodeOtlpProtobufRequest } from '@loupe/otlp';
import { openSqliteStore } from '@loupe/store';
import { generateBatches, prng, WORKLOAD_VERSION } from '../workload.mjs';
import { removeStoreFiles, sealStore } from './sealed-store.mjs';

const CACHE = fileURLToPath(new URL('../.cache/', import.meta.url));
const require = createRequire(import.meta.url);

/** A phrase in about 2% of traces (a realistic minority) and one in exactly 3 traces. */
export const MINORITY_PHRASE = 'damaged espresso machine';
export const RARE_PHRASE = 'zirconium-kettle-4471';
export const BIG_TRACE_SPANS = 10_000;
const MINORITY_SHARE = 0.02;
const RARE_TRACES = [1234, 45678, 87654];

/** How this file builds the store; bump it when that changes, so cached stores are rebuilt. */
const BUILD_VERSION = 2;

/** Changes when the store's on-disk layout might: the cache is rebuilt then. */
function storeLayoutHash() {
  const dist = dirname(require.resolve('@loupe/store'));
  const h = createHash('sha256');
  h.update(`build ${BUILD_VERSION}`);
  for (const f of ['sqlite/sqlite-schema.js', 'sqlite/sqlite-row-mapping.js', 'sqlite/sqlite-search-index.js', 'search-text.js']) {
    const p = join(dist, f);
    h.update(existsSync(p) ? readFileSync(p) : f);
  }
  return h.digest('hex').slice(0, 10);
}

/** Complete 10-span traces from the real pipeline, each as normalized spans sorted by start. */
function makeTemplates(count) {
  const bodies = generateBatches(Math.ceil((count * 10) / 512) + 1, { seed: 99 });
  const normalizer = createNormalizer();
  const byTrace = new Map();
  for (const b of bodies) {
    const raw = decodeOtlpProtobufRequest(b.buf).spans;
    normalizer.normalizeSpans(raw).forEach((s, i) => {
      if (!byTrace.has(s.traceId)) byTrace.set(s.traceId, []);
      byTrace.get(s.traceId).push(s);
      rawOf.set(s, raw[i]);
    });
  }
  return [...byTrace.values()].filter((t) => t.length === 10 && t.some((s) => !s.parentSpanId)).slice(0, count)
    .map((t) => t.sort((a, b) => a.startUs - b.startUs));
}

/** The RawSpan each template span was normalized from. */
const rawOf = new WeakMap();

/**
 * Spans as the OTLP receivers hand them to a store: sent as protobuf requests of 512, decoded
 * with their span records, normalized, each record attached to its span.
 */
function viaOtlp(raw) {
  const normalizer = createNormalizer();
  const out = [];
  for (let i = 0; i < raw.length; i += 512) {
    const decoded = decodeOtlpProtobufRequest(encodeOtlpProtobufRequest(raw.slice(i, i + 512)), { records: true });
    normalizer.normalizeSpans(decoded.spans).forEach((s, k) => {
      attachSpanRecord(s, decoded.records[k]);
      out.push(s);
    });
  }
  return out;
}

function cloneTrace(template, traceId, startUs, scale, question) {
  const t0 = template[0].startUs;
  return template.map((s) => {
    const clone = {
      ...s,
      traceId,
      startUs: Math.round(startUs + (s.startUs - t0) * scale),
      endUs: Math.round(startUs + (s.endUs - t0) * scale),
    };
    if (!s.parentSpanId && question) {
      clone.input = question;
      clone.attributes = { ...s.attributes, 'input.value': question };
    }
    return clone;
  });
}

function traceIdOf(i, tag) {
  return tag + i.toString(16).padStart(32 - tag.length, '0');
}

/**
 * Returns `{ path, meta }` of a cached store with `traces` traces of 10 spans (plus one
 * {@link BIG_TRACE_SPANS}-span trace), building it first when missing. `log` gets progress lines.
 */
export async function ensureBigStore({ traces, log }) {
  mkdirSync(CACHE, { recursive: true });
  const key = `w${WORKLOAD_VERSION}-s${storeLayoutHash()}-t${traces}`;
  const path = join(CACHE, `store-${key}.db`);
  const metaPath = join(CACHE, `store-${key}.json`);
  if (existsSync(path) && existsSync(metaPath)) {
    log(`using cached store ${path}`);
    return { path, meta: JSON.parse(readFileSync(metaPath, 'utf8')) };
  }
  const building = `${path}.building`;
  removeStoreFiles(building);
  log(`building a ${traces.toLocaleString('en-US')}-trace store (${(traces * 10 + BIG_TRACE_SPANS).toLocaleString('en-US')} spans) at ${path}; cached for later runs`);
  const started = performance.now();
  const templates = makeTemplates(300);
  const rand = prng(7);
  const store = openSqliteStore(building);
  // Traces spread over the 7 days before the build; one trace every ~6 s at full size.
  const endUs = Date.now() * 1000;
  const spanUs = 7 * 24 * 3600 * 1e6;
  const startUs = endUs - spanUs;
  let batch = [];
  let minority = 0;
  const topics = ['late delivery of a standing desk', 'double charge on invoice', 'password reset loop', 'API quota increase'];
  for (let i = 0; i < traces; i++) {
    const template = templates[i % templates.length];
    // Log-normal latency scale: most traces a few seconds, a long tail past 10 s.
    const normal = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
    const scale = Math.exp(0.6 * normal);
    let question = `Customer asks about ${topics[i % topics.length]} (ticket ${i}).`;
    if (RARE_TRACES.includes(i)) question = `Where is my ${RARE_PHRASE}? (ticket ${i})`;
    else if (rand() < MINORITY_SHARE) {
      question = `My order arrived with a ${MINORITY_PHRASE}; I want a refund (ticket ${i}).`;
      minority += 1;
    }
    batch.push(...cloneTrace(template, traceIdOf(i, 'b1'), startUs + (i / traces) * spanUs, scale, question));
    if (batch.length >= 10_000 || i === traces - 1) {
      await store.ingest(batch);
      batch = [];
      if ((i + 1) % Math.max(1, Math.floor(traces / 10)) === 0) {
        const s = (performance.now() - started) / 1000;
        log(`  ${(i + 1).toLocaleString('en-US')} / ${traces.toLocaleString('en-US')} traces stored (${s.toFixed(0)} s)`);
      }
    }
  }
  // One 10,000-span trace: 1,000 copies of a template request under one root.
  const bigTraceId = traceIdOf(1, 'b16');
  const big = [];
  const template = templates[0];
  const rootId = (0).toString(16).padStart(16, '0');
  const t0 = template[0].startUs;
  for (let copy = 0; copy < BIG_TRACE_SPANS / 10; copy++) {
    const ids = new Map(template.map((s, m) => [s.spanId, (copy * 10 + m).toString(16).padStart(16, '0')]));
    const shift = endUs - 3600e6 + copy * 5000 - t0;
    for (const s of template) {
      const raw = rawOf.get(s);
      const parent = s.parentSpanId ? ids.get(s.parentSpanId) : copy === 0 ? undefined : rootId;
      const clone = {
        ...raw,
        traceId: bigTraceId,
        spanId: ids.get(s.spanId),
        startUs: raw.startUs + shift,
        endUs: raw.endUs + shift,
        events: raw.events.map((e) => ({ ...e, timeUs: e.timeUs + shift })),
      };
      if (parent === undefined) delete clone.parentSpanId;
      else clone.parentSpanId = parent;
      big.push(clone);
    }
  }
  await store.ingest(viaOtlp(big));
  await sealStore(store, building, path);
  const meta = {
    traces,
    spans: traces * 10 + BIG_TRACE_SPANS,
    startUs,
    endUs,
    bigTraceId,
    minorityTraces: minority,
    rareTraces: RARE_TRACES.filter((i) => i < traces).length,
    buildSeconds: Math.round((performance.now() - started) / 1000),
  };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  log(`store built in ${meta.buildSeconds} s`);
  return { path, meta };
}
