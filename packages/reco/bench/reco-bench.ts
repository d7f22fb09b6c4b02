/**
 * Reconstruction throughput for ECAL+HCAL-only events (the converter's common case): 100 GeV
 * shower-like deposits (34 ECAL cells in preshower + main, 4 HCAL cells), digitized with noise,
 * reconstructed in bundles of 5000 events. Prints events/s and digits/s.
 * Run: npx tsx packages/reco/bench/reco-bench.ts
 */
import { cpus } from 'node:os';
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

function once(): number {
  const t0 = performance.now();
  const out = reconstructBundle({ setup, run: RUN, events: batch, digits });
  const dt = performance.now() - t0;
  if (out.hits.run.length < N * 30) throw new Error('unexpected hit count');
  return dt;
}
for (let i = 0; i < 3; i++) once(); // warm-up
const times: number[] = [];
for (let i = 0; i < 10; i++) times.push(once());
times.sort((a, b) => a - b);
const median = times[times.length >> 1];
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, node ${process.version}`);
console.log(`${N} events, ${nDigits} digits (${(nDigits / N).toFixed(1)} per event) per bundle`);
console.log(`median ${median.toFixed(1)} ms per bundle: ${((N / median) * 1000).toFixed(0)} events/s, ${((nDigits / median) * 1000 / 1e6).toFixed(2)} M digits/s`);
