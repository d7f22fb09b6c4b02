/**
 * Fast-simulator throughput: 100 GeV electrons in invis-2018 with full digitization, raw
 * encoding and writing, with each truth level (all, slim, none), in this thread and with worker
 * threads (--jobs n: this thread and n - 1 workers, which join when they have started).
 *   npx tsx packages/sim/bench/simulate.ts [events] [jobs...]
 * The file cases report the whole run (start-up included) and the rate after the first 20% of
 * the events (JIT and WebAssembly tiers warmed up).
 * Each case runs in a fresh process, as `na64 simulate` does: a run pays for its own JIT and
 * WebAssembly warm-up and for touching fresh memory (a process that had simulated before runs
 * 20-30% faster). Prints events/s (wall) and CPU time (user + system, all threads) per event,
 * with the machine and its load. Default 50 000 events: worker threads need ~0.6 s to start,
 * which a shorter run does not amortise.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getSetup } from '@na64/format';
import { RunSimulator, TRUTH_LEVELS, type TruthLevel } from '@na64/sim';
import { simulateToFile } from '@na64/sim/node';

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const setup = getSetup('invis-2018');

/** Simulation + digitization + encoding in memory, one thread, after 2 000 warm-up events. */
function inMemory(events: number): string {
  const sim = new RunSimulator({ setup, run: 3855, events, seed: 1 });
  sim.simulateBlock(0, Math.min(2000, events));
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
  return `in memory, 1 thread (warm): ${events} events, ${(bytes / events).toFixed(0)} bytes/event, ${(events / s).toFixed(0)} events/s wall, ${((cpu / events) * 1e6).toFixed(1)} us CPU/event`;
}

/** The full path to a file (raw + truth sidecar at the given level), in a fresh process. */
async function toFile(events: number, jobs: number, truth: TruthLevel): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'na64-sim-bench-'));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let warm: { done: number; t: number } | undefined;
    const onProgress = (done: number) => {
      if (!warm && done >= 0.2 * events) warm = { done, t: performance.now() };
    };
    const r = await simulateToFile({ setup, run: 3855, events, seed: 1, out: join(dir, 'bench.dat'), jobs, truth, blockEvents: 1000, onProgress });
    const cpu = cpuSeconds(process.cpuUsage(c0));
    const rate = r.events / r.seconds;
    const warmRate = warm ? (events - warm.done) / ((t0 + r.seconds * 1000 - warm.t) / 1000) : NaN;
    return (
      `to file, --jobs ${jobs}, truth ${truth.padEnd(4)}: ${r.events} events in ${r.seconds.toFixed(2)} s = ${rate.toFixed(0)} events/s (${(rate / jobs).toFixed(0)} per job); ` +
      `after the first 20%: ${warmRate.toFixed(0)} events/s (${(warmRate / jobs).toFixed(0)} per job); ` +
      `${(r.bytes / 1e6).toFixed(1)} MB raw, ${r.truthRows} truth rows, ${r.workerEvents} events by workers; process CPU (all threads) ${((cpu / events) * 1e6).toFixed(1)} us/event`
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [caseName, caseArg] = process.argv[2] === '--case' ? [process.argv[3], process.argv.slice(4)] : [undefined, []];
if (caseName === 'memory') console.log(inMemory(Number(caseArg[0])));
else if (caseName === 'file') console.log(await toFile(Number(caseArg[0]), Number(caseArg[1]), caseArg[2] as TruthLevel));
else {
  const events = Number(process.argv[2] ?? 50000);
  const jobsList = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, 2];
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} logical cores, node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const self = fileURLToPath(import.meta.url);
  const run = (...args: string[]) => process.stdout.write(execFileSync(process.execPath, [...process.execArgv, self, '--case', ...args], { encoding: 'utf8' }));
  run('memory', String(events));
  for (const jobs of jobsList) for (const truth of TRUTH_LEVELS) run('file', String(events), String(jobs), truth);
}
