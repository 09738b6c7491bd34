import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { JsonlTraceRecord } from '@loupe/core';

/** Bytes allowed to wait for the disk; beyond it records are dropped and counted. */
const MAX_PENDING_BYTES = 32 * 1024 * 1024;

/**
 * Appends one JSON line per record through a single append-mode stream. Each record is one
 * `write` call of a whole line, so lines never interleave, however many requests end at once.
 * Never throws: an unwritable file is reported once and further records are counted as dropped.
 */
export class JsonlWriter {
  written = 0;
  dropped = 0;
  private readonly stream: WriteStream | undefined;
  private failed = false;

  constructor(readonly path: string, private readonly warn: (line: string) => void = (line) => console.warn(line)) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.stream = createWriteStream(path, { flags: 'a' });
      this.stream.on('error', (error) => this.fail(error));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Queues one record; false when it was dropped. */
  write(record: JsonlTraceRecord): boolean {
    if (this.failed || this.stream === undefined || this.stream.writableLength > MAX_PENDING_BYTES) {
      this.dropped++;
      return false;
    }
    let line: string;
    try {
      line = JSON.stringify(record) + '\n';
    } catch {
      this.dropped++;
      return false;
    }
    this.stream.write(line);
    this.written++;
    return true;
  }

  /** Resolves once everything queued is on disk (or the stream failed). */
  flush(): Promise<void> {
    const stream = this.stream;
    if (stream === undefined || this.failed || stream.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      stream.write('', () => resolve());
    });
  }

  close(): Promise<void> {
    const stream = this.stream;
    if (stream === undefined || stream.closed || stream.writableEnded) return Promise.resolve();
    return new Promise((resolve) => {
      stream.end(() => resolve());
      stream.once('error', () => resolve());
    });
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    try {
      this.warn(`loupe: cannot write JSONL traces to ${this.path} (${(error as { code?: string })?.code ?? String(error)}); further traces are counted as dropped, see loupe.stats()`);
    } catch {
      // ignore
    }
  }
}
