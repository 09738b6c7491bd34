import type { LLMCallRecord } from '@loupe/core';

/** Fixed-size ring buffer of the latest LM calls; the oldest entry is overwritten when full. */
export class HistoryBuffer {
  private items: (LLMCallRecord | undefined)[];
  private next = 0;
  private count = 0;

  constructor(capacity: number) {
    this.items = new Array(Math.max(1, Math.floor(capacity) || 1));
  }

  get capacity(): number {
    return this.items.length;
  }

  push(record: LLMCallRecord): void {
    this.items[this.next] = record;
    this.next = (this.next + 1) % this.items.length;
    if (this.count < this.items.length) this.count++;
  }

  /** The last `n` calls, oldest first. */
  last(n: number): LLMCallRecord[] {
    const take = Math.max(0, Math.min(Math.floor(n), this.count));
    const out: LLMCallRecord[] = [];
    for (let i = take; i > 0; i--) {
      const index = (this.next - i + this.items.length) % this.items.length;
      out.push(this.items[index]!);
    }
    return out;
  }

  /** Keeps the newest entries that fit the new capacity. */
  resize(capacity: number): void {
    const kept = this.last(capacity);
    this.items = new Array(Math.max(1, Math.floor(capacity) || 1));
    this.next = 0;
    this.count = 0;
    for (const record of kept) this.push(record);
  }

  clear(): void {
    this.items = new Array(this.items.length);
    this.next = 0;
    this.count = 0;
  }
}
