import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJsonText } from '@loupe/core';
import { jsonText } from './json-text.js';

class Point {
  constructor(readonly x: number) {}
}

test('jsonText renders every kind of value exactly as toJsonText does', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const values: unknown[] = [
    { id: 'chatcmpl-1', choices: [{ message: { role: 'assistant', content: 'Paris', refusal: null } }], usage: { total_tokens: 3 } },
    [1, 'two', null, undefined, true, Number.NaN, -0, Infinity],
    { skipped: undefined, nested: { deeper: [[{}], []] } },
    Object.assign(Object.create(null) as object, { bare: 1 }),
    { when: new Date(0) },
    { point: new Point(1) },
    new Map([['a', 1]]),
    { big: 10n },
    { fn: () => 1 },
    { toJSON: () => 'custom' },
    cyclic,
    'a plain string',
    42,
  ];
  values.forEach((value, i) => assert.equal(jsonText(value, 10_000), toJsonText(value, 10_000), `value #${i}`));
});

test('values longer than the limit are shortened, and a huge shared graph does not hang', () => {
  const long = { text: 'x'.repeat(5000) };
  assert.equal(jsonText(long, 1000), toJsonText(long, 1000));
  assert.ok(jsonText(long, 1000).length <= 1000);
  // 2^40 paths through 40 shared levels: walking or stringifying it whole would never end.
  let graph: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 40; i++) graph = { a: graph, b: graph };
  const text = jsonText(graph, 2000);
  assert.ok(text.length <= 2000, `${text.length} chars`);
  assert.doesNotThrow(() => JSON.parse(text));
});
