import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSpan } from '../conformance/span-builder.js';
import type { BatchCommitter } from './sqlite-batch-committer.js';
import type { SearchEntry } from './sqlite-search-index.js';
import type { SearchIndexer } from './sqlite-search-indexer.js';
import type { EncodedSpan, WriteBatchResult } from './sqlite-write-batch.js';
import { SqliteBatchWriter } from './sqlite-writer.js';

/** A committer whose commits settle only when the test says so, recording what it was asked. */
class ManualCommitter implements BatchCommitter {
  readonly commits: { staged: readonly number[]; settle: () => void }[] = [];
  private nextId = 1;
  private nextRowid = 0;
  private readonly sizes = new Map<number, number>();

  stage(spans: EncodedSpan[]): number {
    const id = this.nextId++;
    this.sizes.set(id, spans.length);
    return id;
  }

  commit(staged: readonly number[]): Promise<WriteBatchResult> {
    return new Promise((resolve) => {
      this.commits.push({
        staged,
        settle: () => {
          const from = this.nextRowid;
          const counts = staged.map((id) => this.sizes.get(id)!);
          this.nextRowid += counts.reduce((a, n) => a + n, 0);
          resolve({
            outcomes: counts.map((n) => ({ accepted: n, duplicates: 0 })),
            traceRows: counts.map(() => [1]),
            from,
            upTo: this.nextRowid,
          });
        },
      });
    });
  }

  async close(): Promise<void> {}
}

class RecordingIndexer implements SearchIndexer {
  readonly submitted: { from: number; upTo: number; entries: SearchEntry[] }[] = [];
  readonly failure = undefined;
  submit(entries: SearchEntry[], from: number, upTo: number): void {
    this.submitted.push({ entries, from, upTo });
  }
  async whenIndexed(): Promise<void> {}
  async close(): Promise<void> {}
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const request = (traceId: string) => [buildSpan({ project: 'p', traceId, spanId: 'a', input: `text of ${traceId}` })];

describe('SqliteBatchWriter', () => {
  it('keeps two batches in flight, so the committer starts the next without waiting for this thread, and groups the rest', async () => {
    const committer = new ManualCommitter();
    const indexer = new RecordingIndexer();
    const writer = new SqliteBatchWriter(committer, indexer, 0);
    const settled: string[] = [];
    const write = (traceId: string) => writer.write(request(traceId)).then(() => settled.push(traceId));

    const a = write('a');
    await turn();
    const b = write('b');
    await turn();
    const c = write('c');
    const d = write('d');
    await turn();
    // a and b are each a batch in flight; c and d wait for a slot, together.
    assert.deepEqual(committer.commits.map((x) => x.staged), [[1], [2]]);
    assert.equal(writer.pending, 2);

    committer.commits[0]!.settle();
    await a;
    await turn();
    assert.deepEqual(committer.commits.map((x) => x.staged), [[1], [2], [3, 4]], 'the queued requests form one batch');
    committer.commits[1]!.settle();
    committer.commits[2]!.settle();
    await Promise.all([b, c, d]);
    assert.deepEqual(settled, ['a', 'b', 'c', 'd']);
    assert.deepEqual(
      indexer.submitted.map((s) => [s.from, s.upTo]),
      [[0, 1], [1, 2], [2, 4]],
      'the indexer gets the batches in commit order',
    );
    await writer.close();
  });

  it('close waits for every batch in flight and commits what is queued', async () => {
    const committer = new ManualCommitter();
    const writer = new SqliteBatchWriter(committer, new RecordingIndexer(), 0);
    const writes = ['a', 'b', 'c'].map((id) => writer.write(request(id)));
    await turn();
    let closed = false;
    const closing = writer.close().then(() => (closed = true));
    for (let i = 0; i < 10 && !closed; i++) {
      const open = committer.commits.splice(0, committer.commits.length);
      for (const x of open) x.settle();
      await turn();
      await turn();
    }
    await closing;
    assert.equal(closed, true);
    assert.deepEqual(await Promise.all(writes), [1, 1, 1].map((n) => ({ accepted: n, duplicates: 0 })));
  });
});
