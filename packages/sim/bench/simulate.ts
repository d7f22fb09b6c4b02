/**
 * Fast-simulator throughput: 100 GeV electrons in invis-2018 with full digitization, raw
 * encoding and writing (plus the truth sidecar), in this thread and with worker threads
 * (--jobs n: this thread and n - 1 workers, which join when they have started).
 *   npx tsx packages/sim/bench/simulate.ts [events] [jobs...]
 * Prints events/s (wall) and CPU time (user + system, all threads) per event, with the machine
 * and its load. Default 50 000 events: worker threads need ~0.7 s to start, which a shorter run
 * does not amortise.
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getSetup } from '@na64/format';
import { RunSimulator } from '@na64/sim';
import { simulateToFile } from '@na64/sim/node';

const events = Number(process.argv[2] ?? 50000);
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const jobsList = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, 2];
const setup = getSetup('invis-2018');
const dir = mkdtempSync(join(tmpdir(), 'na64-sim-bench-'));

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} logical cores, node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

// 1) Simulation + digitization + encoding in memory, one thread (no file).
{
  const sim = new RunSimulator({ setup, run: 3855, events, seed: 1 });
  sim.simulateBlock(0, Math.min(2000, events)); // warm-up
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (let first = 0; first < events; first += 1000) {
    const b = sim.simulateBlock(first, Math.min(1000, events - first));
    bytes += b.bytes.length;
    sim.recycle(b); // as simulateToFile does once a block is written
  }
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(c0));
  console.log(`in memory, 1 thread: ${events} events, ${(bytes / events).toFixed(0)} bytes/event, ${(events / s).toFixed(0)} events/s wall, ${((cpu / events) * 1e6).toFixed(1)} us CPU/event`);
}

// 2) The full path to a file (raw + truth sidecar), with 1..n jobs.
for (const jobs of jobsList) {
  const out = join(dir, `bench-${jobs}.dat`);
  const c0 = process.cpuUsage();
  const r = await simulateToFile({ setup, run: 3855, events, seed: 1, out, jobs, blockEvents: 1000 });
  const cpu = cpuSeconds(process.cpuUsage(c0));
  const rate = r.events / r.seconds;
  console.log(
    `to file, --jobs ${jobs}: ${r.events} events in ${r.seconds.toFixed(2)} s = ${rate.toFixed(0)} events/s (${(rate / jobs).toFixed(0)} per job), ` +
      `${(r.bytes / 1e6).toFixed(1)} MB raw, ${r.truthRows} truth rows, ${r.workerEvents} events by workers; process CPU (all threads) ${((cpu / events) * 1e6).toFixed(1)} us/event`,
  );
}
rmSync(dir, { recursive: true, force: true });
