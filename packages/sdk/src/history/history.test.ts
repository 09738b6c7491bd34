import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { recordLLMCall } from '../llm/llm.js';
import { runtime } from '../runtime.js';
import { HistoryBuffer } from './history-buffer.js';
import { clearHistory, getHistory, inspectHistory } from './inspect-history.js';

function sink(isTTY: boolean): Writable & { text: string; isTTY: boolean } {
  const stream = new Writable({
    write(chunk, _enc, cb) {
      stream.text += String(chunk);
      cb();
    },
  }) as Writable & { text: string; isTTY: boolean };
  stream.text = '';
  stream.isTTY = isTTY;
  return stream;
}

test('ring buffer keeps the newest entries, oldest first', () => {
  const buffer = new HistoryBuffer(3);
  for (let i = 0; i < 5; i++) buffer.push({ spanId: String(i) } as never);
  assert.deepEqual(buffer.last(10).map((r) => r.spanId), ['2', '3', '4']);
  assert.deepEqual(buffer.last(2).map((r) => r.spanId), ['3', '4']);
  buffer.resize(2);
  assert.deepEqual(buffer.last(10).map((r) => r.spanId), ['3', '4']);
});

test('history works without init and inspectHistory prints like dspy, colours only on a TTY', () => {
  clearHistory();
  recordLLMCall({ model: 'm', messages: [{ role: 'user', content: 'first?' }], output: 'one', startTime: new Date('2026-11-25T10:14:03.120Z'), endTime: new Date('2026-11-25T10:14:03.320Z') });
  recordLLMCall({ model: 'm', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'second?' }], output: 'two' });
  assert.deepEqual(getHistory(5).map((r) => r.llm.outputMessages[0]!.content), ['one', 'two']);
  assert.equal(getHistory(5)[0]!.durationMs, 200);

  const plain = sink(false);
  inspectHistory(2, { stream: plain });
  assert.ok(!plain.text.includes('\x1b'));
  assert.ok(plain.text.includes('[2026-11-25T10:14:03.120Z]\n\nUser message:\n\nfirst?\n\n\nResponse:\n\none\n\n'));
  assert.ok(plain.text.indexOf('first?') < plain.text.indexOf('System message:\n\nsys'));

  const tty = sink(true);
  inspectHistory(1, { stream: tty });
  assert.ok(tty.text.includes('\x1b[31mSystem message:\x1b[0m'));
  assert.ok(!tty.text.includes('first?'));
});

test('history is bounded by its size', () => {
  clearHistory();
  const previous = runtime.history.capacity;
  runtime.history.resize(3);
  try {
    for (let i = 0; i < 10; i++) recordLLMCall({ model: 'm', messages: [], output: `out ${i}` });
    assert.deepEqual(getHistory(100).map((r) => r.llm.outputMessages[0]!.content), ['out 7', 'out 8', 'out 9']);
  } finally {
    runtime.history.resize(previous);
  }
});
