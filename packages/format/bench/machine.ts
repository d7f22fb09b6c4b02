import { cpus, totalmem } from 'node:os';

/** One line describing the machine a benchmark ran on. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`;
}

/** Best of `repeat` timings of `fn`, in seconds (the first, cold run is discarded when repeat > 1). */
export async function bestOf(repeat: number, fn: () => Promise<void> | void): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < repeat + (repeat > 1 ? 1 : 0); i++) {
    const t0 = performance.now();
    await fn();
    const dt = (performance.now() - t0) / 1000;
    if (i > 0 || repeat === 1) best = Math.min(best, dt);
  }
  return best;
}
