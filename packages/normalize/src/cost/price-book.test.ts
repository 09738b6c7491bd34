import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { canonicalModelName, costOfUsage, defaultPriceBook } from './price-book.js';
import { loadPriceOverrides, priceBookFromEnv, priceBookWith } from './price-overrides.js';
import { PriceConfigError } from './price-config-error.js';
import { createNormalizer, normalizeSpan } from '../normalize-span.js';
import { genAiChat } from '../fixtures/genai.js';

const book = defaultPriceBook();

test('dated suffixes, provider prefixes and Bedrock ids match; longest prefix wins', () => {
  assert.deepEqual(book.priceOf('gpt-4o-mini-2024-07-18'), book.priceOf('gpt-4o-mini'));
  assert.equal(book.priceOf('gpt-4o-mini')!.input, 0.15);
  assert.equal(book.priceOf('gpt-4o-2024-08-06')!.input, 2.5);
  assert.equal(book.priceOf('gpt-4o-2024-05-13')!.input, 5);
  assert.equal(book.priceOf('openai/gpt-4o')!.input, 2.5);
  assert.equal(book.priceOf('gpt-4.1-nano-2025-04-14')!.input, 0.1);
  assert.equal(book.priceOf('gpt-4-0613')!.input, 30);
  assert.equal(book.priceOf('claude-3-5-sonnet-20241022')!.output, 15);
  assert.equal(book.priceOf('anthropic/claude-3.5-haiku')!.input, 0.8);
  assert.equal(book.priceOf('us.anthropic.claude-3-7-sonnet-20250219-v1:0')!.input, 3);
  assert.equal(book.priceOf('claude-3-5-sonnet-v2@20241022')!.input, 3);
  assert.equal(book.priceOf('models/gemini-1.5-flash-002')!.input, 0.075);
  assert.equal(book.priceOf('gemini-2.0-flash-lite-001')!.input, 0.075);
  assert.equal(book.priceOf('mistral-large-latest')!.input, 2);
  assert.equal(book.priceOf('o3-mini-2025-01-31')!.input, 1.1);
  assert.equal(canonicalModelName('OpenAI/GPT-4o'), 'gpt-4o');
});

test('unknown models have no price, never a guessed one', () => {
  assert.equal(book.priceOf('gpt-4ox'), undefined, 'gpt-4o is not a prefix at a boundary');
  assert.equal(book.priceOf('my-local-llama'), undefined);
  assert.equal(book.priceOf('ft:gpt-4o-mini:acme::123'), undefined);
  assert.equal(book.costOf({ input: 10, output: 10 }, 'my-local-llama', undefined), undefined);
  assert.equal(book.costOf({ input: 10, output: 10 }, undefined), undefined);
});

test('cached input is charged at the cached rate and not again at the input rate; cache writes at theirs', () => {
  const price = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };
  assert.equal(costOfUsage({ input: 1_000_000, output: 0 }, price), 3);
  assert.ok(Math.abs(costOfUsage({ input: 1_000_000, cacheRead: 600_000, cacheWrite: 100_000, output: 1_000_000 }, price)! - (0.3 * 3 + 0.6 * 0.3 + 0.1 * 3.75 + 15)) < 1e-9);
  assert.equal(costOfUsage({ total: 100 }, price), undefined, 'a bare total cannot be priced');
  assert.equal(costOfUsage({ input: 1_000_000, cacheRead: 1_000_000 }, { input: 2, output: 8 }), 2, 'no cached rate → input rate');
});

test('normalization prices LM calls without a cost, on the response model first', () => {
  const s = normalizeSpan(genAiChat);
  // gpt-4o-2024-08-06: 72 uncached × 2.5 + 128 cached × 1.25 + 12 out × 10.
  assert.ok(Math.abs(s.costUsd! - (72 * 2.5 + 128 * 1.25 + 12 * 10) / 1e6) < 1e-15);
});

test('overrides from a JSON file replace, add and unlist prices; createNormalizer uses them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-prices-'));
  const file = join(dir, 'prices.json');
  writeFileSync(file, JSON.stringify({ 'gpt-4o': { input: 1, output: 2, cachedInput: 0.5 }, 'acme-llm': { input: 10, output: 20 }, 'gpt-4o-mini': null }));
  const custom = priceBookWith(loadPriceOverrides(file));
  assert.equal(custom.priceOf('gpt-4o-2024-08-06')!.input, 1);
  assert.equal(custom.priceOf('acme-llm-v2')!.output, 20);
  assert.equal(custom.priceOf('gpt-4o-mini'), undefined);
  assert.equal(custom.priceOf('claude-3-haiku')!.input, 0.25, 'the rest of the table stays');
  const s = createNormalizer({ prices: custom }).normalizeSpan(genAiChat);
  assert.ok(Math.abs(s.costUsd! - (72 * 1 + 128 * 0.5 + 12 * 2) / 1e6) < 1e-15);
  assert.equal(priceBookFromEnv({ LOUPE_PRICES: file }).priceOf('acme-llm')!.input, 10);
  assert.equal(priceBookFromEnv({}), defaultPriceBook());
});

test('invalid price files fail with a message naming the file and the entry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-prices-'));
  const write = (name: string, body: string): string => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  const cases: [string, RegExp][] = [
    [write('a.json', '{"gpt-4o": {"input": "cheap", "output": 1}}'), /"gpt-4o"\.input must be a non-negative number.*"cheap"/],
    [write('b.json', '{"gpt-4o": {"input": 1}}'), /"gpt-4o" is missing "output"/],
    [write('c.json', '{"gpt-4o": {"input": 1, "output": 2, "cached": 1}}'), /unknown field "cached"/],
    [write('d.json', '[1]'), /expected an object/],
    [write('e.json', '{nope'), /is not valid JSON/],
    [join(dir, 'missing.json'), /cannot read price file/],
  ];
  for (const [path, message] of cases) {
    assert.throws(() => loadPriceOverrides(path), (err: unknown) => err instanceof PriceConfigError && message.test(err.message) && err.message.includes(path));
  }
  assert.throws(() => priceBookFromEnv({ LOUPE_PRICES: cases[0]![0] }), /^PriceConfigError: LOUPE_PRICES: price file/);
});
