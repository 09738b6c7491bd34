import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { TraceStore } from '@loupe/core';
import { openSqliteStore } from '@loupe/store';
import { otlpSchema } from '../otlp/proto-schema.js';
import { startServer, type LoupeServer } from './server.js';

let store: TraceStore;
let server: LoupeServer;

before(async () => {
  store = openSqliteStore(':memory:');
  server = await startServer({ store, port: 0, maxBodyBytes: 64 * 1024 });
});

after(async () => {
  await server.close();
  await store.close();
});

function post(body: Uint8Array | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}/v1/traces`, { method: 'POST', headers, body });
}

const PB = { 'content-type': 'application/x-protobuf' };
const JSON_CT = { 'content-type': 'application/json' };

/** Decodes a protobuf `google.rpc.Status` error body. */
async function rpcStatus(res: Response): Promise<{ code: number; message: string }> {
  const { status } = otlpSchema();
  return status.toObject(status.decode(new Uint8Array(await res.arrayBuffer()))) as { code: number; message: string };
}

async function assertHealthy(): Promise<void> {
  const res = await fetch(`${server.url}/health`);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { status: string }).status, 'ok');
}

function validRequest(): Uint8Array {
  const { request } = otlpSchema();
  return request.encode(request.fromObject({
    resourceSpans: [{ scopeSpans: [{ spans: [{
      traceId: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'),
      spanId: Buffer.from('eee19b7ec3c1b174', 'hex'),
      name: 'a-span-with-a-long-enough-name-to-truncate',
      attributes: [{ key: 'k', value: { stringValue: 'v'.repeat(100) } }],
    }] }] }],
  })).finish();
}

test('garbage protobuf → 400 with a google.rpc.Status naming the problem', async () => {
  const res = await post(Buffer.from('this is not protobuf at all \x00\xff\xfe'), PB);
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
  const status = await rpcStatus(res);
  assert.equal(status.code, 3);
  assert.match(status.message, /^invalid OTLP protobuf: /);
  await assertHealthy();
});

test('truncated protobuf → 400', async () => {
  const full = validRequest();
  const res = await post(full.subarray(0, full.length - 40), PB);
  assert.equal(res.status, 400);
  assert.match((await rpcStatus(res)).message, /^invalid OTLP protobuf: /);
  await assertHealthy();
});

test('invalid JSON and wrongly shaped JSON → 400 with a JSON Status', async () => {
  let res = await post('{"resourceSpans": [', JSON_CT);
  assert.equal(res.status, 400);
  const body = (await res.json()) as { code: number; message: string };
  assert.equal(body.code, 3);
  assert.match(body.message, /^invalid JSON: /);
  res = await post('{"resourceSpans": {"no": "array"}}', JSON_CT);
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { message: string }).message, /resourceSpans must be an array/);
  await assertHealthy();
});

test('empty bodies: protobuf means an empty request (200), JSON is invalid (400)', async () => {
  assert.equal((await post(new Uint8Array(0), PB)).status, 200);
  const res = await post('', JSON_CT);
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { message: string }).message, /^invalid JSON: /);
  await assertHealthy();
});

test('gzip header with bad data → 400 naming gzip', async () => {
  const bad = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('definitely not deflate data')]);
  const res = await post(bad, { ...PB, 'content-encoding': 'gzip' });
  assert.equal(res.status, 400);
  assert.match((await rpcStatus(res)).message, /^invalid gzip body: /);
  await assertHealthy();
});

test('unsupported Content-Type and Content-Encoding → 415 naming what is accepted', async () => {
  let res = await post('hello', { 'content-type': 'text/plain' });
  assert.equal(res.status, 415);
  assert.deepEqual(await res.json(), {
    error: 'unsupported Content-Type "text/plain"; send application/x-protobuf or application/json',
  });
  res = await post(validRequest(), { ...PB, 'content-encoding': 'br' });
  assert.equal(res.status, 415);
  assert.match((await rpcStatus(res)).message, /unsupported Content-Encoding "br"; accepted: gzip, identity/);
  await assertHealthy();
});

test('bodies over the limit → 413, before and after decompression', async () => {
  let res = await post(Buffer.alloc(200 * 1024, 1), PB);
  assert.equal(res.status, 413);
  assert.match((await rpcStatus(res)).message, /exceeds the limit of 65536 bytes/);
  // 4 MiB of zeros gzip to a few KiB: under the limit on the wire, over it once inflated.
  const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
  assert.ok(bomb.length < 64 * 1024);
  res = await post(bomb, { ...JSON_CT, 'content-encoding': 'gzip' });
  assert.equal(res.status, 413);
  assert.match(((await res.json()) as { message: string }).message, /decompressed request body exceeds the limit/);
  await assertHealthy();
});

test('wrong method → 405 with Allow; unknown path → 404', async () => {
  let res = await fetch(`${server.url}/v1/traces`);
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'POST');
  assert.deepEqual(await res.json(), { error: 'GET is not allowed on /v1/traces; use POST' });
  res = await fetch(`${server.url}/v1/metrics`, { method: 'POST', body: 'x' });
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: 'no route for POST /v1/metrics' });
  await assertHealthy();
});

test('malformed HTTP on a raw socket gets a 400 and the server keeps serving', async () => {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write('NOT-HTTP garbage\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(reply, /^HTTP\/1\.1 400/);
  // A client that disconnects in the middle of a body must not hurt either.
  await new Promise<void>((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => {
      socket.write('POST /v1/traces HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-protobuf\r\ncontent-length: 1000\r\n\r\nabc');
      setImmediate(() => {
        socket.destroy();
        resolve();
      });
    });
  });
  await assertHealthy();
});
