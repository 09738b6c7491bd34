import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyFor } from './latency.js';
import { seededRandom } from './random.js';

const info = { endpoint: 'chat.completions', model: 'local-qa', promptTokens: 100, completionTokens: 0 };

test('default latency stays in 20–120 ms and grows with output length', () => {
  const r = seededRandom(1);
  for (let i = 0; i < 200; i++) {
    const ms = latencyFor(undefined, { ...info, completionTokens: i }, r);
    assert.ok(ms >= 20 && ms <= 120, String(ms));
  }
  // Same random draw, longer output: never faster.
  const short = latencyFor({ min: 0, max: 1000 }, { ...info, completionTokens: 0 }, seededRandom(5));
  const long = latencyFor({ min: 0, max: 1000 }, { ...info, completionTokens: 300 }, seededRandom(5));
  assert.ok(long >= short + 499, `${short} → ${long}`);
});

test('a "slow" model adds one to two seconds; a function option decides the base delay', () => {
  const ms = latencyFor({ min: 0, max: 0 }, { ...info, model: 'gpt-slow' }, seededRandom(2));
  assert.ok(ms >= 1000 && ms <= 2000, String(ms));
  assert.equal(latencyFor((i) => i.promptTokens * 2, info, seededRandom(3)), 200);
});

test('the same seed gives the same delays', () => {
  const a = seededRandom(9);
  const b = seededRandom(9);
  for (let i = 0; i < 10; i++) assert.equal(latencyFor(undefined, info, a), latencyFor(undefined, info, b));
});
