import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init } from '../loupe.js';
import { step } from '../spans/step.js';
import { traceRequest as trace } from '../spans/trace.js';
import { closedPortUrl, OtlpReceiver } from '../testing/otlp-receiver.js';

/** Collects console.warn lines while `fn` runs. */
async function capturingWarnings(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return lines;
}

function runRequests(count: number): void {
  for (let i = 0; i < count; i++) {
    trace(`request ${i}`, () => step('answer', () => i));
  }
}

test('spans arrive at a real OTLP/HTTP protobuf receiver with resource and headers', async () => {
  const receiver = await OtlpReceiver.start('ok');
  try {
    const loupe = init({ serviceName: 'export-test', project: 'proj-a', endpoint: receiver.url, headers: { authorization: 'Bearer t' }, exportIntervalMs: 10 });
    trace('hello-request', () => step('hello-step', () => 'done'));
    await loupe.forceFlush();
    const stats = loupe.stats();
    await loupe.shutdown();
    assert.equal(stats.exportedSpans, 2);
    assert.equal(stats.droppedSpans, 0);
    assert.ok(receiver.bodies.length >= 1);
    const { contentType, body, headers } = receiver.bodies[0]!;
    assert.equal(contentType, 'application/x-protobuf');
    assert.equal(headers.authorization, 'Bearer t');
    // Protobuf stores strings as raw UTF-8, so names and resource values are visible in the bytes.
    for (const text of ['hello-request', 'hello-step', 'export-test', 'loupe.project', 'proj-a', 'openinference.span.kind']) {
      assert.ok(body.includes(Buffer.from(text)), `body contains ${text}`);
    }
  } finally {
    await receiver.close();
  }
});

for (const scenario of ['closed port', 'HTTP 500', 'never answers'] as const) {
  test(`${scenario}: the app is not blocked, drops are counted and warned about exactly once`, async () => {
    const receiver = scenario === 'closed port' ? undefined : await OtlpReceiver.start(scenario === 'HTTP 500' ? 'error500' : 'silent');
    const url = receiver?.url ?? (await closedPortUrl());
    try {
      const warnings = await capturingWarnings(async () => {
        const loupe = init({ serviceName: 'down-test', endpoint: url, exportIntervalMs: 5, exportTimeoutMs: 300, maxQueueSize: 50 });
        const value = await trace('request', async () => step('s', () => 7));
        // trace() resolved with the app's value while nothing has been exported or failed yet.
        assert.equal(value, 7);
        assert.deepEqual({ ...loupe.stats(), jsonlRecords: undefined }, { exportedSpans: 0, droppedSpans: 0, failedExports: 0, jsonlRecords: undefined });
        await loupe.forceFlush();
        runRequests(100); // overflows the 50-span queue while the endpoint is failing
        await loupe.forceFlush();
        const stats = loupe.stats();
        await loupe.shutdown();
        assert.equal(stats.exportedSpans, 0);
        assert.equal(stats.droppedSpans, 202);
        assert.ok(stats.failedExports >= 2);
      });
      assert.equal(warnings.length, 1, warnings.join('\n'));
      const expected =
        scenario === 'closed port'
          ? `loupe: dropped 2 spans: cannot reach ${url} (ECONNREFUSED); further drops are counted silently, see loupe.stats()`
          : scenario === 'HTTP 500'
            ? `loupe: dropped 2 spans: ${url} answered HTTP 500; further drops are counted silently, see loupe.stats()`
            : `loupe: dropped 2 spans: ${url} did not answer in time; further drops are counted silently, see loupe.stats()`;
      assert.equal(warnings[0], expected);
    } finally {
      await receiver?.close();
    }
  });
}

test('init twice returns the existing handle; shutdown allows a fresh init', async () => {
  const warnings = await capturingWarnings(async () => {
    const first = init({ serviceName: 'a', endpoint: false });
    const second = init({ serviceName: 'b', endpoint: false });
    assert.equal(first, second);
    assert.equal(second.serviceName, 'a');
    await first.shutdown();
    const third = init({ serviceName: 'c', endpoint: false });
    assert.notEqual(third, first);
    await third.shutdown();
  });
  assert.equal(warnings.length, 1);
});
