import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_JSON_CHARS, toJsonText, truncationMarker } from './json-safe.js';

test('plain strings are returned as is, or cut with a marker within the limit', () => {
  assert.equal(toJsonText('hello', 100), 'hello');
  const long = 'x'.repeat(1000);
  const cut = toJsonText(long, 100);
  assert.ok(cut.length <= 100);
  assert.match(cut, /^x+…\[truncated (\d+) chars\]$/);
  const kept = cut.indexOf('…');
  assert.equal(cut, 'x'.repeat(kept) + truncationMarker(1000 - kept));
});

test('never splits a surrogate pair', () => {
  const text = '😀'.repeat(100);
  for (let limit = 40; limit < 60; limit++) {
    const cut = toJsonText(text, limit);
    const head = cut.slice(0, cut.indexOf('…'));
    assert.equal(head.length % 2, 0, `limit ${limit}`);
    const nested = toJsonText({ text }, limit);
    assert.doesNotMatch(nested, /\\ud[89ab]/i);
    JSON.parse(nested);
  }
});

test('serializes special values', () => {
  const error = new Error('boom', { cause: new Error('inner') });
  (error as Error & { code?: string }).code = 'E_BOOM';
  class Point {
    constructor(public x: number, public y: number) {}
    get sum(): number {
      return this.x + this.y;
    }
  }
  const value = {
    big: 12345678901234567890n,
    date: new Date(0),
    bad: new Date(NaN),
    map: new Map<string, number>([['a', 1]]),
    objMap: new Map<object, number>([[{ k: 1 }, 2]]),
    set: new Set([1, 'two']),
    buf: Buffer.from('abc'),
    typed: new Float32Array(4),
    arrayBuffer: new ArrayBuffer(8),
    fn: () => 1,
    sym: Symbol('s'),
    undef: undefined,
    list: [undefined, function named() {}, Symbol('x'), NaN, Infinity],
    point: new Point(1, 2),
    url: new URL('https://example.com/a'),
    error,
  };
  const parsed = JSON.parse(toJsonText(value, 100_000));
  assert.equal(parsed.big, '12345678901234567890');
  assert.equal(parsed.date, '1970-01-01T00:00:00.000Z');
  assert.equal(parsed.bad, 'Invalid Date');
  assert.deepEqual(parsed.map, { a: 1 });
  assert.deepEqual(parsed.objMap, [[{ k: 1 }, 2]]);
  assert.deepEqual(parsed.set, [1, 'two']);
  assert.equal(parsed.buf, '[Buffer 3 bytes]');
  assert.equal(parsed.typed, '[Float32Array 16 bytes]');
  assert.equal(parsed.arrayBuffer, '[ArrayBuffer 8 bytes]');
  assert.ok(!('fn' in parsed) && !('sym' in parsed) && !('undef' in parsed));
  assert.deepEqual(parsed.list, [null, '[Function named]', '[Symbol(x)]', null, null]);
  assert.deepEqual(parsed.point, { x: 1, y: 2 });
  assert.equal(parsed.url, 'https://example.com/a');
  assert.equal(parsed.error.name, 'Error');
  assert.equal(parsed.error.message, 'boom');
  assert.match(parsed.error.stack, /^Error: boom/);
  assert.equal(parsed.error.code, 'E_BOOM');
  assert.equal(parsed.error.cause.message, 'inner');
  assert.equal(toJsonText(undefined, 100), 'null');
  assert.equal(toJsonText(42, 100), '42');
  assert.equal(toJsonText(null, 100), 'null');
});

test('cycles become "[Circular]" but shared references are repeated', () => {
  const shared = { s: 1 };
  const a: Record<string, unknown> = { shared, again: shared };
  a.self = a;
  a.list = [a];
  assert.deepEqual(JSON.parse(toJsonText(a, 10_000)), {
    shared: { s: 1 },
    again: { s: 1 },
    self: '[Circular]',
    list: ['[Circular]'],
  });
});

test('throwing getters and toJSON do not escape', () => {
  const value = {
    get boom(): never {
      throw new Error('nope');
    },
    ok: 1,
  };
  assert.deepEqual(JSON.parse(toJsonText(value, 1000)), { boom: '[Thrown: nope]', ok: 1 });
  const badToJson = { toJSON(): never { throw new Error('x'); } };
  assert.equal(toJsonText(badToJson, 1000), '"[Unserializable]"');
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  JSON.parse(toJsonText({ p: revoked.proxy }, 1000));
});

test('shortens every string evenly before dropping structure', () => {
  const value = { a: 'a'.repeat(500), b: 'b'.repeat(500), n: 1 };
  const text = toJsonText(value, 200);
  assert.ok(text.length <= 200);
  const parsed = JSON.parse(text);
  assert.equal(parsed.n, 1);
  assert.match(parsed.a, /^a+…\[truncated \d+ chars\]$/);
  assert.match(parsed.b, /^b+…\[truncated \d+ chars\]$/);
  assert.equal(parsed.a.indexOf('…'), parsed.b.indexOf('…'));
});

test('drops trailing items and keys with a count marker when strings alone cannot fit', () => {
  const list = Array.from({ length: 1000 }, (_, i) => i);
  const text = toJsonText(list, 60);
  assert.ok(text.length <= 60);
  const parsed = JSON.parse(text) as unknown[];
  const marker = parsed[parsed.length - 1] as string;
  const shown = parsed.length - 1;
  assert.deepEqual(parsed.slice(0, shown), list.slice(0, shown));
  assert.equal(marker, `…[${1000 - shown} more items]`);

  const obj = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`key${i}`, 'v'.repeat(50)]));
  const objText = toJsonText(obj, 300);
  assert.ok(objText.length <= 300);
  const parsedObj = JSON.parse(objText) as Record<string, string>;
  const keys = Object.keys(parsedObj);
  assert.equal(keys[keys.length - 1], '…');
  assert.equal(parsedObj['…'], `[${200 - (keys.length - 1)} more keys]`);
});

test('huge inputs are bounded in work and output', () => {
  const huge = Array.from({ length: 200_000 }, (_, i) => ({ i, text: 'lorem ipsum '.repeat(20) }));
  const text = toJsonText(huge, 16_000);
  assert.ok(text.length <= 16_000);
  assert.ok(JSON.parse(text).length > 1);
});

/** Deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 4 || r < 0.35) {
    const kind = Math.floor(rand() * 8);
    switch (kind) {
      case 0: return Math.floor(rand() * 1e6) - 5e5;
      case 1: return rand() * 1e10;
      case 2: return rand() < 0.5;
      case 3: return null;
      case 4: return '"quoted" \\ \n\t\u0001 é 😀 '.repeat(Math.floor(rand() * 30));
      case 5: return 'x'.repeat(Math.floor(rand() * 3000));
      case 6: return BigInt(Math.floor(rand() * 1e9));
      default: return new Date(Math.floor(rand() * 1e12));
    }
  }
  if (r < 0.7) return Array.from({ length: Math.floor(rand() * 12) }, () => randomValue(rand, depth + 1));
  const obj: Record<string, unknown> = {};
  const n = Math.floor(rand() * 10);
  for (let i = 0; i < n; i++) obj[`k${i}${'"é'.repeat(Math.floor(rand() * 3))}`] = randomValue(rand, depth + 1);
  if (rand() < 0.1) obj.self = obj;
  return obj;
}

test(`property: random values and limits always give parseable JSON of at most max(limit, ${MIN_JSON_CHARS}) chars`, () => {
  const rand = rng(42);
  for (let i = 0; i < 1500; i++) {
    const value = randomValue(rand, 0);
    const limit = Math.floor(rand() * 2000);
    const text = toJsonText(value, limit);
    const bound = Math.max(limit, MIN_JSON_CHARS);
    if (typeof value === 'string') {
      assert.ok(text.length <= bound, `string case ${i}`);
      continue;
    }
    assert.ok(text.length <= bound, `case ${i}: ${text.length} > ${bound}`);
    assert.doesNotThrow(() => JSON.parse(text), `case ${i}: ${text}`);
    // When it fits untruncated, the result is exactly what JSON.stringify gives for plain data.
    if (!text.includes('…') && !text.includes('[Circular]')) {
      const plain = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
      assert.equal(text, plain, `case ${i}`);
    }
  }
});
