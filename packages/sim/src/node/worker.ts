// Worker thread of simulateToFile: simulates and encodes the event blocks it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { parseSetup } from '@na64/format';
import { RunSimulator } from '../sim/run.ts';
import { blockMessage } from './simulate-file.ts';
import type { WorkerInit } from './simulate-file.ts';

const init = workerData as WorkerInit;
let sim: RunSimulator | undefined;
let error: string | undefined;
try {
  sim = new RunSimulator({ ...init.options, seed: BigInt(init.options.seed), setup: parseSetup(init.setup, init.setup.id) });
} catch (e) {
  error = (e as Error).message;
}

parentPort!.on('message', (m: { first: number; count: number }) => {
  if (!sim) {
    parentPort!.postMessage({ error: error ?? 'worker failed to start' });
    return;
  }
  try {
    const msg = blockMessage(sim.simulateBlock(m.first, m.count));
    const transfer = [msg.bytes.buffer, msg.offsets.buffer, msg.weights.buffer, msg.flags.buffer, ...msg.truth.int.map((a) => a.buffer), ...msg.truth.f32.map((a) => a.buffer), msg.truth.weight.buffer];
    parentPort!.postMessage(msg, transfer as ArrayBuffer[]);
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
  }
});
