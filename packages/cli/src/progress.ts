/**
 * A progress bar on stderr with rate and ETA, drawn only on an interactive terminal (quiet in
 * pipes and CI), at most ~10 times a second.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private readonly start = performance.now();
  private lastDraw = 0;

  private readonly stream: NodeJS.WriteStream;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: { name: string; scale: number },
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.stream = stream;
    const ci = process.env.CI;
    this.enabled = Boolean(stream.isTTY) && !(ci && ci !== 'false' && ci !== '0') && total > 0;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const seconds = (now - this.start) / 1000;
    const fraction = Math.min(1, done / this.total);
    const rate = seconds > 0 ? done / this.unit.scale / seconds : 0;
    const eta = fraction > 0 ? seconds * (1 / fraction - 1) : NaN;
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const text = `${this.label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${rate.toFixed(1)} ${this.unit.name}/s ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)}s` : '?'}`;
    this.stream.write(`\r${text.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[K');
  }
}
