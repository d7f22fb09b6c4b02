// Child process used by the concurrency test: writes one sample run into a dataset.
import { rowsToBatch } from '@na64/format';
import { RunWriter } from '@na64/format/node';
import { bundlesOf, sampleRun } from './sample-data.ts';

const [dir, runText, mode] = process.argv.slice(2);
const run = Number(runText);
const data = sampleRun(run, 2, 40);
const w = await RunWriter.open(dir, run, { setupId: 'invis-2018', command: `write-run-process ${run}`, rowsPerPart: 30 });
await w.appendSpills(rowsToBatch('spills', data.spills));
const bundles = bundlesOf(data, 8);
for (const [i, b] of bundles.entries()) {
  await w.appendEvents(b);
  if (mode === 'die-midway' && i === 3) process.exit(9); // killed before close: no manifest, no visible parts
}
await w.close();
