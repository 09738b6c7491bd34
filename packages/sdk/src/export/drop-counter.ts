/**
 * Counts spans that never reached their destination and warns once, on the first drop, with a
 * single `console.warn` line; later drops are only counted (see `stats()`).
 */
export class DropCounter {
  dropped = 0;
  private warned = false;

  constructor(private readonly warn: (line: string) => void = (line) => console.warn(line)) {}

  add(count: number, reason: string): void {
    if (count <= 0) return;
    this.dropped += count;
    if (this.warned) return;
    this.warned = true;
    try {
      this.warn(`loupe: dropped ${count} spans: ${reason}; further drops are counted silently, see loupe.stats()`);
    } catch {
      // a broken console must not break the app
    }
  }
}
