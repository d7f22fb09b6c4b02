// Worker thread of simulateToFile: simulates and encodes the event blocks it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { RunSimulator } from '../sim/run.ts';
import { TruthColumns } from '../sim/truth.ts';
import { blockMessage, transferList } from './block-message.ts';
import type { RecycleMessage } from './block-message.ts';
import type { WorkerInit } from './worker-pool.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
let sim: RunSimulator | undefined;
try {
  sim = new RunSimulator({ ...init.options, seed: BigInt(init.options.seed), setup: init.setup });
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ error: (e as Error).message });
}

port.on('message', (m: { first: number; count: number } | RecycleMessage) => {
  if (!sim) return;
  if ('recycle' in m) {
    sim.recycle({ bytes: m.recycle.bytes, truth: TruthColumns.reusing(m.recycle.truth) });
    return;
  }
  try {
    const msg = blockMessage(sim.simulateBlock(m.first, m.count));
    port.postMessage(msg, transferList(msg));
  } catch (e) {
    port.postMessage({ error: (e as Error).stack ?? String(e) });
  }
});
