/**
 * Reconstruction throughput for ECAL+HCAL-only events (the converter's common case): 100 GeV
 * shower-like deposits (34 ECAL cells in preshower + main, 4 HCAL cells), digitized with noise,
 * reconstructed in bundles of 5000 events. Prints events/s from wall time and from the process's
 * CPU time (the latter is the per-core rate on a machine shared with other work; under heavy
 * load even CPU time scatters by 2x between bundles, so the fastest bundle and the first quartile
 * are printed next to the median).
 * Run: npx tsx packages/reco/bench/reco-bench.ts
 */
import { cpus, loadavg } from 'node:os';
import { getSetup, type BatchOf } from '@na64/format';
import { reconstructBundle } from '@na64/reco';
import { TestRng, digitize, eventsBatch, type EventDeposits } from '../test/helpers/digitize.ts';
import { ecalShower } from '../test/helpers/tracks.ts';

const setup = getSetup('invis-2018');
const RUN = 3600;
const N = 5000;
const rng = new TestRng(7);
const events: EventDeposits[] = [];
for (let i = 0; i < N; i++) {
  const cells = [
    ...ecalShower(0.85 * (0.95 + 0.1 * rng.uniform())),
    ...[0, 1, 2, 3].map((m) => ({ element: 'HCAL', ix: 1, iy: 1, section: m, energy: 0.3 * rng.uniform() + 0.5 })),
  ];
  events.push({ spill: 1 + Math.floor(i / 1000), event: i % 1000, cells });
}
const digits: BatchOf<'digits'> = digitize(setup, RUN, events, rng);
const batch = eventsBatch(RUN, events);
const nDigits = digits.run.length;

/** Wall time and CPU time (user + system of this process, ms) of one bundle. */
function once(): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = reconstructBundle({ setup, run: RUN, events: batch, digits });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (out.hits.run.length < N * 30) throw new Error('unexpected hit count');
  return { wall, cpu: (c.user + c.system) / 1000 };
}
for (let i = 0; i < 3; i++) once(); // warm-up
const runs: { wall: number; cpu: number }[] = [];
for (let i = 0; i < 30; i++) runs.push(once());
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
const wallTimes = sorted(runs.map((r) => r.wall));
const cpuTimes = sorted(runs.map((r) => r.cpu));
const median = wallTimes[wallTimes.length >> 1];
const cpu = cpuTimes[cpuTimes.length >> 1];
const rate = (ms: number) => ((N / ms) * 1000).toFixed(0);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, node ${process.version}`);
console.log(`${N} events, ${nDigits} digits (${(nDigits / N).toFixed(1)} per event) per bundle`);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
console.log(`wall: median ${median.toFixed(1)} ms per bundle: ${((N / median) * 1000).toFixed(0)} events/s, ${((nDigits / median) * 1000 / 1e6).toFixed(2)} M digits/s`);
console.log(`cpu:  median ${cpu.toFixed(1)} ms per bundle: ${rate(cpu)} events/s per core (process CPU time, incl. GC)`);
console.log(`cpu:  fastest ${cpuTimes[0].toFixed(1)} ms: ${rate(cpuTimes[0])} events/s, first quartile ${cpuTimes[cpuTimes.length >> 2].toFixed(1)} ms: ${rate(cpuTimes[cpuTimes.length >> 2])} events/s per core`);
