import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

/** Random bytes drawn per refill: one `randomFillSync` and one hex conversion serve ~85 root spans. */
const POOL_BYTES = 2048;
const ALL_ZERO_TRACE_ID = '0'.repeat(32);
const ALL_ZERO_SPAN_ID = '0'.repeat(16);

/**
 * Trace and span ids cut from a pool of cryptographically random hex. The SDK's
 * RandomIdGenerator makes every id from `Math.random()` through a Buffer and a `toString('hex')`
 * call (~250 ns a span id); a substring of a pooled hex string costs ~50 ns, and every span pays
 * for one or two ids. All-zero ids are invalid in W3C trace context and are never returned.
 */
export class PooledIdGenerator implements IdGenerator {
  private hex = '';
  private offset = 0;

  /** `fill` is the random source (tests give it a predictable one). */
  constructor(private readonly fill: (buffer: Buffer) => Buffer = randomFillSync) {}

  generateTraceId(): string {
    const id = this.take(32);
    return id === ALL_ZERO_TRACE_ID ? this.generateTraceId() : id;
  }

  generateSpanId(): string {
    const id = this.take(16);
    return id === ALL_ZERO_SPAN_ID ? this.generateSpanId() : id;
  }

  private take(chars: number): string {
    if (this.offset + chars > this.hex.length) {
      this.hex = this.fill(Buffer.allocUnsafe(POOL_BYTES)).toString('hex');
      this.offset = 0;
    }
    const id = this.hex.substring(this.offset, this.offset + chars);
    this.offset += chars;
    return id;
  }
}
