import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchQueue } from './batch-queue.js';

test('BatchQueue hands out items oldest first, at most one batch size at a time', () => {
  const q = new BatchQueue<number>(3);
  assert.equal(q.takeBatch(), undefined);
  for (let i = 0; i < 7; i++) q.push(i);
  assert.equal(q.length, 7);
  assert.deepEqual(q.takeBatch(), [0, 1, 2]);
  assert.equal(q.length, 4);
  // A partial batch is taken as is; later pushes start a new one.
  assert.deepEqual(q.takeBatch(), [3, 4, 5]);
  assert.deepEqual(q.takeBatch(), [6]);
  q.push(7);
  q.push(8);
  assert.deepEqual(q.takeBatch(), [7, 8]);
  assert.equal(q.length, 0);
  q.push(9);
  q.clear();
  assert.equal(q.length, 0);
  assert.equal(q.takeBatch(), undefined);
});
