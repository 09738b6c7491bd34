import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { spawnServe, type ServeProcess } from './spawn-serve.js';

// `loupe` runs from the bundle (packages/cli/bundle, written by `npm run build`). This drives the
// bundled server end to end — both receivers, the writer and search threads (separate bundle
// entries); cli-errors.test.ts covers its viewer — so a bundling mistake fails here, not in a user's terminal.
const BUNDLE = fileURLToPath(new URL('../../bundle/main.js', import.meta.url));

let dir: string;
let serve: ServeProcess;
let url: string;

before(async () => {
  assert.ok(existsSync(BUNDLE), `no bundle at ${BUNDLE}: run \`npm run build\` (tsc -b alone does not write it)`);
  dir = mkdtempSync(join(tmpdir(), 'loupe-bundle-'));
  serve = await spawnServe(['--port', '0', '--grpc-port', '0', '--db', join(dir, 'b.db')]);
  url = serve.url;
});

after(async () => {
  await serve.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function searchable(word: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const page = (await (await fetch(`${url}/api/traces?project=bundle&contains=${word}`)).json()) as { traces: { traceId: string }[] };
    if (page.traces.length > 0) return page.traces.map((t) => t.traceId);
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

test('the bundled server stores and indexes spans sent over OTLP/HTTP', async () => {
  const traceId = 'a1'.repeat(16);
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'loupe.project', value: { stringValue: 'bundle' } }] },
      scopeSpans: [{
        spans: [{
          traceId, spanId: 'b2'.repeat(8), name: 'http-root', kind: 1,
          startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000500000000',
          attributes: [{ key: 'input.value', value: { stringValue: 'quokkahttp question' } }],
        }],
      }],
    }],
  };
  const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  assert.deepEqual(await searchable('quokkahttp'), [traceId]);
  const detail = (await (await fetch(`${url}/api/traces/${traceId}?project=bundle`)).json()) as { spans: { name: string }[] };
  assert.deepEqual(detail.spans.map((s) => s.name), ['http-root']);
});

test('the bundled server takes OTLP/gRPC from the real exporter', async () => {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bundle-test', 'loupe.project': 'bundle' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${serve.grpcPort}` }))],
  });
  const span = provider.getTracer('t').startSpan('grpc-root', { attributes: { 'input.value': 'wombatgrpc question' } }, ROOT_CONTEXT);
  const traceId = span.spanContext().traceId;
  span.end();
  await provider.forceFlush();
  await provider.shutdown();
  assert.deepEqual(await searchable('wombatgrpc'), [traceId]);
});
