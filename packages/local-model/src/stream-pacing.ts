import type { HandlerContext } from './handler-context.js';

/** Share of a streamed request's latency spent before the first event (time to first token). */
export const FIRST_TOKEN_SHARE = 0.4;

/**
 * Spreads a request's latency over a stream: {@link start} waits the time to first token,
 * {@link next} the rest in equal parts, one per delta (sub-millisecond parts accumulate).
 * Both resolve `false` when the client left or the server is closing.
 */
export class StreamPacer {
  private owed = 0;
  private readonly perDelta: number;
  private readonly firstWait: number;

  constructor(private readonly ctx: HandlerContext, delayMs: number, deltas: number) {
    this.firstWait = Math.round(delayMs * FIRST_TOKEN_SHARE);
    this.perDelta = deltas > 0 ? (delayMs - this.firstWait) / deltas : 0;
  }

  start(): Promise<boolean> {
    return this.ctx.wait(this.firstWait);
  }

  async next(): Promise<boolean> {
    this.owed += this.perDelta;
    if (this.owed < 1) return !this.ctx.res.destroyed;
    const ms = Math.floor(this.owed);
    this.owed -= ms;
    return this.ctx.wait(ms);
  }
}
