/**
 * A FIFO kept as export-sized batches, so taking the next batch is O(1) however long the queue
 * is. Slicing one flat array cost a copy of every queued span per export: quadratic while a slow
 * endpoint let the queue grow.
 */
export class BatchQueue<T> {
  private batches: T[][] = [];
  private count = 0;

  constructor(private readonly batchSize: number) {}

  /** Items queued. */
  get length(): number {
    return this.count;
  }

  push(item: T): void {
    const last = this.batches[this.batches.length - 1];
    if (last !== undefined && last.length < this.batchSize) last.push(item);
    else this.batches.push([item]);
    this.count += 1;
  }

  /** Removes and returns the oldest items, at most `batchSize` of them; undefined when empty. */
  takeBatch(): T[] | undefined {
    const batch = this.batches.shift();
    if (batch !== undefined) this.count -= batch.length;
    return batch;
  }

  clear(): void {
    this.batches = [];
    this.count = 0;
  }
}
