import { Worker } from 'node:worker_threads';
import { FormatError } from '@na64/format';
import type { RunReport } from './run-converter.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

export interface RunJob {
  files: string[];
}

/** The worker next to this file: its TypeScript source in the workspace, compiled JavaScript when published. */
function workerUrl(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './convert-worker.ts' : './convert-worker.js', self);
}

/**
 * Code that starts a worker: compiled builds import the worker module directly; in the workspace
 * the TypeScript source is loaded through tsx, registered inside the worker (loader hooks of the
 * main thread do not reach worker threads).
 */
function workerBootstrap(): string {
  const url = JSON.stringify(workerUrl().href);
  if (!import.meta.url.endsWith('.ts')) return `import(${url})`;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${tsx}).then((m) => { m.register(); return import(${url}); })`;
}

/**
 * Converts runs in `jobs` worker threads, each run in one thread (a run's output is the same as
 * in a single thread). Errors of a run are rethrown in the main thread with their message.
 */
export async function convertInWorkers(
  runs: RunJob[],
  jobs: number,
  common: { datasetDir: string; setup: string; command: string; strict: boolean },
  onProgress: (index: number, bytes: number) => void,
  signal: AbortSignal,
): Promise<RunReport[]> {
  const reports: RunReport[] = new Array(runs.length);
  const queue = runs.map((r, i) => ({ ...r, id: i }));
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, runs.length)) }, () =>
    new Worker(workerBootstrap(), { eval: true }),
  );
  const onAbort = () => workers.forEach((w) => w.postMessage({ type: 'abort' } satisfies WorkerRequest));
  signal.addEventListener('abort', onAbort);
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = queue.shift();
              if (!job) return resolve();
              worker.postMessage({ type: 'convert', id: job.id, files: job.files, ...common } satisfies WorkerRequest);
            };
            worker.on('message', (reply: WorkerReply) => {
              if (reply.type === 'progress') onProgress(reply.id, reply.bytes);
              else if (reply.type === 'done') {
                reports[reply.id] = reply.report;
                next();
              } else {
                const e = reply.name === 'FormatError' || reply.name === 'StrictModeError' ? new FormatError(reply.message) : new Error(reply.message);
                if (!(e instanceof FormatError)) e.stack = reply.stack;
                reject(e);
              }
            });
            worker.on('error', reject);
            next();
          }),
      ),
    );
    return reports;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
