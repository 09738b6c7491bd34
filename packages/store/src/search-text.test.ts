import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinSearchText } from './search-text.js';

const answer = 'The order A159410 shipped on Monday with UPS and should arrive within four days.';
const completion = 'The order A159410 shipped on Monday with UPS';

describe('joinSearchText', () => {
  it('leaves out a long part another part contains, and keeps parts no other part contains', () => {
    const other = 'You are a support assistant. Answer from the passages only, cite them.';
    assert.equal(joinSearchText(new Set([completion, other, answer])), [other, answer].join('\n'));
  });

  it('keeps short parts even when a longer part contains them', () => {
    assert.equal(joinSearchText(['UPS', answer]), `UPS\n${answer}`);
  });

  it('keeps the first order of the parts it keeps', () => {
    const a = 'first part, long enough to be checked against the others';
    const b = 'second part, also long enough to be checked against the others';
    assert.equal(joinSearchText([b, a]), `${b}\n${a}`);
  });

  it('drops a part whose container is itself contained in a longer part', () => {
    const longest = `Context: ${answer} End of context.`;
    assert.equal(joinSearchText([completion, answer, longest]), longest);
  });
});
