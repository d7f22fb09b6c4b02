// Worker thread of `na64 convert --jobs N`: converts the runs the main thread sends, one at a time.
import { parentPort } from 'node:worker_threads';
import { loadSetup } from '@na64/format/node';
import { convertRun } from './run-converter.ts';
import { reconstructStep } from './reconstruct-step.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

const port = parentPort!;
const controller = new AbortController();
// Started once, awaited by the first run (the module is required by the worker: no top-level await).
const reconstruct = reconstructStep();

port.on('message', async (message: WorkerRequest) => {
  if (message.type === 'abort') {
    controller.abort();
    return;
  }
  const { id, files, datasetDir, setup, command, strict } = message;
  try {
    const report = await convertRun(files, {
      datasetDir,
      setup: loadSetup(setup),
      command,
      strict,
      reconstruct: await reconstruct,
      signal: controller.signal,
      onProgress: (bytes) => port.postMessage({ type: 'progress', id, bytes } satisfies WorkerReply),
    });
    port.postMessage({ type: 'done', id, report } satisfies WorkerReply);
  } catch (error) {
    const e = error as Error;
    port.postMessage({ type: 'error', id, name: e.name, message: e.message, stack: e.stack } satisfies WorkerReply);
  }
});
