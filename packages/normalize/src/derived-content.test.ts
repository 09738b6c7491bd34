import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NormalizedSpan } from '@loupe/core';
import { isContentDerivable } from './content-derivable.js';
import { DERIVED_CONTENT_FIELDS, deriveContent } from './derived-content.js';
import { DIALECTS } from './dialect-registry.js';
import { EVERY_DIALECT_FIXTURE } from './fixtures/every-dialect.js';
import { createNormalizer, normalizeSpan, normalizeSpans } from './normalize-span.js';
import { defaultPriceBook } from './cost/price-book.js';

/** The span without its derived fields, as a store that re-derives them keeps it. */
function rawPartsOf(span: NormalizedSpan): NormalizedSpan {
  const copy = structuredClone(span) as unknown as Record<string, unknown>;
  for (const field of DERIVED_CONTENT_FIELDS) delete copy[field];
  return copy as unknown as NormalizedSpan;
}

test('deriveContent rebuilds the derived fields of every dialect fixture exactly', () => {
  const spans = normalizeSpans(EVERY_DIALECT_FIXTURE);
  let rebuilt = 0;
  for (const span of spans) {
    const stripped = rawPartsOf(span);
    if (DERIVED_CONTENT_FIELDS.some((f) => span[f] !== undefined)) rebuilt++;
    deriveContent(stripped);
    assert.deepStrictEqual(stripped, span, span.name);
  }
  // Most fixtures have content to derive: the test is not vacuous.
  assert.ok(rebuilt >= spans.length - 5, `${rebuilt} of ${spans.length}`);
});

test('marks what the default dialects produced, and only that', () => {
  const raw = EVERY_DIALECT_FIXTURE[0]!;
  assert.equal(isContentDerivable(normalizeSpan(raw)), true);
  assert.equal(normalizeSpans([raw]).every(isContentDerivable), true);
  // Other prices change only the cost, a column of its own: still derivable.
  assert.equal(isContentDerivable(createNormalizer({ prices: defaultPriceBook() }).normalizeSpan(raw)), true);
  // Another dialect list (even the same dialects in another order) may derive other content.
  assert.equal(isContentDerivable(normalizeSpan(raw, [...DIALECTS].reverse())), false);
  assert.equal(isContentDerivable(createNormalizer({ dialects: DIALECTS.slice(1) }).normalizeSpan(raw)), false);
  // A copy is a new object nothing vouches for.
  assert.equal(isContentDerivable({ ...normalizeSpan(raw) }), false);
});
