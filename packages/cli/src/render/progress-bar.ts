/** A one-line progress bar redrawn in place on a terminal; silent elsewhere. */
export class ProgressBar {
  private lastDraw = 0;
  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number, detail: string): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 80 && done < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const frac = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const full = Math.round(frac * width);
    this.stream.write(`\r${this.label} ${'█'.repeat(full)}${'░'.repeat(width - full)} ${String(Math.round(frac * 100)).padStart(3)}% ${detail}\x1b[K`);
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
  }
}
